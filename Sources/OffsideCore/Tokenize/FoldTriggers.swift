/// Which obfuscation folds may apply to a message, found in one pass over
/// it instead of four: each fold's `mayApply` walks the whole message, and
/// together they were an eighth of a scan's CPU. Each flag is exactly that
/// fold's `mayApply` (a test checks them against each other on random text).
///
/// Threading: a value; computing it reads the region only.
struct FoldTriggers: Equatable {
    var spelledDigits = false
    var spacedCharacters = false
    var atDotWords = false
    var leet = false

    var any: Bool { spelledDigits || spacedCharacters || atDotWords || leet }

    init(spelledDigits: Bool = false, spacedCharacters: Bool = false, atDotWords: Bool = false, leet: Bool = false) {
        self.spelledDigits = spelledDigits
        self.spacedCharacters = spacedCharacters
        self.atDotWords = atDotWords
        self.leet = leet
    }

    init(_ region: FoldRegion) {
        let n = region.count
        // Read once per message, not once per word (each is a lazy global).
        let classTable = ByteClass.table
        let spelledWords = SpelledDigitFolder.words, atDotTable = AtDotWordFolder.words
        var spelled = 0
        // Words start at a lowercase letter and run over word bytes; a
        // letter inside one does not start another (as in the folds).
        var wordEnd = 0
        var previous: UInt8 = 0  // the class of the byte before i
        classTable.withUnsafeBufferPointer { classes in
            var i = 0
            while i < n {
                let c = region[i]
                let current = classes[Int(c)]
                // After a word of lowercase letters only, nothing below can
                // fire at its other bytes (no leet byte, no digit beside a
                // look-alike, no word start), so the loop jumps past it.
                var next = i + 1
                if current & (ByteClass.lower | ByteClass.cyrillicLead) != 0 && i >= wordEnd {
                    var allLower = true
                    wordEnd = i + 1
                    while wordEnd < n {
                        let byte = region[wordEnd]
                        if !FoldBytes.isWord(byte) { break }
                        allLower = allLower && FoldBytes.isLower(byte)
                        wordEnd += 1
                    }
                    if allLower { next = wordEnd }
                    if !spelledDigits {
                        let value = spelledWords.value(region.bytes + i, count: wordEnd - i)
                        if value >= 0 && value != SpelledDigitFolder.weakZero {
                            spelled += 1
                            spelledDigits = spelled >= SpelledDigitFolder.minimumSpelled
                        }
                    }
                    if !self.atDotWords && previous & ByteClass.word == 0 && current & ByteClass.lower != 0 {
                        self.atDotWords = atDotTable.valueReadingLeet(region.bytes + i, count: wordEnd - i) > 0
                    }
                } else if !self.atDotWords && current & ByteClass.atDotMark != 0 {
                    // `(`, `[`, `{`, `<`, `@`, `/` beside a space, or `.` after one.
                    self.atDotWords = (c != UInt8(ascii: "/") && c != UInt8(ascii: ".")) || (i > 0 && region[i - 1] == 0x20)
                        || (c == UInt8(ascii: "/") && i + 1 < n && region[i + 1] == 0x20)
                }
                if !leet && i >= 1 && i + 1 < n && current & (ByteClass.leetLetter | ByteClass.digitLookalike) != 0 {
                    leet = (current & ByteClass.leetLetter != 0 && previous & ByteClass.lower != 0)
                        || (current & ByteClass.digitLookalike != 0 && (previous & ByteClass.digit != 0 || isDigit(region[i + 1])))
                }
                if !spacedCharacters && current & ByteClass.singleCandidate != 0 && previous & ByteClass.word == 0
                    && SpacedCharacterJoiner.isSingle(region, at: i) {
                    spacedCharacters = SpacedCharacterJoiner.runLength(region, from: i).singles >= SpacedCharacterJoiner.minimumRun
                }
                if spelledDigits && spacedCharacters && self.atDotWords && leet { break }
                previous = next == i + 1 ? current : classes[Int(region[next - 1])]
                i = next
            }
        }
    }

    /// What the triggers ask of a byte, one table load per byte.
    enum ByteClass {
        static let lower: UInt8 = 1
        static let word: UInt8 = 2          // FoldBytes.isWord
        static let digit: UInt8 = 4
        static let leetLetter: UInt8 = 8    // FoldBytes.leetLetter != 0
        static let digitLookalike: UInt8 = 16
        static let atDotMark: UInt8 = 32
        static let singleCandidate: UInt8 = 64  // alphanumeric, `@`, or the lead byte of a two-byte letter
        static let cyrillicLead: UInt8 = 128    // starts a spelled number word too (`вocemь`)

        static let table: [UInt8] = (0..<256).map { value in
            let c = UInt8(value)
            var bits: UInt8 = 0
            if FoldBytes.isLower(c) { bits |= lower }
            if FoldBytes.isWord(c) { bits |= word }
            if isDigit(c) { bits |= digit }
            if FoldBytes.leetLetter(c) != 0 { bits |= leetLetter }
            if LeetFolder.isDigitLookalike(c) { bits |= digitLookalike }
            if "([{<@/.".utf8.contains(c) { bits |= atDotMark }
            if isAlnum(c) || c == UInt8(ascii: "@") || SpacedCharacterJoiner.mayLeadTwoByteLetter(c) { bits |= singleCandidate }
            if SpelledDigitFolder.isCyrillicLead(c) { bits |= cyrillicLead }
            return bits
        }
    }
}
