import Testing
@testable import OffsideCore

/// A rule `implied_by` categories fires where a message's own findings have
/// them all, after refusals have negated what they decline.
@Suite struct ImpliedRuleTests {
    static let yaml = """
        pack: implied
        version: 1
        rules:
          - id: payment.method.maybank
            category: payment.method
            severity: 3
            patterns: [{literal: maybank}]
            examples: {match: ["maybank"], no_match: ["bank"]}
          - id: payment.fee_avoidance.cut
            category: payment.fee_avoidance
            severity: 3
            patterns: [{literal: "the cut is too high"}]
            examples: {match: ["the cut is too high"], no_match: ["the cut"]}
          - id: refusal.no
            category: refusal
            severity: 1
            suppresses: [payment.offplatform]
            suppress_scope: message
            patterns: [{literal: "i only get paid here"}]
            examples: {match: ["i only get paid here"], no_match: ["paid"]}
          - id: payment.offplatform.method_to_avoid_fee
            category: payment.offplatform
            severity: 4
            implied_by: [payment.method, payment.fee_avoidance]
            examples: {match: ["maybank, the cut is too high"], no_match: ["maybank"]}

        """

    func findings(_ texts: [String]) throws -> [String: [Finding]] {
        let compiled = try CompiledRulePack(try RulePackLoader.load(yaml: Self.yaml, source: "implied.yaml"))
        let lines = texts.enumerated().map { TestSupport.record(id: "m\($0.offset)", text: $0.element) }
        let (_, found) = try TestSupport.scan(lines, pack: compiled)
        return Dictionary(grouping: found, by: \.messageID)
    }

    @Test func firesWhereEveryImplyingCategoryIsFound() throws {
        let text = "I can pay by Maybank, the cut is too high here"
        let found = try findings([text, "I can pay by Maybank", "the cut is too high"])
        let implied = try #require(found["m0"]?.first { $0.rule == "payment.offplatform.method_to_avoid_fee" })
        #expect(implied.category == .paymentOffplatform)
        // It points at the words that implied it, first start to last end.
        #expect(implied.evidence == "Maybank, the cut is too high")
        #expect(found["m1"]?.contains { $0.category == .paymentOffplatform } == false)
        #expect(found["m2"]?.contains { $0.category == .paymentOffplatform } == false)
    }

    @Test func aRefusalThatCancelsTheCategoryLeavesNothingImplied() throws {
        let found = try findings(["Maybank? the cut is too high, I know, but I only get paid here"])
        #expect(found["m0"]?.contains { $0.category == .refusal } == true)
        #expect(found["m0"]?.contains { $0.category == .paymentOffplatform } == false)
    }

    @Test func theRuleExamplesRunThroughTheSamePath() throws {
        let compiled = try CompiledRulePack(try RulePackLoader.load(yaml: Self.yaml, source: "implied.yaml"))
        #expect(RuleExamples.run(compiled).failures.isEmpty)
    }
}
