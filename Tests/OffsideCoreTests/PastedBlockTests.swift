import Testing
@testable import OffsideCore

/// Where a pasted document starts and ends, after the request that
/// introduces it.
@Suite struct PastedBlockTests {
    /// The block after the request ending at the end of `opener`, as text.
    func block(_ text: String, opener: String) -> String? {
        let bytes = Array(text.utf8)
        let openerEnd = text.range(of: opener)!.upperBound.utf16Offset(in: text)
        return bytes.withUnsafeBytes { raw in
            PastedBlock.range(after: Array(text.utf8.prefix(openerEnd)).count, in: raw).map {
                String(decoding: bytes[$0], as: UTF8.self)
            }
        }
    }

    @Test func theBlockIsTheLinesAfterTheRequestLessAShortClosingParagraph() {
        let text = "Bitte übersetzen:\n\n---\nKontakt: WhatsApp-Kanal\nZahlung per PayPal\n---\n\nDanke!"
        #expect(block(text, opener: "übersetzen") == "\n---\nKontakt: WhatsApp-Kanal\nZahlung per PayPal\n---")
    }

    @Test func aPostscriptAfterTheBlockIsTheWritersOwn() {
        let text = "menu text:\nTacos 5\nBurritos 8\nWe take Venmo\n\nP.S. easier on WhatsApp, +1 555 0100"
        #expect(block(text, opener: "menu text") == "Tacos 5\nBurritos 8\nWe take Venmo")
    }

    @Test func aLongLastParagraphBelongsToTheDocument() {
        let last = Array(repeating: "Terms apply to every order placed through the shop.", count: 5).joined(separator: " ")
        let text = "proofread this:\nSection 1\nPay by PayPal\n\n" + last
        #expect(block(text, opener: "proofread")?.hasSuffix(last) == true)
    }

    @Test func noBlockWithoutTwoLinesAfterTheRequestOrWhenItsLineRunsOn() {
        #expect(block("Translate it.", opener: "Translate") == nil)
        #expect(block("I'll do the template.\nOr we settle outside the site, no fee.", opener: "template") == nil)
        let runOn = "translate " + String(repeating: "and more words ", count: 10) + "\nline one\nline two"
        #expect(block(runOn, opener: "translate") == nil)
    }

    @Test func aBlockScopedAllowlistCancelsOnlyInsideTheDocument() throws {
        let compiled = try TestSupport.paypalPack(allowlist: "allow.pasted_document", """
            scope: block
            patterns:
              - regex: '\\bproofread\\b'
            examples:
              match: ["please proofread this:\\nPay by PayPal\\nor card"]
              no_match: ["pay me by paypal"]
            """)
        let found = RuleExamples.findings(for: [
            "please proofread this:\nShop terms\nPay by PayPal or card",
            "please proofread this:\nShop terms\nPay by PayPal or card\n\nP.S. pay me by paypal, cheaper",
            "please proofread this and pay me by paypal",
        ], compiled: compiled).map { $0.map(\.category) }
        #expect(found[0] == [])
        #expect(found[1] == [.paymentMethod])   // the postscript is the writer's own
        #expect(found[2] == [.paymentMethod])   // no document follows: nothing cancelled
    }
}
