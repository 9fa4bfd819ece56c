import Foundation
import Testing
@testable import OffsideCore

/// A pack's `scorer:` rules: how they load, when they fire, and what their
/// findings point at.
@Suite struct ScorerRuleTests {
    /// A pack with one phrase rule and one scorer rule for requests, over a
    /// hand-made model that only knows "elsewhere".
    func pack(threshold: String = "0.9", extraRule: String = "") throws -> CompiledRulePack {
        let directory = TestSupport.temporaryDirectory()
        _ = TestSupport.write(Array(ScorerModelTests.tiny.utf8), name: "tiny.tsv", in: directory)
        let yaml = """
            pack: scorer-test
            version: 1
            scorer: tiny.tsv
            rules:
              - id: contact.request.phrase
                category: contact.request
                severity: 4
                patterns: [{literal: "your number"}]
                examples: {match: ["send me your number"], no_match: ["the number"]}
              - id: contact.request.scored
                category: contact.request
                severity: 2
                scorer: \(threshold)
                examples: {match: ["lets talk elsewhere"], no_match: ["lets talk here"]}
            \(extraRule)
            """
        let path = TestSupport.write(Array(yaml.utf8), name: "pack.yaml", in: directory)
        return try CompiledRulePack(RulePackLoader.load(path: path))
    }

    @Test func firesWhereNoPhraseRuleOfItsCategoryDid() throws {
        let compiled = try pack()
        let found = RuleExamples.findings(for: ["ok lets talk ｅｌｓｅｗｈｅｒｅ", "lets talk here", "elsewhere? send me your number"],
                                          compiled: compiled)
        #expect(found[0].map(\.rule) == ["contact.request.scored"])
        #expect(found[0].first?.severity == 2)
        // Offsets are the original text's: the two strongest grams, the fullwidth word whole.
        #expect(found[0].first?.evidence == "talk ｅｌｓｅｗｈｅｒｅ")
        #expect(found[1].isEmpty)
        #expect(found[2].map(\.rule) == ["contact.request.phrase"])
        #expect(RuleExamples.run(compiled).failures.isEmpty)
    }

    /// What a refusal declined (or a shared detail made moot) in the
    /// message, the scorer does not bring back.
    @Test func addsNothingTheRulesCancelled() throws {
        let refusal = """
              - id: refusal.will_not
                category: refusal
                severity: 1
                patterns: [{literal: "will not"}]
                suppresses: [contact.request]
                examples: {match: ["i will not"], no_match: ["i will"]}
            """
        let compiled = try pack(extraRule: refusal)
        let found = RuleExamples.findings(for: ["sorry, i will not talk elsewhere", "talk elsewhere? i will"], compiled: compiled)
        #expect(found[0].map(\.rule) == ["refusal.will_not"])
        #expect(found[1].map(\.rule) == ["contact.request.scored"])
    }

    @Test func theThresholdDecides() throws {
        // "elsewhere" alone: logit -3 + 10 = 7, probability 0.999.
        let low = try pack(threshold: "0.9"), high = try pack(threshold: "0.9999")
        #expect(RuleExamples.findings(for: ["elsewhere"], compiled: low)[0].count == 1)
        #expect(RuleExamples.findings(for: ["elsewhere"], compiled: high)[0].isEmpty)
    }

    @Test func withoutScorerLeavesThePhraseRules() throws {
        let compiled = try pack()
        let bare = try CompiledRulePack(compiled.pack.withoutScorer())
        #expect(bare.pack.rules.map(\.id) == ["contact.request.phrase"])
        #expect(RuleExamples.findings(for: ["lets talk elsewhere"], compiled: bare)[0].isEmpty)
    }

    /// A retrained scorer changes findings, so it changes the pack's hash.
    @Test func thePacksHashCoversItsScorer() throws {
        let compiled = try pack()
        let yaml = try String(contentsOfFile: compiled.pack.source, encoding: .utf8)
        #expect(compiled.pack.sha256 != SHA256.hex(of: Array(yaml.utf8)))
    }

    @Test func badScorerRulesAreErrorsNamingTheRule() throws {
        let noScorer = """
            pack: p
            version: 1
            rules:
              - id: contact.request.scored
                category: contact.request
                severity: 2
                scorer: 0.7
            """
        #expect(throws: RulePackError.self) { try RulePackLoader.load(yaml: noScorer, source: "p.yaml") }
        do {
            _ = try RulePackLoader.load(yaml: noScorer, source: "p.yaml")
        } catch {
            #expect(error.description.contains("rule contact.request.scored"))
            #expect(error.description.contains("needs the pack's 'scorer:'"))
        }
        let withPatterns = "  - id: refusal.scored_too\n    category: refusal\n    severity: 1\n    scorer: 0.5\n    patterns: [{literal: no}]\n"
        #expect(throws: RulePackError.self) { try pack(extraRule: withPatterns) }
        #expect(throws: RulePackError.self) { try pack(threshold: "1.5") }
        let unscored = "  - id: payment.offplatform.scored\n    category: payment.offplatform\n    severity: 2\n    scorer: 0.5\n"
        do {
            _ = try pack(extraRule: unscored)
            Issue.record("a scorer rule for a category the model does not score loaded")
        } catch let error as RulePackError {
            #expect(error.description.contains("does not score payment.offplatform"))
        }
    }

    @Test func aMissingScorerFileIsAnErrorNamingIt() throws {
        let directory = TestSupport.temporaryDirectory()
        let yaml = "pack: p\nversion: 1\nscorer: gone.tsv\nrules:\n  - id: refusal.scored\n    category: refusal\n    severity: 1\n    scorer: 0.5\n"
        let path = TestSupport.write(Array(yaml.utf8), name: "pack.yaml", in: directory)
        do {
            _ = try RulePackLoader.load(path: path)
            Issue.record("a pack whose scorer file is missing loaded")
        } catch {
            #expect(error.description.contains("gone.tsv"))
            #expect(error.description.contains("cannot read the scorer file"))
        }
    }

    /// The built-in pack's scorer rules name categories the built-in scorer scores.
    @Test func theDefaultPackReadsTheBuiltInScorer() throws {
        let pack = TestSupport.defaultPack.pack
        #expect(pack.scorer === ScorerModel.builtIn)
        let scored = pack.rules.filter { $0.scorerThreshold != nil }
        #expect(Set(scored.map(\.category)) == [.contactRequest, .paymentOffplatform, .paymentFeeAvoidance, .refusal])
    }
}
