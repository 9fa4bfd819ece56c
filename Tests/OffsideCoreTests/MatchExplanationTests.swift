import Testing
@testable import OffsideCore

/// `rules explain` tells a rule author which step dropped a match.
@Suite struct MatchExplanationTests {
    func outcomes(_ text: String) -> [String: MatchExplanation.Outcome] {
        let compiled = TestSupport.defaultPack
        let found = Set(RuleExamples.findings(for: [text], compiled: compiled)[0].map(\.rule))
        var result: [String: MatchExplanation.Outcome] = [:]
        for entry in MatchExplanation.entries(for: text, compiled: compiled, foundRules: found) { result[entry.rule] = entry.outcome }
        return result
    }

    @Test func aFoundMatchIsFound() {
        #expect(outcomes("call me on +1 415 555 0199 tonight")["contact.phone.number"] == .found)
    }

    @Test func contextWordsDropATalkAboutTheApp() {
        #expect(outcomes("We need a Telegram bot for order alerts")["contact.messenger.named_channel"] == .context)
    }

    @Test func theValidatorDropsARunItRejects() {
        // The phone pattern matches the invoice number; the validator says no.
        #expect(outcomes("invoice 2026004511 attached")["contact.phone.number"] == .validator)
    }

    @Test func aRefusalSuppressesTheAppItNames() {
        let result = outcomes("I can't share my WhatsApp before the contract, sorry")
        #expect(result["refusal.decline_contact"] == .found)
        #expect(result["contact.messenger.named_channel"] == .resolved)
    }
}
