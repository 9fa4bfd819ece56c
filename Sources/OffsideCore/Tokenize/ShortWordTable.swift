/// A fixed set of short lower-case ASCII words (up to 24 bytes) with a small
/// value each, looked up by packing the word into three `UInt64`s: an
/// open-addressing table, so a lookup on the per-word hot path is a multiply,
/// a mask and one or two compares, with no hashing of Strings.
///
/// Threading: immutable after init; shared by all workers.
struct ShortWordTable: Sendable {
    /// One slot: the word packed into three words, and its value. One array
    /// of slots, so that reading a table held in a global retains one buffer.
    private struct Slot {
        var key: UInt64 = 0   // the first 8 bytes; 0 marks an empty slot
        var high: UInt64 = 0  // bytes 9 to 16
        var top: UInt64 = 0   // bytes 17 to 24
        var value: Int8 = -1
    }
    private let slots: [Slot]
    private let mask: Int
    /// Per first two bytes (5 low bits each), a bit per word length present:
    /// most words of a chat start with a pair or have a length no entry has,
    /// and are turned away here before they are packed and probed.
    private let lengthsByPrefix: [UInt32]

    init(_ words: [(String, Int8)]) {
        var size = 16
        while size < words.count * 4 { size *= 2 }
        var slots = [Slot](repeating: Slot(), count: size)
        var lengthsByPrefix = [UInt32](repeating: 0, count: 1 << 10)
        for (word, value) in words {
            let bytes = Array(word.utf8)
            precondition(!bytes.isEmpty && bytes.count <= Self.maximumLength, "ShortWordTable: \(word)")
            lengthsByPrefix[Self.prefix(bytes[0], bytes.count > 1 ? bytes[1] : 0)] |= 1 << UInt32(bytes.count)
            let (key, high, top) = bytes.withUnsafeBufferPointer { Self.pack($0.baseAddress!, count: $0.count) }
            var index = Self.slot(key, high, mask: size - 1)
            while slots[index].key != 0 && (slots[index].key != key || slots[index].high != high || slots[index].top != top) {
                index = (index + 1) & (size - 1)
            }
            slots[index] = Slot(key: key, high: high, top: top, value: value)
        }
        self.slots = slots
        self.mask = size - 1
        self.lengthsByPrefix = lengthsByPrefix
    }

    /// Whether a word of `count` bytes starting with `first`, `second` may
    /// be in the table (`second` is 0 for a one-byte word).
    @inline(__always)
    private func mayHold(_ first: UInt8, _ second: UInt8, count: Int) -> Bool {
        lengthsByPrefix.withUnsafeBufferPointer { $0[Self.prefix(first, second)] } & (1 << UInt32(count)) != 0
    }

    @inline(__always)
    private static func prefix(_ first: UInt8, _ second: UInt8) -> Int {
        Int(first & 31) << 5 | Int(second & 31)
    }

    /// The word's value, or -1 when it is not in the table.
    @inline(__always)
    func value(_ word: UnsafePointer<UInt8>, count: Int) -> Int8 {
        guard count > 0 && count <= Self.maximumLength,
              mayHold(word[0], count > 1 ? word[1] : 0, count: count) else { return -1 }
        let (key, high, top) = Self.pack(word, count: count)
        return slots.withUnsafeBufferPointer { table in
            var index = Self.slot(key, high, mask: mask)
            while true {
                let slot = table[index]
                if slot.key == key && slot.high == high && slot.top == top { return slot.value }
                if slot.key == 0 { return -1 }
                index = (index + 1) & mask
            }
        }
    }

    /// The word's bytes with leet characters read as letters (`d0t` → `dot`).
    @inline(__always)
    func valueReadingLeet(_ word: UnsafePointer<UInt8>, count: Int) -> Int8 {
        guard count > 0 && count <= Self.maximumLength else { return -1 }
        if count > 1 {
            let leet = FoldBytes.leetLetter(word[1])
            guard mayHold(word[0], leet != 0 ? leet : word[1], count: count) else { return -1 }
        }
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &buffer) { raw in
            for i in 0..<count {
                let leet = FoldBytes.leetLetter(word[i])
                raw[i] = leet != 0 && i > 0 ? leet : word[i]
            }
            return value(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
        }
    }

    static let maximumLength = 24

    @inline(__always)
    private static func pack(_ word: UnsafePointer<UInt8>, count: Int) -> (UInt64, UInt64, UInt64) {
        var keys: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &keys) { $0.baseAddress!.copyMemory(from: word, byteCount: count) }
        return (UInt64(littleEndian: keys.0), UInt64(littleEndian: keys.1), UInt64(littleEndian: keys.2))
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ high: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: ((key ^ (high &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }
}
