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

    /// Payment card numbers: 13–19 digits, Luhn check.
    static func luhnCard(_ span: UnsafeRawBufferPointer) -> Bool {
        guard span.allSatisfy({ isDigit($0) || $0 == 0x20 || $0 == UInt8(ascii: "-") }) else { return false }
        let digits = span.filter(isDigit).map { Int($0 - 0x30) }
        guard (13...19).contains(digits.count), Set(digits).count > 1 else { return false }
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

    static let base58 = Set("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    static let bech32 = Set("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    /// Bitcoin addresses by structure: legacy/P2SH base58 (26–35 characters)
    /// or bech32 `bc1` (42 or 62). Checksums are not verified yet.
    static func bitcoin(_ span: UnsafeRawBufferPointer) -> Bool {
        guard let first = span.first else { return false }
        if first == UInt8(ascii: "1") || first == UInt8(ascii: "3") {
            return (26...35).contains(span.count) && span.allSatisfy(base58.contains)
        }
        let lower = span.map { isLetter($0) ? $0 | 0x20 : $0 }
        guard lower.starts(with: Array("bc1".utf8)), span.count == 42 || span.count == 62 else { return false }
        return lower[3...].allSatisfy(bech32.contains)
    }

    /// Ethereum-style addresses: `0x` and 40 hex digits (EIP-55 case check to come).
    static func ethereum(_ span: UnsafeRawBufferPointer) -> Bool {
        guard span.count == 42, span[0] == UInt8(ascii: "0"), span[1] | 0x20 == UInt8(ascii: "x") else { return false }
        return span[2...].allSatisfy { isDigit($0) || ($0 | 0x20) &- 0x61 < 6 }
    }

    /// TRON addresses: `T` and 33 base58 characters.
    static func tron(_ span: UnsafeRawBufferPointer) -> Bool {
        span.count == 34 && span[0] == UInt8(ascii: "T") && span.allSatisfy(base58.contains)
    }
}

/// Links offered as a way to talk outside; the platform's own pages and
/// ordinary work hosts (code, design) are not contact details.
enum URLValidator {
    static let ignoredHosts = ["upwork.com", "fiverr.com", "freelancer.com", "github.com", "gitlab.com", "bitbucket.org",
                               "stackoverflow.com", "figma.com", "example.com", "example.org", "example.net"]

    static func accepts(_ span: UnsafeRawBufferPointer) -> Bool {
        var text = Substring(String(decoding: span, as: UTF8.self).lowercased())
        if let scheme = text.range(of: "://") { text = text[scheme.upperBound...] }
        if text.hasPrefix("www.") { text = text.dropFirst(4) }
        let host = text.prefix { $0 != "/" && $0 != ":" && $0 != "?" && $0 != "#" }
        guard host.contains(".") else { return false }
        return !ignoredHosts.contains { host == $0 || host.hasSuffix("." + $0) }
    }
}
