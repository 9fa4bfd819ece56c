/// The per-scalar fold of the normaliser as a two-level lookup table, built
/// once from the generated `UnicodeFoldTable` (NFKD, accents dropped, case
/// folded, TR39 confusables to ASCII, ignorables dropped, spaces unified).
///
/// Threading: immutable after its one-time construction; shared by all workers.
public final class ScalarFoldTable: Sendable {
    public static let shared = ScalarFoldTable(entries: UnicodeFoldTable.entries)

    /// Result of looking a scalar up.
    public enum Fold: Equatable {
        case keep
        case drop
        /// `count` bytes at `offset` in `replacements`.
        case replace(offset: Int, count: Int)
    }

    private static let keepCode: UInt32 = .max
    /// Block number (scalar >> 8) → index of its 256-entry slice in `codes`;
    /// block 0 of `codes` is all `keep`.
    private let blockOf: [UInt16]
    /// Per scalar: `keepCode`, or replacement offset << 4 | length (0 = drop).
    private let codes: [UInt32]
    public let replacements: [UInt8]

    init(entries: String) {
        var blockOf = [UInt16](repeating: 0, count: 0x110000 >> 8)
        var codes = [UInt32](repeating: Self.keepCode, count: 256)
        var replacements: [UInt8] = []
        var parsed = 0
        for entry in entries.utf8.split(whereSeparator: { $0 == UInt8(ascii: ";") || $0 == 0x0A }) {
            guard let colon = entry.firstIndex(of: UInt8(ascii: ":")),
                  let scalar = Int(String(decoding: entry[..<colon], as: UTF8.self), radix: 16) else { continue }
            let hex = Array(entry[entry.index(after: colon)...])
            let block = scalar >> 8
            if blockOf[block] == 0 {
                blockOf[block] = UInt16(codes.count / 256)
                codes.append(contentsOf: repeatElement(Self.keepCode, count: 256))
            }
            let offset = replacements.count
            var k = 0
            while k + 1 < hex.count {
                replacements.append(Self.nibble(hex[k]) << 4 | Self.nibble(hex[k + 1]))
                k += 2
            }
            codes[Int(blockOf[block]) * 256 + (scalar & 0xFF)] = UInt32(offset) << 4 | UInt32(hex.count / 2)
            parsed += 1
        }
        precondition(parsed == UnicodeFoldTable.entryCount || entries != UnicodeFoldTable.entries,
                     "UnicodeFoldTable: parsed \(parsed) of \(UnicodeFoldTable.entryCount) entries")
        self.blockOf = blockOf
        self.codes = codes
        self.replacements = replacements
    }

    @inline(__always)
    public func fold(_ scalar: UInt32) -> Fold {
        guard scalar < 0x110000 else { return .keep }
        let code = codes[Int(blockOf[Int(scalar >> 8)]) &* 256 &+ Int(scalar & 0xFF)]
        if code == Self.keepCode { return .keep }
        let count = Int(code & 0xF)
        return count == 0 ? .drop : .replace(offset: Int(code >> 4), count: count)
    }

    /// What the normaliser may turn `scalar` into when it is written in
    /// either case: the distinct folds of the scalar and of its upper and
    /// lower case forms (an empty array element when one is dropped). The
    /// folds differ where a confusable is mapped before case folding:
    /// Cyrillic `н` stays `н` but `Н` imitates Latin `H`, so a pattern
    /// written `нет` must also meet `Нет` (see `RulePattern`).
    public func folds(ofEitherCase scalar: Unicode.Scalar) -> [[UInt8]] {
        var variants = [scalar]
        for form in [String(scalar).uppercased(), String(scalar).lowercased()] {
            if form.unicodeScalars.count == 1, let other = form.unicodeScalars.first, !variants.contains(other) {
                variants.append(other)
            }
        }
        var folds: [[UInt8]] = []
        for variant in variants {
            let bytes: [UInt8]
            switch fold(variant.value) {
            case .keep: bytes = Array(String(variant).utf8)
            case .drop: bytes = []
            case .replace(let offset, let count): bytes = Array(replacements[offset..<(offset + count)])
            }
            // ASCII letters match in either case (the engine is caseless).
            let key = bytes.map { $0 < 0x80 ? $0 | (($0 >= 0x41 && $0 <= 0x5A) ? 0x20 : 0) : $0 }
            if !folds.contains(key) { folds.append(key) }
        }
        return folds
    }

    /// `text` folded scalar by scalar, as the normaliser's first step leaves
    /// it (no obfuscation folds): for word tables that the folds themselves
    /// read, which must meet the text in its folded form.
    public func fold(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let c = UInt8(scalar.value)
                out.append(c &- 0x41 < 26 ? c | 0x20 : c)
                continue
            }
            switch fold(scalar.value) {
            case .keep: out += Array(String(scalar).utf8)
            case .drop: break
            case .replace(let offset, let count): out += replacements[offset..<(offset + count)]
            }
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8 {
        c <= UInt8(ascii: "9") ? c &- 0x30 : (c | 0x20) &- 0x61 &+ 10
    }
}
