import Testing
@testable import OffsideCore

/// The one-pass triggers must say exactly what each fold's own `mayApply`
/// says, or a fold would be skipped (a miss) or run for nothing.
@Suite struct FoldTriggersTests {
    static func both(_ text: [UInt8]) -> (FoldTriggers, FoldTriggers) {
        // One byte at least, so that an empty text still has an address.
        var bytes = text.isEmpty ? [0] : text
        var starts = [Int32](repeating: 0, count: max(1, text.count))
        var ends = starts
        return bytes.withUnsafeMutableBufferPointer { b in
            starts.withUnsafeMutableBufferPointer { s in
                ends.withUnsafeMutableBufferPointer { e in
                    let region = FoldRegion(bytes: b.baseAddress!,
                                            starts: s.baseAddress!, ends: e.baseAddress!, count: text.count)
                    let expected = FoldTriggers(spelledDigits: SpelledDigitFolder.mayApply(region),
                                                spacedCharacters: SpacedCharacterJoiner.mayApply(region),
                                                atDotWords: AtDotWordFolder.mayApply(region), leet: LeetFolder.mayApply(region))
                    return (FoldTriggers(region), expected)
                }
            }
        }
    }

    @Test(arguments: [
        "", "a", "hi there", "five five five one two", "call me at five", "j o h n", "4 1 5 - 5 5 5",
        "john (at) gmail (dot) com", "calendly.com / ana", "p4yp4l", "wh@ts@pp", "l0l 1o1", "5five six", "oh one",
        "no one at all", "skype: live:.cid.123", "a b", "x.y.z", "i o u 2", "tres cuatro", "send it to my paypal",
        "восемь девять", "сорок пять", "у меня два кота", "в а т с а п", "т е л е г р а м", "ω μ ε γ α", "ק ו ד",
        "א ב", "в 8 9 1 6", "instagram.com/ lena", "linktr .ee/ x", "24/ 7", "end .",
    ])
    func agreeOnExamples(_ text: String) {
        let (fast, expected) = Self.both(Array(text.utf8))
        #expect(fast == expected, "\(text)")
    }

    @Test func agreeOnRandomText() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["at", "dot", "one", "five", "quarante", "vingt", "once", "oh", "o", "double", "tres", "punto", "arroba", " ", " ", " ", ".", "-", "(", ")",
                      "@", "/", "$", "!", "4", "0", "1", "7", "l", "i", "x", "pay", "pal", "é", "A", "_", "|",
                      "восемь", "пять", "сорок", "в", "ж", "л", "ω", "ש", "ب", "가"]
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let (fast, expected) = Self.both(Array(text.utf8))
            #expect(fast == expected, "\(text)")
        }
    }
}
