import Foundation
import Testing
@testable import OffsideCore

/// Client state is a mergeable value: scanning parts of an archive and
/// merging equals scanning it whole, in any grouping and order.
@Suite struct ClientStateMergeTests {
    static let conversationSet = EvaluationTests.root.appendingPathComponent("Data/eval/conversations.jsonl")

    /// Splits the labelled conversation set into `parts` files by
    /// conversation (a conversation is never cut: the conversation stage
    /// needs it whole), keeping input order within each.
    static func partition(_ parts: Int, in directory: URL) throws -> [String] {
        let lines = try String(contentsOf: conversationSet, encoding: .utf8).split(separator: "\n")
        var buckets = Array(repeating: "", count: parts)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let conversation = object["conversation_id"] as! String
            buckets[Int(MessageTrace.key(conversation) % UInt64(parts))] += line + "\n"
        }
        return buckets.enumerated().map { TestSupport.write(Array($1.utf8), name: "part\($0).jsonl", in: directory) }
    }

    static func scan(_ paths: [String]) throws -> [String: ClientState] {
        let request = ScanRequest(inputs: paths.map { InputFile(path: $0) }, pipeline: PipelineOptions(threads: 2), evidenceLimit: 3)
        return try ScanRun.run(request, compiled: TestSupport.defaultPack).clientStates
    }

    static func merged(_ parts: [[String: ClientState]]) -> [String: ClientState] {
        let aggregator = ClientAggregator(evidenceLimit: 3)
        for part in parts { for state in part.values { aggregator.merge(state) } }
        return aggregator.clients
    }

    @Test func scanningTwoHalvesAndMergingEqualsScanningTheWhole() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let halves = try Self.partition(2, in: directory)
        let whole = try Self.scan(halves)
        let merged = Self.merged([try Self.scan([halves[0]]), try Self.scan([halves[1]])])
        #expect(whole.count > 20)
        #expect(merged == whole)
        // Reports, scores included, are the same too.
        for (id, state) in whole {
            #expect(RiskScore(client: merged[id]!) == RiskScore(client: state))
        }
    }

    @Test func mergeIsAssociativeAndCommutative() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let parts = try Self.partition(3, in: directory).map { try Self.scan([$0]) }
        let abc = Self.merged([Self.merged([parts[0], parts[1]]), parts[2]])
        let cba = Self.merged([parts[2], Self.merged([parts[1], parts[0]])])
        let bca = Self.merged([parts[1], parts[2], parts[0]])
        #expect(abc == cba && cba == bca)
    }
}
