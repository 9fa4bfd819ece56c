import Testing
@testable import OffsideCore

/// A pack's `allowlists` cancel categories where their words appear (a
/// warning about a scam is not a scam) and never give findings themselves.
@Suite struct AllowlistTests {
    static let yaml = """
        pack: allow-test
        version: 1
        rules:
          - id: scam.credentials.activation
            category: scam.credentials
            severity: 4
            patterns:
              - regex: 'activation fee'
            examples:
              match: ["pay the activation fee to start"]
              no_match: ["the platform takes a service fee"]
          - id: payment.method.paypal
            category: payment.method
            severity: 3
            patterns:
              - literal: paypal
            examples:
              match: ["send it to my paypal"]
              no_match: ["send it to my bank"]
        allowlists:
          - id: allow.scam_warning
            description: Warns of or reports a scam; it runs none.
            allows: [scam.credentials]
            patterns:
              - regex: '\\b(heads up|beware|reported)\\b'
            examples:
              match: ["heads up: a client asked me to pay an activation fee"]
              no_match: ["pay the activation fee to start"]

        """

    func categories(_ texts: [String], yaml: String = Self.yaml) throws -> [Set<Category>] {
        RuleExamples.findings(for: texts, compiled: try TestSupport.compile(yaml)).map { Set($0.map(\.category)) }
    }

    @Test func anAllowlistCancelsItsCategoriesInTheWholeMessageAndNothingElse() throws {
        let found = try categories([
            "pay the activation fee to start",
            "Beware. Yesterday someone wanted an activation fee from me. Paypal is fine for the refund though",
            "I reported it: they asked for an activation fee",
        ])
        #expect(found[0] == [.scamCredentials])
        #expect(found[1] == [.paymentMethod])   // the warning gives no finding of its own
        #expect(found[2] == [])
    }

    @Test func withClauseScopeOnlyItsClauseIsCancelled() throws {
        let clause = Self.yaml.replacingOccurrences(of: "    allows: [scam.credentials]\n",
                                                    with: "    allows: [scam.credentials]\n    scope: clause\n")
        let found = try categories(["heads up about the activation fee. Now pay the activation fee to start"], yaml: clause)
        #expect(found[0] == [.scamCredentials])
        #expect(try categories(["heads up about the activation fee. Now pay the activation fee to start"])[0] == [])
    }

    @Test func itsExamplesAreRunLikeARulesAndCountApart() throws {
        let compiled = try TestSupport.compile(Self.yaml)
        #expect(compiled.pack.rules.filter(\.isAllowlist).map(\.id) == ["allow.scam_warning"])
        #expect(compiled.pack.rules.last?.suppresses == [.scamCredentials])
        let outcome = RuleExamples.run(compiled)
        #expect(outcome.examples == 6)
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")

        let wrong = Self.yaml.replacingOccurrences(of: #"no_match: ["pay the activation fee to start"]"#,
                                                   with: #"no_match: ["beware of fake clients"]"#)
        let failures = RuleExamples.run(try TestSupport.compile(wrong)).failures
        #expect(failures.map(\.ruleID) == ["allow.scam_warning"])
        #expect(failures.first?.expectedMatch == false)
    }

    @Test func explainShowsTheAllowlistThatFiredAndWhatItCancelled() throws {
        let compiled = try TestSupport.compile(Self.yaml)
        let entries = MatchExplanation.entries(for: "heads up, they want an activation fee", compiled: compiled, foundRules: [])
        #expect(entries.map(\.rule) == ["allow.scam_warning", "scam.credentials.activation"])
        #expect(entries.map(\.outcome) == [.allowlist, .resolved])
        #expect(entries.first?.category == "allows scam.credentials")
    }

    @Test(arguments: [
        ("  - id: warn.scam\n    allows: [scam.equipment]\n    patterns: [{literal: beware}]\n", "must start with 'allow.'"),
        ("  - id: allow.scam\n    allows: []\n    patterns: [{literal: beware}]\n", "non-empty 'allows'"),
        ("  - id: allow.scam\n    allows: [scam.nope]\n    patterns: [{literal: beware}]\n", "unknown category 'scam.nope'"),
        ("  - id: allow.scam\n    allows: [scam.equipment]\n    scope: thread\n    patterns: [{literal: beware}]\n",
         "scope must be clause, message, block, quoted or fenced"),
        ("  - id: allow.scam\n    category: scam.equipment\n    allows: [scam.equipment]\n    patterns: [{literal: beware}]\n",
         "unknown key 'category'"),
        (String(repeating: "  - id: allow.scam\n    allows: [scam.equipment]\n    patterns: [{literal: beware}]\n", count: 2),
         "duplicate id"),
    ])
    func badEntriesFailNamingTheEntry(entry: String, message: String) {
        let rule = "  - id: payment.method.paypal\n    category: payment.method\n    severity: 3\n    patterns: [{literal: paypal}]\n"
        do {
            _ = try RulePackLoader.load(yaml: "pack: p\nversion: 1\nrules:\n" + rule + "allowlists:\n" + entry, source: "p.yaml")
            Issue.record("expected an error containing \(message)")
        } catch {
            #expect(error.message.contains(message), "\(error)")
            #expect(error.ruleID != nil)
            #expect(error.line != nil)
        }
    }
}
