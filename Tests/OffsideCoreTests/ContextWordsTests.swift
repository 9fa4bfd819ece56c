import Foundation
import Testing
@testable import OffsideCore

/// The one-pass context word table against the plain definition: a word
/// occurs if it lies wholly inside the window and starts a word there.
@Suite struct ContextWordsTests {
    /// The definition, written the obvious way.
    static func reference(_ words: [(bytes: [UInt8], wholeWord: Bool)], _ text: [UInt8], _ window: Range<Int>) -> Bool {
        for (word, whole) in words where !word.isEmpty {
            var position = window.lowerBound
            while position + word.count <= window.upperBound {
                let end = position + word.count
                if Array(text[position..<end]) == word
                    && (!isLetter(before: position, in: text) || !ContextWords.isWordStartByte(word[0]))
                    && (!whole || end == text.count || !ContextWords.isWordStartByte(word[word.count - 1])
                        || !ContextWords.isWordStartByte(text[end])) { return true }
                position += 1
            }
        }
        return false
    }

    /// Whether the character before `position` is a letter or digit (its
    /// lead byte says; continuation bytes belong to it).
    static func isLetter(before position: Int, in text: [UInt8]) -> Bool {
        var lead = position - 1
        while lead > 0 && text[lead] & 0xC0 == 0x80 { lead -= 1 }
        return lead >= 0 && ContextWords.isWordStartByte(text[lead])
    }

    func occurs(_ words: [String], _ text: String, _ window: Range<Int>? = nil) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { ContextWords(words.map { Array($0.utf8) }).occurs(in: $0, window: window ?? 0..<bytes.count) }
    }

    @Test func wordsStartWordsButMayEndInside() {
        #expect(occurs(["pay"], "we pay later"))
        #expect(occurs(["pay"], "payment later"))        // the end is free
        #expect(!occurs(["pay"], "repay later"))         // not at a word start
        #expect(occurs(["app "], "the app is"))
        #expect(occurs(["-api"], "rest-api docs"))       // a non-alphanumeric first byte matches anywhere
        #expect(!occurs(["integration", "api"], "send it to my paypal"))
        #expect(!occurs([], "anything"))
    }

    /// `\b` at the end of a pack's word: it must end a word of the text too.
    @Test func aWordEndingInBackslashBIsAWholeWord() {
        func occurs(_ word: String, _ text: String) -> Bool {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBytes { ContextWords(ContextMatcher.entries(word)).occurs(in: $0, window: 0..<bytes.count) }
        }
        #expect(occurs("bot\\b", "a telegram bot"))
        #expect(occurs("bot\\b", "the bot, then"))
        #expect(!occurs("bot\\b", "it protects both of us"))
        #expect(occurs("bot", "it protects both of us"))  // without it, the end is free
        #expect(!occurs("form\\b", "send it in any format"))
        #expect(occurs("form\\b", "the contact form."))
        #expect(occurs("bot-\\b", "bot-nya"))            // a word ending in punctuation ends anywhere
        #expect(!occurs("bot\u{8}", "both"))               // "bot\b" in double-quoted YAML is a backspace
    }

    @Test func theWordMustLieInsideTheWindow() {
        let text = "the api of paypal"
        #expect(!occurs(["api"], text, 5..<17))          // starts before the window
        #expect(!occurs(["paypal"], text, 0..<14))       // ends after it
        #expect(occurs(["paypal"], text, 11..<17))
        #expect(!occurs(["pal"], text, 14..<17))         // inside the window, but inside a word of the text
    }

    /// Cyrillic letters are letters: `не ` does not start inside `мне `.
    /// CJK has no spaces between words: a CJK word is found anywhere, and
    /// an ASCII word after a CJK character starts a word. Punctuation
    /// outside ASCII (an em dash) still ends a word.
    @Test func lettersBeyondASCII() {
        #expect(!occurs(["не "], "напиши мне в телеграм"))
        #expect(occurs(["не "], "я не даю номер"))
        #expect(!occurs(["e"], "тe6я"))                  // a Latin skeleton letter inside a Cyrillic word
        #expect(occurs(["不"], "我不能在平台外付款"))
        #expect(occurs(["api"], "集成api接口"))
        #expect(occurs(["not"], "well\u{2014}not now"))
        #expect(!occurs(["cafe"], "écafe"))
    }

    @Test func agreesWithTheDefinitionOnRandomText() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = ["a", "b", "1", " ", "-", ".", "м", "н", "\u{2014}", "微"].map { Array($0.utf8) }
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).flatMap { _ in alphabet.randomElement(using: &generator)! }
            let words = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                (bytes: (0..<Int.random(in: 1...3, using: &generator)).flatMap { _ in alphabet.randomElement(using: &generator)! },
                 wholeWord: Bool.random(using: &generator))
            }
            let lower = Int.random(in: 0...text.count, using: &generator)
            let window = lower..<Int.random(in: lower...text.count, using: &generator)
            let fast = text.withUnsafeBytes { ContextWords(words).occurs(in: $0, window: window) }
            #expect(fast == Self.reference(words, text, window), "\(String(decoding: text, as: UTF8.self)) \(words) \(window)")
        }
    }
}

/// `negated_by` words cancel a match only inside its phrase; `none` words
/// anywhere in the window.
@Suite struct ContextMatcherTests {
    func accepts(_ rule: ContextRule, _ text: String, match word: String) -> Bool {
        let bytes = Array(text.utf8)
        let start = text.utf8.distance(from: text.utf8.startIndex, to: text.utf8.firstRange(of: word.utf8)!.lowerBound)
        return bytes.withUnsafeBytes { ContextMatcher(rule).accepts(message: $0, match: start..<(start + word.utf8.count)) }
    }

    @Test func negationsReachTheirPhraseOnly() {
        let rule = ContextRule(within: 60, any: [], none: [], negatedBy: ["don't", "never"])
        #expect(!accepts(rule, "i don't take payment directly", match: "payment directly"))
        #expect(!accepts(rule, "payment directly is something i never do", match: "payment directly"))
        #expect(accepts(rule, "don't fund the milestone, i'll bill you directly", match: "bill you directly"))
        #expect(accepts(rule, "i never liked the fees. payment directly then?", match: "payment directly"))
        #expect(accepts(rule, "i'll send payment directly", match: "payment directly"))
    }

    /// The scalar fold treats some capitals apart (`Не` is the confusable
    /// `he`, `не` keeps its `н`); a context word meets both, except a form
    /// that would turn into plain English.
    @Test func contextWordsMeetCapitalisedWordsOfOtherScripts() {
        let rule = ContextRule(within: 60, any: [], none: [], negatedBy: ["не буду", "не "])
        func accepts(_ text: String, match word: String) -> Bool {
            let message = ContextMatcher.normalized(text)
            let needle = ContextMatcher.normalized(word)
            let start = (0...(message.count - needle.count)).first { Array(message[$0..<($0 + needle.count)]) == needle }!
            return message.withUnsafeBytes { ContextMatcher(rule).accepts(message: $0, match: start..<(start + needle.count)) }
        }
        #expect(!accepts("я не буду писать в телеграм", match: "в телеграм"))
        #expect(!accepts("Не буду писать в телеграм", match: "в телеграм"))
        #expect(!accepts("НЕ БУДУ ПИСАТЬ В ТЕЛЕГРАМ", match: "В ТЕЛЕГРАМ"))
        #expect(accepts("he said: write me in telegram", match: "in telegram"))
    }

    /// An Arabic question mark is a `?` to a `none` list, and an Arabic
    /// comma ends a negation's phrase: their UTF-8 lead bytes are those of
    /// Arabic letters, so unfolded they were read as part of a word.
    @Test func arabicPunctuationCountsAsPunctuation() {
        let questions = ContextRule(within: 80, any: [], none: ["?"])
        func accepts(_ rule: ContextRule, _ text: String, match word: String) -> Bool {
            let message = ContextMatcher.normalized(text)
            let needle = ContextMatcher.normalized(word)
            let start = (0...(message.count - needle.count)).first { Array(message[$0..<($0 + needle.count)]) == needle }!
            return message.withUnsafeBytes { ContextMatcher(rule).accepts(message: $0, match: start..<(start + needle.count)) }
        }
        #expect(!accepts(questions, "بتقدر تبعتلي المبلغ عن طريق ويسترن يونيون؟", match: "ويسترن يونيون"))
        #expect(accepts(questions, "ابعتلي المبلغ عن طريق ويسترن يونيون", match: "ويسترن يونيون"))
        let negation = ContextRule(within: 80, any: [], none: [], negatedBy: ["لا"])
        #expect(accepts(negation, "لا تدفع هنا، سأحول لك عن طريق ويسترن يونيون", match: "ويسترن يونيون"))
    }

    @Test func noneWordsReachTheWholeWindow() {
        let rule = ContextRule(within: 60, any: [], none: ["don't"])
        #expect(!accepts(rule, "don't fund the milestone, i'll bill you directly", match: "bill you directly"))
    }

    /// A disguised contact detail needs no `any` word; other categories,
    /// and `none` words, are unchanged.
    @Test func aDisguiseStandsInForAnyWordsOfContactDetailsOnly() {
        let rule = ContextRule(within: 60, any: ["follow", "dm"], none: ["widget"])
        func accepts(_ category: OffsideCore.Category, _ text: String, disguised: Bool) -> Bool {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBytes {
                ContextMatcher(rule, category: category).accepts(message: $0, match: 0..<9, disguised: { disguised })
            }
        }
        #expect(!accepts(.contactURL, "instagram.com/mira", disguised: false))
        #expect(accepts(.contactURL, "instagram.com/mira", disguised: true))
        #expect(!accepts(.contactURL, "instagram.com/mira widget", disguised: true))
        #expect(!accepts(.contactRequest, "instagram.com/mira", disguised: true))
        #expect(accepts(.contactRequest, "instagram.com/mira, dm", disguised: false))
    }
}

@Suite struct DisguisedMatchTests {
    func disguised(_ original: String, _ normalized: String) -> Bool {
        Array(original.utf8).withUnsafeBytes { o in
            Array(normalized.utf8).withUnsafeBytes { n in DisguisedMatch.isDisguised(original: o, normalized: n) }
        }
    }

    @Test func spacesAndBracketsTakenOutAreADisguise() {
        #expect(disguised("instagram (dot) com / mira", "instagram.com/mira"))
        #expect(disguised("i n s t a g r a m", "instagram"))
        #expect(disguised("john [at] gmail", "john@gmail"))
    }

    @Test func lettersChangedInPlaceAreNot() {
        #expect(!disguised("send me your número", "send me your numero"))  // accents
        #expect(!disguised("skуpе", "skype"))  // Cyrillic у and е
        #expect(!disguised("wh4ts4pp", "whatsapp"))  // leet
        #expect(!disguised("ＴＥＬＥＧＲＡＭ", "telegram"))  // fullwidth
        #expect(!disguised("instagram.com/mira", "instagram.com/mira"))
    }
}
