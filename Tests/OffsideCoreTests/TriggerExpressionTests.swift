import Testing
@testable import OffsideCore

/// A variable-width pattern that opens with a repeated class is found in
/// the trigger database by the class repeated its minimum number of times;
/// its start finder still reports exactly the pattern's matches.
@Suite struct TriggerExpressionTests {
    @Test func anOpeningClassRepeatIsCutToItsMinimum() {
        #expect(TriggerExpression.reduced(#"\b[a-z0-9_.]{2,32}#\d{4}\b"#) == #"[a-z0-9_.]{2}#\d{4}\b"#)
        #expect(TriggerExpression.reduced(#"[a-z0-9._%+\-]+@[a-z0-9]+\.[a-z]{2,24}\b"#) == #"[a-z0-9._%+\-]@[a-z0-9]+\.[a-z]{2,24}\b"#)
        #expect(TriggerExpression.reduced(#"\b[a-z0-9._\-]*[0-9._\-] at gmail"#) == #"[0-9._\-] at gmail"#)
        #expect(TriggerExpression.reduced(#"[a-z0-9._\-]{2,}@(ybl|paytm)\b"#) == #"[a-z0-9._\-]{2}@(ybl|paytm)\b"#)
        #expect(TriggerExpression.reduced(#"\d{3,}-\d{4}"#) == #"\d{3}-\d{4}"#)
        // Escapes and a leading `]` stay inside the class.
        #expect(TriggerExpression.reduced(#"[]\]a]{1,3}x"#) == #"[]\]a]x"#)
    }

    @Test func otherPatternsAreLeftAlone() {
        #expect(TriggerExpression.reduced(#"\bt[a-z1-9]{33}\b"#) == nil)            // opens with a literal
        #expect(TriggerExpression.reduced(#"\b[a-z]{2}\d{2}( ?[a-z0-9]{4}){2,7}"#) == nil)  // one length only
        #expect(TriggerExpression.reduced(#"[a-z]+@x|paypal"#) == nil)              // top-level alternation
        #expect(TriggerExpression.reduced(#"[a-z]+?@x"#) == nil)                    // lazy
        #expect(TriggerExpression.reduced(#"(\+ ?)?\d([ .]{0,4}\d){6,16}"#) == nil)  // opens with a group
        #expect(TriggerExpression.reduced(#"[a-z"#) == nil)                          // unterminated
    }

    /// A reduction that could match the empty buffer is not used.
    @Test func aReductionThatMatchesNothingIsNotUsed() {
        #expect(TriggerExpression.reduced(#"[a-z]*\d*"#) == #"\d*"#)
        #expect(PatternDatabase.trigger(for: #"[a-z]*\d*"#) == #"[a-z]*\d*"#)
        #expect(PatternDatabase.trigger(for: #"\b[a-z0-9_.]{2,32}#\d{4}\b"#) == #"[a-z0-9_.]{2}#\d{4}\b"#)
    }

    @Test(.enabled(if: PatternScratchTests.engineIsTrusted, "the split layout is not used with this engine"))
    func reducedTriggersGiveThePatternsMatches() throws {
        let yaml = """
        pack: trigger-test
        version: 1
        rules:
          - id: contact.messenger.discord_tag
            category: contact.messenger
            severity: 4
            patterns: [{regex: '\\b[a-z0-9_.]{2,32}#\\d{4}\\b'}]
          - id: contact.email.address
            category: contact.email
            severity: 5
            patterns: [{regex: '[a-z0-9._%+\\-]+@[a-z0-9]+\\.[a-z]{2,24}\\b'}]
        """
        let compiled = try CompiledRulePack(RulePackLoader.load(yaml: yaml, source: "test.yaml"), layout: .split)
        let texts = [
            "add me on discord: maria.k#4821 thanks",
            String(repeating: "a", count: 40) + "#4821",  // the reduced trigger fires, the pattern does not
            "x#1234 and ab#12345",               // too short a name; too many digits
            "mail maria.k+x@gmail.com or a@b.io",
            "@gmail.com alone",
        ]
        let found = PatternScratchTests.scan(compiled, texts, normalize: false)
        #expect(found == (try PatternScratchTests.reference(compiled, texts, normalize: false)))
        // Leftmost starts: the tag from its name, the email from its first byte.
        #expect(found.contains(PatternScratchTests.Match(pattern: 0, from: 19, to: 31)))
        #expect(found.filter { $0.pattern == 0 }.count == 1)
        #expect(found.contains { $0.pattern == 1 })
    }
}
