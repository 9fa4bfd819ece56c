/// Country calling codes and the lengths their national numbers can have
/// (generated from libphonenumber's metadata by `scripts/gen-tables`), so an
/// international number is checked against its own country's plan.
///
/// Threading: immutable after its one-time construction; shared by all workers.
final class CallingCodes: Sendable {
    static let shared = CallingCodes(entries: CallingCodeTable.entries)

    /// Code → bit set of possible national lengths (bit n = length n).
    private let lengths: [Int: UInt32]

    init(entries: String) {
        var lengths: [Int: UInt32] = [:]
        for entry in entries.split(whereSeparator: { $0 == ";" || $0 == "\n" }) {
            let parts = entry.split(separator: ":")
            guard parts.count == 2, let code = Int(parts[0]) else { continue }
            lengths[code] = parts[1].split(separator: ",").compactMap { Int($0) }.reduce(0) { $0 | 1 << UInt32($1) }
        }
        self.lengths = lengths
    }

    /// True if `digits` (after `+` or `00`) are a calling code followed by a
    /// national number of a length that code allows. A trunk `0` written
    /// after the code (`+44 (0)20…`) is tolerated.
    func isValidInternational(_ digits: [UInt8]) -> Bool {
        for codeLength in 1...3 where digits.count > codeLength {
            let code = digits.prefix(codeLength).reduce(0) { $0 * 10 + Int($1 &- 0x30) }
            guard let allowed = lengths[code] else { continue }
            // Calling codes are prefix-free: the first known prefix is the code.
            var national = digits.count - codeLength
            if national < 32 && allowed & (1 << UInt32(national)) != 0 { return true }
            if digits[codeLength] == UInt8(ascii: "0") {
                national -= 1
                return national < 32 && allowed & (1 << UInt32(national)) != 0
            }
            return false
        }
        return false
    }
}
