import Foundation
import Testing
@testable import OffsideCore

/// A report's clients are ranked once and built as they are read
/// (`ReportClients`): every way of reading them gives the entries, in the
/// order, that building them all up front and sorting gave.
@Suite struct ReportClientsTests {
    /// Seven clients: three with the same score (ties go by id), one with a
    /// payment violation, one that only received a refusal-free partner
    /// finding, and two more with phones.
    static func states() -> [ClientState] {
        let aggregator = ClientAggregator(evidenceLimit: 2)
        let rows: [(client: String, rule: String, category: String, severity: Int, own: Bool)] = [
            ("c-b", "phone", "contact.phone", 3, true), ("c-a", "phone", "contact.phone", 3, true),
            ("c-c", "phone", "contact.phone", 3, true), ("c-pay", "paypal", "payment.offplatform", 5, true),
            ("c-pay", "phone", "contact.phone", 4, true), ("c-partner", "phone", "contact.phone", 3, false),
            ("c-two", "phone", "contact.phone", 3, true), ("c-two", "email", "contact.email", 4, true),
            ("c-three", "email", "contact.email", 2, true),
        ]
        for (index, row) in rows.enumerated() {
            var f = FindingBlockTests.finding("m\(index)", evidence: "detail \(index)", millis: 1_793_491_200_000 + Int64(index))
            f.line = index + 1
            f.rule = row.rule
            f.category = Category(rawValue: row.category)!
            f.severity = row.severity
            f.senderRole = row.own ? .client : .freelancer
            f.senderID = row.own ? row.client : "f1"
            f.recipientID = row.own ? "f1" : row.client
            f.conversationID = "k-\(row.client)"
            aggregator.add(f)
        }
        return Array(aggregator.clients.values)
    }

    /// The entries as they were made before `ReportClients`: all built, then
    /// sorted by score and id.
    static func builtAndSorted(_ states: [ClientState]) -> [ScanReport.Client] {
        states.map { ScanReport.Client($0, reveal: false) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.clientID < $1.clientID }
    }

    static func json(_ clients: some Sequence<ScanReport.Client>) throws -> [String] {
        try clients.map { String(decoding: try JSONEncoder.sorted.encode($0), as: UTF8.self) }
    }

    @Test func rankingThenBuildingGivesTheSortedEntries() throws {
        let states = Self.states()
        let expected = Self.builtAndSorted(states)
        let clients = ReportClients(ranking: states.shuffled(), reveal: false, threads: 2)
        #expect(clients.count == 7)
        #expect(clients.map(\.clientID) == expected.map(\.clientID))
        #expect(try Self.json(clients) == Self.json(expected))
        // Equal scores are ranked by id.
        let tied = expected.filter { $0.score == expected.first { $0.clientID == "c-a" }!.score }.map(\.clientID)
        #expect(tied.starts(with: ["c-a", "c-b", "c-c"]))
        // What the tables read without building an entry.
        #expect(clients.indices.map { clients.clientID(at: $0) } == expected.map(\.clientID))
        #expect(clients.indices.map { clients.level(at: $0) } == expected.map(\.level))
        #expect(clients.levelCounts == Dictionary(grouping: expected, by: \.level).mapValues(\.count))
    }

    @Test func blocksCoverEveryClientOnceInRankOrder() throws {
        let clients = ReportClients(ranking: Self.states(), reveal: false, threads: 2)
        for size in [1, 3, 7, 100] {
            var seen: [ScanReport.Client] = []
            var blocks = 0
            clients.forEachBlock(size: size, threads: 2) { block in
                #expect(block.count <= size)
                seen += block
                blocks += 1
            }
            #expect(blocks == (7 + size - 1) / size)
            #expect(try Self.json(seen) == Self.json(clients))
        }
    }

    @Test func decorationIsAddedToEveryEntryHoweverItIsRead() throws {
        let clients = ReportClients(ranking: Self.states(), reveal: false) { client in
            client.trend = [client.clientID.count]
            client.isNew = client.clientID.hasSuffix("a")
        }
        #expect(clients.allSatisfy { $0.trend == [$0.clientID.count] })
        #expect(clients.filter { $0.isNew == true }.map(\.clientID) == ["c-a"])
        var blocked: [ScanReport.Client] = []
        clients.forEachBlock(size: 2, threads: 2) { blocked += $0 }
        #expect(blocked.allSatisfy { $0.trend == [$0.clientID.count] })
    }

    @Test func aReportWithRankedClientsWritesAndDecodesAsBefore() throws {
        let states = Self.states()
        let clients = ReportClients(ranking: states, reveal: false)
        let decoded = try JSONDecoder().decode(ReportClients.self, from: try JSONEncoder.sorted.encode(clients))
        #expect(try Self.json(decoded) == Self.json(Self.builtAndSorted(states)))
        // The JSON report's client lines are the entries' own JSON.
        let report = ScanReport(toolVersion: "0", rulePack: .init(id: "p", version: 1, sha256: "abc", source: "s", rules: 1),
                                relationships: nil, inputs: [],
                                totals: .init(inputs: 0, failedInputs: 0, records: 0, bytes: 0, malformed: 0, findings: 9,
                                              findingsByCategory: [:], clients: 7, findingsWithoutClient: 0, judgements: [:],
                                              joinedFindings: 0, conversationsForgotten: 0),
                                timings: .init(seconds: 0, mbPerSecond: 0, threads: 1), clients: clients)
        let object = try JSONSerialization.jsonObject(with: report.jsonData()) as! [String: Any]
        let written = (object["clients"] as! [[String: Any]]).map { $0["client_id"] as! String }
        #expect(written == Self.builtAndSorted(states).map(\.clientID))
    }
}
