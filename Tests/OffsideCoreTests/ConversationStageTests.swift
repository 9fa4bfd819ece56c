import Foundation
import Testing
@testable import OffsideCore

/// The conversation stage on conversations small enough to read.
@Suite struct ConversationStageTests {
    typealias R = TestSupport

    static func client(_ id: String, _ text: String, conversation: String = "c1", minute: Int = 0, contract: String? = "none",
                       client: String = "client-1", freelancer: String = "freelancer-1") -> String {
        R.record(id: id, conversation: conversation, sender: client, role: "client", recipient: freelancer,
                 ts: "\"2026-11-20T09:\(String(format: "%02d", minute)):00Z\"", contract: contract, text: text)
    }

    static func freelancer(_ id: String, _ text: String, conversation: String = "c1", minute: Int = 0, contract: String? = "none",
                           client: String = "client-1", freelancer: String = "freelancer-1") -> String {
        R.record(id: id, conversation: conversation, sender: freelancer, role: "freelancer", recipient: client,
                 ts: "\"2026-11-20T09:\(String(format: "%02d", minute)):00Z\"", contract: contract, text: text)
    }

    @Test func aNumberSplitOverThreeMessagesIsOneFinding() throws {
        let (_, findings) = try R.scan([
            Self.client("m1", "easier on the phone. my number:", minute: 1),
            Self.client("m2", "+1 415", minute: 1),
            Self.client("m3", "555 0199", minute: 2),
            Self.freelancer("m4", "Let's keep it here please", minute: 3),
        ])
        let phones = findings.filter { $0.category == .contactPhone }
        #expect(phones.count == 1)
        #expect(phones.first?.rule == "contact.phone.split")
        #expect(phones.first?.messageIDs == ["m1", "m2", "m3"])
        #expect(phones.first?.messageID == "m3")
        #expect(phones.first?.evidence == "+1 415 555 0199")
    }

    @Test func anAddressInTwoHalvesIsJoined() throws {
        let (_, findings) = try R.scan([
            Self.freelancer("m1", "or just write me: john.keller", minute: 1),
            Self.freelancer("m2", "@gmail.com", minute: 1),
        ])
        let email = try #require(findings.first { $0.category == .contactEmail })
        #expect(email.evidence == "john.keller@gmail.com" && email.messageIDs == ["m1", "m2"])
    }

    /// Leads that carry a detail on ("first part:", "rest is", "and the
    /// domain is") make the second message a piece, as a reader takes it.
    @Test func piecesAfterAContinuationLeadAreJoined() throws {
        let (_, findings) = try R.scan([
            Self.client("m1", "first part: +1 64655", minute: 1),
            Self.client("m2", "rest is 50142", minute: 1),
            Self.freelancer("m3", "email: koliveira", conversation: "c2", minute: 2),
            Self.freelancer("m4", "and the domain is @oliveira-studio.net", conversation: "c2", minute: 2),
        ])
        let phone = try #require(findings.first { $0.category == .contactPhone })
        #expect(phone.rule == "contact.phone.split" && phone.messageIDs == ["m1", "m2"] && phone.evidence == "+1 64655 50142")
        let email = try #require(findings.first { $0.category == .contactEmail })
        #expect(email.evidence == "koliveira@oliveira-studio.net" && email.messageIDs == ["m3", "m4"])
    }

    @Test func piecesAreNotJoinedAcrossTheOtherPartyOrOutsideTheWindow() throws {
        let interrupted = try R.scan([
            Self.client("m1", "my number:", minute: 1),
            Self.client("m2", "+1 415", minute: 1),
            Self.freelancer("m3", "sorry?", minute: 2),
            Self.client("m4", "555 0199", minute: 2),
        ]).findings
        #expect(!interrupted.contains { $0.rule == "contact.phone.split" })
        let late = try R.scan([
            Self.client("m1", "my number:", minute: 1),
            Self.client("m2", "+1 415", minute: 1),
            Self.client("m3", "555 0199", minute: 30),
        ]).findings
        #expect(!late.contains { $0.rule == "contact.phone.split" })
    }

    @Test func aDetailAnsweringARequestIsLinkedAndTheAskerInitiated() throws {
        let (outcome, findings) = try R.scan([
            Self.client("m1", "what's your whatsapp?", minute: 1),
            Self.freelancer("m2", "sure, +44 7700 900123", minute: 2),
        ])
        let phone = try #require(findings.first { $0.category == .contactPhone })
        #expect(phone.answers == "m1")
        #expect(phone.initiatorID == "client-1" && phone.initiatorRole == .client)
        let client = try #require(outcome.clientStates["client-1"])
        #expect(client.initiated == 1)
        #expect(client.answeredRequests == 0)
    }

    @Test func contactAfterAContractIsToleratedButPaymentOutsideIsNot() throws {
        let (outcome, findings) = try R.scan([
            Self.client("m1", "let's jump on a skype call, my skype is sam.ortega.biz", minute: 1, contract: "active"),
            Self.client("m2", "and I'll pay the next milestone via paypal to skip the fees", minute: 2, contract: "active"),
        ])
        #expect(findings.filter { $0.messageID == "m1" }.allSatisfy { $0.judgement == .tolerated })
        #expect(findings.contains { $0.messageID == "m2" && $0.judgement == .violation && $0.category.isPayment })
        let client = try #require(outcome.clientStates["client-1"])
        #expect(client.toleratedFindings > 0 && client.violations > 0)
        #expect(client.maxSeverity.keys.allSatisfy { !$0.isContact })
    }

    @Test func aMissingContractCountsAsBeforeOneAndIsNamed() throws {
        let (outcome, findings) = try R.scan([Self.client("m1", "email me at dana.whitfield@gmail.com", contract: nil)])
        #expect(findings.first?.judgement == .violation && findings.first?.contract == .unknown)
        #expect(outcome.clientStates["client-1"]?.contractUnknown == 1)
    }

    @Test func refusalsCreditTheFreelancerAndPersistingIsCounted() throws {
        let (outcome, findings) = try R.scan([
            Self.client("m1", "add me on telegram, it's faster", minute: 1),
            Self.freelancer("m2", "I'd rather keep all communication on the platform, thanks", minute: 2),
            Self.client("m3", "come on, just text me on telegram", minute: 3),
        ])
        #expect(findings.contains { $0.messageID == "m2" && $0.judgement == .mitigating && $0.answers == "m1" })
        #expect(findings.filter { $0.messageID == "m3" }.allSatisfy { $0.afterRefusal })
        let client = try #require(outcome.clientStates["client-1"])
        #expect(client.refusalsReceived == 1)
        #expect(client.persistedAfterRefusal >= 1)
        #expect(client.refusals.map(\.messageID) == ["m2"])
        #expect(outcome.report.clients.first?.level == "high" || outcome.report.clients.first?.level == "medium")
    }

    /// A refusal with no move of the other side before it ("I'll answer
    /// here on Monday", or a freelancer's rule stated up front) credits its
    /// writer but blames no one: the client receives no refusal, and a
    /// later move is not "after a refusal".
    @Test func aRefusalWithNothingToDeclineBlamesNoOne() throws {
        let (outcome, findings) = try R.scan([
            Self.freelancer("m1", "I'd rather keep all communication on the platform, thanks", minute: 1),
            Self.client("m2", "add me on telegram, it's faster", minute: 2),
        ])
        let refusal = try #require(findings.first { $0.messageID == "m1" && $0.category == .refusal })
        #expect(refusal.judgement == .mitigating && refusal.answers == nil)
        #expect(findings.filter { $0.messageID == "m2" }.allSatisfy { !$0.afterRefusal })
        let client = try #require(outcome.clientStates["client-1"])
        #expect(client.refusalsReceived == 0 && client.persistedAfterRefusal == 0)
        #expect(client.refusals.map(\.messageID) == ["m1"])
        #expect(client.initiated == 1)
    }

    /// Declining what the policy tolerates (a call once the contract is
    /// active) is credited too, but is no refusal the client received.
    @Test func aRefusalOfAToleratedMoveIsNotReceived() throws {
        let (outcome, findings) = try R.scan([
            Self.client("m1", "let's jump on a skype call, my skype is sam.ortega.biz", minute: 1, contract: "active"),
            Self.freelancer("m2", "I'd rather keep all communication on the platform, thanks", minute: 2, contract: "active"),
        ])
        #expect(findings.filter { $0.messageID == "m1" }.allSatisfy { $0.judgement == .tolerated })
        let refusal = try #require(findings.first { $0.messageID == "m2" && $0.category == .refusal })
        #expect(refusal.answers == nil)
        #expect(outcome.clientStates["client-1"]?.refusalsReceived == 0)
    }

    /// DESIGN.md's own example: a freelancer who names a channel beside
    /// their refusal is credited, not flagged. The same words from a client
    /// before a contract still move the conversation off first.
    @Test func aFreelancersCallOfferBesideTheirRefusalIsToleratedAClientsIsNot() throws {
        let (outcome, findings) = try R.scan([
            Self.freelancer("m1", "Happy to talk on Skype, but the contract and payment stay here.", minute: 1),
            Self.client("m2", "Happy to talk on Skype, but the contract and payment stay here.", conversation: "c2", minute: 2,
                        client: "client-2", freelancer: "freelancer-2"),
        ])
        let offered = findings.filter { $0.messageID == "m1" && $0.category == .contactMessenger }
        #expect(!offered.isEmpty && offered.allSatisfy { $0.judgement == .tolerated })
        #expect(findings.contains { $0.messageID == "m1" && $0.category == .refusal })
        let proposed = findings.filter { $0.messageID == "m2" && $0.category == .contactMessenger }
        #expect(!proposed.isEmpty && proposed.allSatisfy { $0.judgement == .violation })
        #expect(outcome.clientStates["client-2"]?.violations ?? 0 > 0)
    }

    /// A call put off until the contract is a call after it: the channel and
    /// the request for it are tolerated, whoever writes.
    @Test func aCallDeferredToTheContractIsTolerated() throws {
        let (outcome, findings) = try R.scan([
            Self.client("m1", "Once we have a contract I can jump on Google Meet or Skype for a kickoff.", minute: 1),
        ])
        let contact = findings.filter { $0.category.isContact }
        #expect(!contact.isEmpty && contact.allSatisfy { $0.judgement == .tolerated })
        #expect(outcome.clientStates["client-1"]?.violations == 0)
    }

    /// The scorer's reading alone names who moved first but does not count
    /// as the client initiating: the first phrase-rule violation opens it.
    @Test func aScoredFindingNamesTheInitiatorButDoesNotOpenAViolation() throws {
        let scoredOnly = "i'll pay you half now directly and the rest when you finish"
        let (outcome, findings) = try R.scan([
            Self.client("m1", scoredOnly, minute: 1),
            Self.client("m2", scoredOnly, conversation: "c2", minute: 2, client: "client-2"),
            Self.client("m3", "what's your whatsapp number?", conversation: "c2", minute: 3, client: "client-2"),
        ])
        let scored = try #require(findings.first { $0.messageID == "m1" })
        #expect(scored.rule == "payment.offplatform.scored" && scored.judgement == .violation && scored.initiatorRole == .client)
        #expect(outcome.clientStates["client-1"]?.violations == 1)
        #expect(outcome.clientStates["client-1"]?.initiated == 0)
        #expect(outcome.clientStates["client-2"]?.initiated == 1)
    }

    /// A handle is a detail, not a call offer: beside a refusal it is still
    /// shared before a contract. So is the same channel named in a message
    /// with no refusal.
    @Test func aHandleOrAChannelWithoutARefusalStaysAViolation() throws {
        let (_, findings) = try R.scan([
            Self.client("m1", "sure, my skype is sam.ortega.biz, but payment stays here", minute: 1),
            Self.client("m2", "Happy to talk on Skype, easier than typing here.", conversation: "conv-2", minute: 2),
        ])
        let handle = try #require(findings.first { $0.messageID == "m1" && $0.rule == "contact.messenger.skype_id" })
        #expect(handle.judgement == .violation)
        let named = findings.filter { $0.messageID == "m2" && $0.category == .contactMessenger }
        #expect(!named.isEmpty && named.allSatisfy { $0.judgement == .violation })
    }

    @Test func exemptPairsAreListedButNotScored() throws {
        let directory = R.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = [
            Self.client("m1", "send it to my paypal, same as always", conversation: "old", client: "c-old", freelancer: "f-old"),
            Self.client("m2", "send it to my paypal, same as always", conversation: "new", client: "c-new", freelancer: "f-new"),
            Self.client("m3", "send it to my paypal, same as always", conversation: "fee", client: "c-fee", freelancer: "f-fee"),
        ]
        let input = R.write(Array((lines.joined(separator: "\n") + "\n").utf8), name: "in.jsonl", in: directory)
        // 2024-11-20 is exactly two years before the messages; 2024-11-21 is a day short.
        let csv = """
        client_id,freelancer_id,since,pre_existing,conversion_fee_paid
        c-old,f-old,2024-11-20,false,false
        c-new,f-new,2024-11-21,false,false
        c-fee,f-fee,,no,yes
        """
        let loaded = try RelationshipLoader.parse(csv, path: "pairs.csv")
        #expect(loaded.problems.isEmpty)
        let request = ScanRequest(inputs: [InputFile(path: input)], pipeline: PipelineOptions(threads: 1),
                                  relationships: ("pairs.csv", loaded))
        let outcome = try ScanRun.run(request, compiled: R.defaultPack)
        let byClient = Dictionary(uniqueKeysWithValues: outcome.report.clients.map { ($0.clientID, $0) })
        #expect(byClient["c-old"]?.level == "none" && (byClient["c-old"]?.exemptFindings ?? 0) > 0)
        #expect(byClient["c-old"]?.evidence.first?.exemptReason == "over_two_years")
        #expect(byClient["c-fee"]?.evidence.first?.exemptReason == "conversion_fee_paid")
        #expect(byClient["c-new"]?.level != "none" && byClient["c-new"]?.exemptFindings == 0)
    }

    @Test func conversationStateIsBoundedAndForgetsTheOldest() throws {
        var lines: [String] = []
        for i in 0..<100 {
            lines.append(Self.client("a\(i)", "what's your whatsapp?", conversation: "c\(i)", minute: 1,
                                     client: "client-\(i)", freelancer: "f-\(i)"))
        }
        let directory = R.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = R.write(Array((lines.joined(separator: "\n") + "\n").utf8), name: "in.jsonl", in: directory)
        let request = ScanRequest(inputs: [InputFile(path: input)], pipeline: PipelineOptions(threads: 1),
                                  conversations: ConversationOptions(maxConversations: 16))
        let outcome = try ScanRun.run(request, compiled: R.defaultPack)
        #expect(outcome.report.totals.conversationsForgotten > 0)
        #expect(outcome.report.clients.count == 100)
    }
    /// A pack with one reply rule: "done" counts as a request only right
    /// after a message that named a messenger.
    static let replyPack = """
        pack: replies
        version: 1
        rules:
          - id: contact.messenger.whatsapp
            category: contact.messenger
            severity: 3
            patterns: [{literal: whatsapp}]
          - id: contact.request.reply_done
            category: contact.request
            severity: 2
            follows: [contact.messenger]
            patterns: [{regex: '\\bdone\\b'}]
        """

    @Test func aReplyRuleCountsOnlyRightAfterWhatItFollows() throws {
        let pack = try R.compile(Self.replyPack)
        let (_, findings) = try R.scan([
            // Answers the messenger: kept.
            Self.client("a1", "let's talk on whatsapp", conversation: "a", minute: 1),
            Self.freelancer("a2", "done, texted you", conversation: "a", minute: 2),
            // Nothing before it: dropped.
            Self.freelancer("b1", "done, uploaded the files", conversation: "b", minute: 1),
            // Two messages after: still within reach…
            Self.client("c1", "whatsapp?", conversation: "c", minute: 1),
            Self.freelancer("c2", "which number?", conversation: "c", minute: 2),
            Self.freelancer("c3", "done", conversation: "c", minute: 3),
            // …three after: out of reach.
            Self.client("d1", "whatsapp?", conversation: "d", minute: 1),
            Self.freelancer("d2", "hm", conversation: "d", minute: 2),
            Self.client("d3", "ok", conversation: "d", minute: 3),
            Self.freelancer("d4", "done", conversation: "d", minute: 4),
            // A reply to a reply it does not follow: dropped.
            Self.client("e1", "done with the logo", conversation: "e", minute: 1),
            Self.freelancer("e2", "done", conversation: "e", minute: 2),
        ], pack: pack)
        let replies = Set(findings.filter { $0.rule == "contact.request.reply_done" }.map(\.messageID))
        #expect(replies == ["a2", "c3"])
        // A kept reply is an ordinary finding: judged, with the initiator.
        let kept = try #require(findings.first { $0.messageID == "a2" && $0.category == .contactRequest })
        #expect(kept.initiatorRole == .client && kept.judgement == .violation)
    }

    @Test func aReplyRuleLooksAcrossChunksAndThreads() throws {
        let pack = try R.compile(Self.replyPack)
        var lines: [String] = []
        for i in 0..<200 {
            lines.append(Self.client("q\(i)", "whatsapp?", conversation: "c\(i)", minute: 1))
            lines.append(Self.freelancer("r\(i)", "done", conversation: "c\(i)", minute: 2))
            lines.append(Self.freelancer("s\(i)", "done", conversation: "lonely\(i)", minute: 2))
        }
        let (_, findings) = try R.scan(lines, pack: pack, threads: 2, chunkSize: 4096)
        let replies = findings.filter { $0.rule == "contact.request.reply_done" }
        #expect(replies.count == 200 && replies.allSatisfy { $0.messageID.hasPrefix("r") })
    }
}
