import Testing
@testable import OffsideCore

/// Refusals cancel what they decline, in their own clause; a shared detail
/// makes the same message's request moot.
@Suite struct SuppressionTests {
    func categories(_ texts: [String]) throws -> [String: Set<Category>] {
        let lines = texts.enumerated().map { TestSupport.record(id: "m\($0.offset)", text: $0.element) }
        let (_, findings) = try TestSupport.scan(lines)
        var out: [String: Set<Category>] = [:]
        for finding in findings { out[finding.messageID, default: []].insert(finding.category) }
        return out
    }

    @Test func aRefusalCancelsTheRequestItDeclines() throws {
        let found = try categories(["I don't share my email before a contract, sorry"])
        #expect(found["m0"] == [.refusal])
    }

    @Test func aRefusalLeavesTheOtherClauseAlone() throws {
        let found = try categories(["happy to talk on Skype, but the contract and payment stay here on the platform"])
        #expect(found["m0"]?.contains(.refusal) == true)
        #expect(found["m0"]?.contains(.contactMessenger) == true)
    }

    /// A refusal after "but" also cancels the offer its clause before thanks
    /// for or names; an offer of one's own before "but" stands (above).
    @Test func aRefusalReachesTheOfferItThanksFor() throws {
        let found = try categories([
            "Thanks for the offer to pay me by PayPal, but I'd rather keep the payments on the platform",
            "Grazie per la proposta del bonifico diretto ma preferisco di no, restiamo sulla piattaforma",
            "Sobre lo que me comentaste de pagarme por fuera: gracias, pero prefiero que los pagos sigan por la plataforma",
        ])
        for id in ["m0", "m1", "m2"] {
            #expect(found[id]?.contains(.refusal) == true, "\(id)")
            #expect(found[id]?.contains(.paymentMethod) == false, "\(id)")
            #expect(found[id]?.contains(.paymentOffplatform) == false, "\(id)")
        }
    }

    /// Several messages in one chunk, each with a phone and a request: every
    /// request is dropped (a bug once lost suppressors while compacting).
    @Test func aSharedNumberCancelsTheRequestInEveryMessageOfAChunk() throws {
        let text = "escribeme al whatsapp +52 81 1643 5528, ahi te mando ejemplos"
        let found = try categories([text, "hello there", text, text])
        for id in ["m0", "m2", "m3"] {
            #expect(found[id]?.contains(.contactPhone) == true)
            #expect(found[id]?.contains(.contactRequest) == false, "\(id)")
        }
    }
}
