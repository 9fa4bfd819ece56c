import Testing
@testable import OffsideCore

/// The table must answer exactly as a dictionary of its words would; its
/// prefix-and-length filter may only turn away words it does not hold.
@Suite struct ShortWordTableTests {
    static let words: [(String, Int8)] = [
        ("o", 1), ("oh", 2), ("at", 3), ("dot", 4), ("one", 5), ("once", 6), ("punto", 7), ("quarante", 8),
        ("apenstaartje", 9), ("dieciseis", 10), ("abcdefghijklmnopqrstuvwx", 11),  // the longest a table holds
    ]

    static func lookUp(_ table: ShortWordTable, _ word: String, leet: Bool = false) -> Int8 {
        let bytes = Array(word.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> Int8 in
            guard let base = buffer.baseAddress, !bytes.isEmpty else { return -1 }
            return leet ? table.valueReadingLeet(base, count: bytes.count) : table.value(base, count: bytes.count)
        }
    }

    @Test func findsEveryWordAndItsLeetSpelling() {
        let table = ShortWordTable(Self.words)
        for (word, value) in Self.words {
            #expect(Self.lookUp(table, word) == value, "\(word)")
            #expect(Self.lookUp(table, word, leet: true) == value, "\(word)")
        }
        #expect(Self.lookUp(table, "d0t", leet: true) == 4)
        #expect(Self.lookUp(table, "@t", leet: false) == -1)  // a leading @ is not a letter
        #expect(Self.lookUp(table, "0n3", leet: true) == -1)  // nor a leading digit
        #expect(Self.lookUp(table, "d0t") == -1)              // only when reading leet
    }

    @Test func turnsAwayWordsItDoesNotHold() {
        let table = ShortWordTable(Self.words)
        // Same first two bytes but another length, another length's prefix,
        // and bytes that agree with a word in their low five bits only.
        for word in ["on", "onc", "onces", "do", "dots", "a", "ats", "punt", "puntos", "q", "Dot", "DOT", "d/t", "at\u{1}", "zz",
                     "abcdefghijklmnopqrstuvw", "the", "project", "payment"] {
            #expect(Self.lookUp(table, word) == -1, "\(word)")
            #expect(Self.lookUp(table, word, leet: true) == -1, "\(word)")
        }
    }

    @Test func agreesWithADictionaryOnRandomWords() {
        let table = ShortWordTable(Self.words)
        let reference = Dictionary(uniqueKeysWithValues: Self.words)
        var generator = SplitMix64(seed: 21)
        let alphabet = Array("adehnotucqp0@3!AOD".utf8)
        for _ in 0..<20_000 {
            let count = Int(generator.next() % 6) + 1
            let word = String(decoding: (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }, as: UTF8.self)
            #expect(Self.lookUp(table, word) == reference[word] ?? -1, "\(word)")
        }
    }
}
