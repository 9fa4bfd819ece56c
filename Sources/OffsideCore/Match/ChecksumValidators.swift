/// Account and wallet numbers confirmed by their own structure or checksum.
///
/// Threading: stateless; safe from any thread.
enum ChecksumValidators {
    /// IBAN: country letters, check digits, mod-97 == 1 (ISO 13616).
    static func iban(_ span: UnsafeRawBufferPointer) -> Bool {
        let chars = span.filter { $0 != 0x20 && $0 != UInt8(ascii: "-") }.map { $0 | (isLetter($0) ? 0x20 : 0) }
        guard (15...34).contains(chars.count), isLetter(chars[0]), isLetter(chars[1]), isDigit(chars[2]), isDigit(chars[3]),
              chars.allSatisfy(isAlnum) else { return false }
        let rearranged = chars[4...] + chars[..<4]
        var remainder = 0
        for c in rearranged {
            if isDigit(c) {
                remainder = (remainder * 10 + Int(c - 0x30)) % 97
            } else {
                let value = Int(c - 0x61) + 10
                remainder = (remainder * 100 + value) % 97
            }
        }
        return remainder == 1
    }

    /// Payment card numbers: a known network's prefix and length, Luhn check.
    static func luhnCard(_ span: UnsafeRawBufferPointer) -> Bool {
        guard span.allSatisfy({ isDigit($0) || $0 == 0x20 || $0 == UInt8(ascii: "-") }) else { return false }
        let digits = span.filter(isDigit).map { Int($0 - 0x30) }
        guard (12...19).contains(digits.count), Set(digits).count > 1, isCardNetwork(digits) else { return false }
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            if i % 2 == 1 {
                let doubled = d * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += d
            }
        }
        return sum % 10 == 0
    }

    /// Issuer prefixes and lengths of the networks in use (ISO/IEC 7812 IIN
    /// ranges as published by the networks): Visa, Mastercard, Amex,
    /// Discover, JCB, Diners, UnionPay, Maestro, Mir.
    static func isCardNetwork(_ digits: [Int]) -> Bool {
        func prefix(_ n: Int) -> Int { digits.prefix(n).reduce(0) { $0 * 10 + $1 } }
        let length = digits.count
        switch (prefix(1), prefix(2), prefix(3), prefix(4)) {
        case (4, _, _, _): return [13, 16, 19].contains(length)
        case (_, 51...55, _, _), (_, _, _, 2221...2720): return length == 16
        case (_, 34, _, _), (_, 37, _, _): return length == 15
        case (_, _, _, 6011), (_, 65, _, _), (_, _, 644...649, _): return (16...19).contains(length)
        case (_, _, _, 3528...3589): return (16...19).contains(length)
        case (_, 36, _, _), (_, 38, _, _), (_, _, 300...305, _): return (14...19).contains(length)
        case (_, 62, _, _): return (16...19).contains(length)
        case (_, _, _, 2200...2204): return (16...19).contains(length)
        case (_, 50, _, _), (_, 56...69, _, _): return (12...19).contains(length)
        default: return false
        }
    }
}
