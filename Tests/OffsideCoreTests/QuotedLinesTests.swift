import Testing
@testable import OffsideCore

/// Which lines of a reply quote the message answered, and what a
/// quote-scoped allowlist cancels.
@Suite struct QuotedLinesTests {
    func quoted(_ text: String, at needle: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { QuotedLines.isQuoted(TestSupport.byteOffset(of: needle, in: text), in: $0) }
    }

    @Test func linesStartingWithAQuoteMarkAreQuoted() {
        let text = "On Wed, Kevin wrote:\n> Send me your WhatsApp\n  > and I'll pay you directly\n\nI'd rather keep it here."
        #expect(quoted(text, at: "WhatsApp"))
        #expect(quoted(text, at: "pay you"))            // blanks before the mark
        #expect(!quoted(text, at: "rather"))
        #expect(!quoted(text, at: "Kevin"))
        #expect(!quoted("5 > 3, so pay me by PayPal\nok?", at: "PayPal"))  // a mark mid-line
    }

    @Test func aMessageOfOnlyQuotedLinesIsTheWritersOwn() {
        #expect(!quoted("> WhatsApp me +1 555 0100\n> cheaper", at: "WhatsApp"))
        #expect(!Array("> a\n>\n> b".utf8).withUnsafeBytes { QuotedLines.hasQuote(in: $0) })
        #expect(Array("> a\n\nb".utf8).withUnsafeBytes { QuotedLines.hasQuote(in: $0) })
    }

    @Test func aQuoteScopedAllowlistCancelsOnlyInsideTheQuote() throws {
        let compiled = try TestSupport.paypalPack(allowlist: "allow.quoted_reply", """
            scope: quoted
            patterns:
              - literal: ">"
            examples:
              match: ["> paypal?\\nno"]
              no_match: ["paypal"]
            """)
        let found = RuleExamples.findings(for: [
            "> I'll pay you by PayPal, ok?\n\nNo, let's keep it on the contract.",
            "> Can we use the contract?\n\nSure, or PayPal if you like.",
            "> pay me by paypal",
        ], compiled: compiled).map { $0.map(\.category) }
        #expect(found[0] == [])
        #expect(found[1] == [.paymentMethod])   // the reply is the writer's own
        #expect(found[2] == [.paymentMethod])   // nothing but a quote: the writer's own
    }
}
