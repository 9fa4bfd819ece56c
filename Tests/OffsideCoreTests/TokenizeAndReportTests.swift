import Testing
@testable import OffsideCore

@Suite struct RedactorTests {
    @Test func emailsPhonesAndHandlesAreRedacted() {
        #expect(Redactor.redact("john.smith@gmail.com", category: .contactEmail) == "j***@g****.com")
        #expect(Redactor.redact("+1 415 555 0199", category: .contactPhone) == "+1 *** *** 0199")
        #expect(Redactor.redact("t.me/somebody", category: .contactMessenger) == "t.me/s*******")
    }

    @Test func phrasesWithoutPersonalDataStayReadable() {
        #expect(Redactor.redact("pay you directly", category: .paymentOffplatform) == "pay you directly")
        #expect(Redactor.redact("paypal", category: .paymentMethod) == "paypal")
    }

    @Test func redactingASCIIBytesMatchesTheCharacterRules() {
        var generator = SplitMix64(seed: 11)
        let pieces = ["a", "Z", "7", "0", "12", "@", "/", ":", ".", " ", "-", "+", "_", "%", "#", "$", "t.me", "gmail", ".com",
                      "\n", "x9", "555", "+44", "\r\n"]
        let categories: [OffsideCore.Category] = [.contactEmail, .contactPhone, .contactURL, .contactMessenger, .paymentMethod,
                                                  .scamPersonalInfo, .paymentOffplatform]
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let category = categories.randomElement(using: &generator)!
            #expect(Redactor.redact(text, category: category) == Redactor.redactCharacters(text, category: category),
                    "\(category): \(text)")
        }
        // Non-ASCII evidence keeps the Unicode rules: Arabic-Indic digits are digits.
        #expect(Redactor.redact("+٩٧١ ٥٠ ١٢٣ ٤٥٦٧", category: .contactPhone)
                == Redactor.redactCharacters("+٩٧١ ٥٠ ١٢٣ ٤٥٦٧", category: .contactPhone))
        #expect(Redactor.redact("josé@correo.es", category: .contactEmail) == "j***@c*****.es")
    }
}

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex(of: Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array(repeating: UInt8(ascii: "a"), count: 1000)
        #expect(SHA256.hex(of: long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}

@Suite struct ReportJSONTests {
    /// The hand-written client lines must decode to what was encoded.
    @Test func clientLinesRoundTripThroughTheDecoder() throws {
        var state = ClientState(clientID: "client \"q\" ü")
        state.categories = [.contactEmail: 2, .refusal: 1]
        state.conversations = ["c1", "c2"]
        state.freelancersApproached = ["f1"]
        state.initiated = 1
        state.refusalsReceived = 1
        state.violations = 2
        state.maxSeverity = [.contactEmail: 5]
        state.firstSeen = 1_795_166_043_000
        state.lastSeen = 1_795_166_043_000
        state.evidence = [Finding(archive: "a.zst", line: 3, messageID: "m1", conversationID: "c1", senderID: "client \"q\" ü",
                                  senderRole: .client, recipientID: nil, timestamp: "2026-11-20T09:14:03Z", timestampMillis: 1,
                                  rule: "contact.email.address", category: .contactEmail, severity: 5, start: 0, end: 7,
                                  evidence: "a@b.com\n", messageIDs: ["m1"], contract: .unknown)]
        let client = ScanReport.Client(state, reveal: true)
        let decoded = try JSONDecoder().decode(ScanReport.Client.self, from: Data(client.compactJSON.utf8))
        #expect(decoded.clientID == client.clientID)
        #expect(decoded.categories == client.categories)
        #expect(decoded.scoreTerms == client.scoreTerms)
        #expect(decoded.evidence == client.evidence)
        #expect(decoded.score == client.score && decoded.level == client.level)
        #expect(decoded.firstSeen == "2026-11-20T09:14:03Z" && decoded.lastSeen == "2026-11-20T09:14:03Z")
        // Unlike JSONEncoder, absent values are written as null, as in findings.
        #expect(client.compactJSON.contains("\"recipient_id\":null"))
    }
}

import Foundation
