import Testing
@testable import OffsideCore

@Suite struct RulePackLoaderTests {

    /// Non-ASCII letters in patterns are folded as the text is, so a
    /// pattern written as people write meets the normalised message; a
    /// character that folds to ASCII punctuation keeps matching itself.
    @Test func patternsAreFoldedLikeTheText() throws {
        #expect(RulePattern.literal("Gebühr").expression == "Gebuhr")
        #expect(RulePattern.regex("н").expression == "(?:н|h)")   // Н imitates H, н does not
        #expect(RulePattern.regex("a\u{FF0E}b|c").expression == "a\\x2Eb|c")   // fullwidth full stop
        #expect(RulePattern.regex("(pay|€)").expression == "(pay|€)")              // kept as written
        let compiled = try TestSupport.compile(pack("""
              - id: contact.request.ask_contact_ru
                category: contact.request
                severity: 3
                patterns: [{regex: 'у тебя есть (телеграм|ватсап)'}]
                context: {within: 40, negated_by: ["не "]}

            """))
        let found = RuleExamples.findings(for: ["У тебя есть Телеграм?", "у тебя есть телега", "напиши мне: у тебя есть ватсап?"],
                                          compiled: compiled)
        #expect(found.map(\.count) == [1, 0, 1])   // "не " does not start inside "мне"
    }
    func pack(_ rules: String) -> String {
        "pack: test-pack\nversion: 2\nrules:\n" + rules
    }

    let goodRule = """
      - id: payment.method.paypal
        category: payment.method
        severity: 3
        patterns:
          - literal: paypal
          - regex: 'pay\\s*pal\\.me/\\w+'
        context: {within: 40, none: [integration]}
        examples:
          match: ["send it to my paypal"]
          no_match: ["a paypal integration"]

    """

    @Test func loadsTheDesignShape() throws {
        let loaded = try RulePackLoader.load(yaml: pack(goodRule), source: "p.yaml")
        #expect(loaded.name == "test-pack")
        #expect(loaded.version == 2)
        #expect(loaded.rules.count == 1)
        let rule = loaded.rules[0]
        #expect(rule.patterns == [.literal("paypal"), .regex(#"pay\s*pal\.me/\w+"#)])
        #expect(rule.context == ContextRule(within: 40, any: [], none: ["integration"]))
        #expect(loaded.sha256.count == 64)
    }

    /// `\b` ends a whole context word, single-quoted or double-quoted (where
    /// YAML reads it as a backspace): "bot\b" excludes "a telegram bot",
    /// not "both of us".
    @Test func aContextWordEndingInBackslashBIsWhole() throws {
        for quoted in [#"'bot\b'"#, #""bot\b""#] {
            let yaml = pack("""
              - id: contact.messenger.telegram
                category: contact.messenger
                severity: 3
                patterns:
                  - literal: telegram
                context: {within: 40, none: [\(quoted)]}
                examples:
                  match: ["it protects both of us, add me on telegram"]
                  no_match: ["we need a telegram bot"]

            """)
            let outcome = RuleExamples.run(try TestSupport.compile(yaml))
            #expect(outcome.failures.isEmpty, "\(quoted): \(outcome.failures)")
        }
    }

    @Test func negationWordsLoadOnTheirOwn() throws {
        let rule = goodRule.replacingOccurrences(of: "{within: 40, none: [integration]}", with: "{negated_by: [\"don't\", Never]}")
        let loaded = try RulePackLoader.load(yaml: pack(rule), source: "p.yaml")
        #expect(loaded.rules[0].context == ContextRule(within: 60, any: [], none: [], negatedBy: ["don't", "never"]))
    }

    @Test func callOfferRulesAreNamedForTheConversationStage() throws {
        let rules = "  - id: contact.messenger.named\n    category: contact.messenger\n    severity: 3\n    channel_only: true\n    patterns: [{literal: skype}]\n"
            + "  - id: contact.messenger.handle\n    category: contact.messenger\n    severity: 4\n    patterns: [{regex: 'skype: \\w+'}]\n"
            + "  - id: refusal.later\n    category: refusal\n    severity: 1\n    defers_to_contract: true\n    patterns: [{literal: once the contract starts}]\n"
        let loaded = try RulePackLoader.load(yaml: pack(rules), source: "p.yaml")
        #expect(loaded.callOfferRules == CallOfferRules(channelOnly: ["contact.messenger.named"], deferToContract: ["refusal.later"]))
    }

    /// Each broken pack must fail naming the rule (when there is one) and saying why.
    @Test(arguments: [
        ("  - id: payment.method.x\n    category: payment.method\n    severity: 3\n    patterns: [{literal: x}]\n    exmaples: {}\n",
         "payment.method.x", "unknown key 'exmaples'"),
        ("  - id: payment.method.x\n    category: payment.nope\n    severity: 3\n    patterns: [{literal: x}]\n",
         "payment.method.x", "unknown category 'payment.nope'"),
        ("  - id: contact.email.x\n    category: payment.method\n    severity: 3\n    patterns: [{literal: x}]\n",
         "contact.email.x", "must start with its category"),
        ("  - id: payment.method.x\n    category: payment.method\n    severity: 9\n    patterns: [{literal: x}]\n",
         "payment.method.x", "severity must be 1"),
        ("  - id: payment.method.x\n    category: payment.method\n    severity: 3\n    patterns: []\n",
         "payment.method.x", "non-empty 'patterns'"),
        ("  - id: payment.method.x\n    category: payment.method\n    severity: 3\n    patterns: [{literal: x, regex: y}]\n",
         "payment.method.x", "exactly one of 'literal' or 'regex'"),
        ("  - id: payment.method.x\n    category: payment.method\n    severity: 3\n    validate: checksum\n    patterns: [{literal: x}]\n",
         "payment.method.x", "unknown validator 'checksum'"),
        ("  - id: payment.method.x\n    category: payment.method\n    severity: 3\n    patterns: [{literal: x}]\n  - id: payment.method.x\n    category: payment.method\n    severity: 3\n    patterns: [{literal: y}]\n",
         "payment.method.x", "duplicate rule id"),
        ("  - id: contact.request.x\n    category: contact.request\n    severity: 2\n    follows: [contact.nope]\n    patterns: [{literal: x}]\n",
         "contact.request.x", "unknown category 'contact.nope' in follows"),
        ("  - id: contact.request.x\n    category: contact.request\n    severity: 2\n    follows: []\n    patterns: [{literal: x}]\n",
         "contact.request.x", "follows needs at least one category"),
        ("  - id: payment.method.x\n    category: payment.method\n    severity: 3\n    channel_only: true\n    patterns: [{literal: x}]\n",
         "payment.method.x", "channel_only is for contact.messenger rules"),
        ("  - id: contact.messenger.x\n    category: contact.messenger\n    severity: 3\n    channel_only: yes please\n    patterns: [{literal: x}]\n",
         "contact.messenger.x", "channel_only is true or false"),
        ("  - id: contact.request.x\n    category: contact.request\n    severity: 2\n    defers_to_contract: true\n    patterns: [{literal: x}]\n",
         "contact.request.x", "defers_to_contract is for refusal rules"),
        ("  - id: payment.offplatform.x\n    category: payment.offplatform\n    severity: 4\n    implied_by: [payment.method]\n",
         "payment.offplatform.x", "implied_by needs at least two categories"),
        ("  - id: payment.offplatform.x\n    category: payment.offplatform\n    severity: 4\n    implied_by: [payment.method, payment.offplatform]\n",
         "payment.offplatform.x", "cannot be implied by its own category"),
        ("  - id: payment.offplatform.x\n    category: payment.offplatform\n    severity: 4\n    implied_by: [payment.method, refusal]\n",
         "payment.offplatform.x", "a refusal implies nothing"),
        ("  - id: payment.offplatform.x\n    category: payment.offplatform\n    severity: 4\n    implied_by: [payment.method, payment.fee_avoidance]\n    patterns: [{literal: x}]\n",
         "payment.offplatform.x", "it takes no 'patterns'"),
    ])
    func loaderErrorsNameTheRule(rules: String, ruleID: String, message: String) {
        do {
            _ = try RulePackLoader.load(yaml: pack(rules), source: "p.yaml")
            Issue.record("expected an error containing \(message)")
        } catch {
            #expect(error.ruleID == ruleID)
            #expect(error.message.contains(message), "\(error)")
            #expect(error.line != nil)
            #expect(error.description.hasPrefix("p.yaml:"))
        }
    }

    @Test func packLevelErrors() {
        #expect(throws: RulePackError.self) { try RulePackLoader.load(yaml: "pack: x\nversion: 1\n", source: "p") }
        #expect(throws: RulePackError.self) { try RulePackLoader.load(yaml: "pack: x\nversion: one\nrules: []\n", source: "p") }
        #expect(throws: RulePackError.self) { try RulePackLoader.load(yaml: "pack: [unclosed\n", source: "p") }
        #expect(throws: RulePackError.self) { try RulePackLoader.load(path: "/nonexistent/pack.yaml") }
    }

    @Test func aRegexTheEngineRejectsStopsCompilationNamingTheRule() throws {
        let rules = goodRule + """
          - id: contact.url.broken
            category: contact.url
            severity: 2
            patterns:
              - literal: fine
              - regex: '(unclosed'

        """
        let loaded = try RulePackLoader.load(yaml: pack(rules), source: "p.yaml")
        do {
            _ = try CompiledRulePack(loaded)
            Issue.record("the pack must not compile")
        } catch {
            #expect(error.ruleID == "contact.url.broken")
            #expect(error.message.contains("pattern 2"))
            #expect(error.message.contains("(unclosed"))
        }
    }

    @Test func lookaroundIsRejectedByTheEngineNotSilentlyIgnored() throws {
        let rules = "  - id: refusal.x\n    category: refusal\n    severity: 1\n    patterns: [{regex: 'no(?=thanks)'}]\n"
        let loaded = try RulePackLoader.load(yaml: pack(rules), source: "p.yaml")
        #expect(throws: RulePackError.self) { try CompiledRulePack(loaded) }
    }

    @Test func theEmbeddedDefaultPackIsTheDataFile() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/rules/default.yaml")
        let text = try String(contentsOf: source, encoding: .utf8)
        #expect(DefaultRulePack.yaml == (text.hasSuffix("\n") ? text : text + "\n"), "run scripts/embed-rules")
    }
}

import Foundation

@Suite struct RegexLiteralsTests {
    @Test func plainRunsAreKeptAndQuantifiedOrClassedPartsAreCut() {
        #expect(RegexLiterals.runs(in: #"pay\s*pal\.me/\w+"#) == ["pal.me/"])
        #expect(RegexLiterals.runs(in: #"\b(whats ?app|telegram)\b"#) == ["whats", "telegram"])
        #expect(RegexLiterals.runs(in: #"outside (the|this) platform"#) == ["outside", "this", "platform"])
        #expect(RegexLiterals.runs(in: #"[a-z0-9._%+-]+@gmail\.com"#) == ["@gmail.com"])
        #expect(RegexLiterals.runs(in: "wise") == ["wise"])
    }
}

@Suite struct AnchorTests {
    /// `^` and `$` mean the start and end of each message, though a chunk's
    /// messages are scanned as one buffer.
    @Test func anchorsApplyPerMessage() throws {
        let pack = try TestSupport.compile("""
            pack: anchors
            version: 1
            rules:
              - id: contact.request.opener
                category: contact.request
                severity: 2
                patterns: [{regex: '^whatsapp\\?$'}]
            """)
        let (_, findings) = try TestSupport.scan([
            TestSupport.record(id: "first", text: "hello"),
            TestSupport.record(id: "alone", text: "WhatsApp?"),
            TestSupport.record(id: "inside", text: "do you use whatsapp? I do"),
        ], pack: pack)
        #expect(findings.map(\.messageID) == ["alone"])
    }
}
