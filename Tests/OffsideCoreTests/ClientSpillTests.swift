import Foundation
import Testing
@testable import OffsideCore

/// Client state past `--clients-in-memory` goes to scratch files and is
/// merged back (`ClientSpill`): a state read back equals the one written,
/// and a scan, a stored scan's report and a merge that spilled give the
/// report that holding every client in memory gives.
@Suite struct ClientSpillTests {
    static func states() throws -> [ClientState] {
        let request = ScanRequest(inputs: [InputFile(path: ClientStateMergeTests.conversationSet.path)],
                                  pipeline: PipelineOptions(threads: 2), evidenceLimit: 3)
        return Array(try ScanRun.run(request, compiled: TestSupport.defaultPack).clientStates.values)
    }

    /// Every optional field of a finding set, and some left out.
    static func unusualState() -> ClientState {
        var state = ClientState(clientID: "c-ü 1")
        var a = FindingBlockTests.finding("m1", evidence: "wa.me/555", millis: -5)
        a.exemptReason = .preExisting
        a.judgement = .exempt
        a.answers = "m0"
        a.initiatorID = "f1"
        a.initiatorRole = .freelancer
        a.afterRefusal = true
        a.opensViolation = true
        a.messageIDs = ["m1", "m2"]
        a.contract = .ended
        var b = FindingBlockTests.finding("m3", evidence: "", millis: nil)
        b.recipientID = nil
        b.senderRole = .freelancer
        b.category = .refusal
        b.judgement = .mitigating
        state.evidence = [a]
        state.refusals = [b]
        state.categories = [.contactEmail: 2, .refusal: 1]
        state.maxSeverity = [.contactEmail: 4]
        state.conversations = ["k1", "k2", ""]
        state.freelancersApproached = ["f1"]
        state.firstSeen = -5
        state.lastSeen = Int64.max
        state.violations = 1 << 40
        return state
    }

    static func roundTrip(_ state: ClientState) throws -> ClientState {
        var writer = ByteRecordWriter()
        ClientStateCodec.encode(state, into: &writer)
        return try writer.bytes.withUnsafeBytes { try ClientStateCodec.decode($0) }
    }

    @Test func aStateReadBackEqualsTheOneWritten() throws {
        let states = try Self.states() + [Self.unusualState(), ClientState(clientID: "")]
        #expect(states.count > 20)
        #expect(states.contains { !$0.refusals.isEmpty } && states.contains { $0.evidence.count == 3 })
        for state in states { #expect(try Self.roundTrip(state) == state) }
    }

    @Test func aCutOrPaddedRecordIsAnErrorNotACrash() throws {
        var writer = ByteRecordWriter()
        ClientStateCodec.encode(Self.unusualState(), into: &writer)
        let bytes = writer.bytes
        for length in 0..<bytes.count {
            #expect(throws: (any Error).self) { try bytes[..<length].withUnsafeBytes { try ClientStateCodec.decode($0) } }
        }
        #expect(throws: ClientStateCodec.Corrupt.self) { try (bytes + [0]).withUnsafeBytes { try ClientStateCodec.decode($0) } }
    }

    @Test func aCursorReadsRecordsLargerThanItsBuffer() throws {
        let file = try SpillFile(directory: NSTemporaryDirectory())
        let records: [[UInt8]] = [[], [1, 2, 3], Array(repeating: 7, count: 100_000), [9], (0..<300).map { UInt8($0 % 256) }]
        var offsets: [Int64] = []
        for record in records { offsets.append(try file.append(record)) }
        try file.flush()
        var cursor = SpillFile.Cursor(file, bufferSize: 16)
        defer { cursor.close() }
        var read: [[UInt8]] = []
        while let record = try cursor.next() { read.append(Array(record)) }
        #expect(read == records)
        // And by offset, as a report reads them.
        for (record, offset) in zip(records, offsets) {
            #expect(try file.withRecord(at: offset, length: record.count) { Array($0) } == record)
        }
    }

    static func request(_ paths: [String], clientsInMemory: Int? = nil, partial: String? = nil) throws -> ScanRequest {
        var request = try PartialMergeTests.request(paths, partial: partial)
        if let clientsInMemory { request.clientSpill = ClientSpillOptions(clientsInMemory: clientsInMemory) }
        return request
    }

    @Test(arguments: [1, 2, 7])
    func aScanThatSpillsGivesTheReportOfOneThatDoesNot(clientsInMemory: Int) throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archives = try StoreTests.sampleArchives(parts: 3, in: directory)
        let held = try ScanRun.run(try Self.request(archives), compiled: TestSupport.defaultPack)
        let spilled = try ScanRun.run(try Self.request(archives, clientsInMemory: clientsInMemory), compiled: TestSupport.defaultPack)
        #expect(held.aggregator?.clients.spilledRuns == 0)
        #expect((spilled.aggregator?.clients.spilledRuns ?? 0) > held.report.clients.count / (clientsInMemory + 1) / 2)
        #expect(held.report.clients.count > 20)
        #expect(try PartialMergeTests.canonical(spilled.report) == PartialMergeTests.canonical(held.report))
        #expect(spilled.clientStates == held.clientStates)
        // What the tables read without building entries.
        let clients = spilled.report.clients
        #expect(clients.indices.map { clients.clientID(at: $0) } == held.report.clients.map(\.clientID))
        #expect(clients.levelCounts == held.report.clients.levelCounts)
    }

    /// Client-id ranges merged side by side, each run read from its last
    /// sample before the range (every state sampled, every other one, or
    /// only each run's first).
    @Test(arguments: [(2, 3, 1), (7, 5, 2), (3, 8, 512)])
    func rangesMergedSideBySideGiveTheReportOfOneThatDoesNotSpill(clientsInMemory: Int, threads: Int, sampleEvery: Int) throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archives = try StoreTests.sampleArchives(parts: 3, in: directory)
        let held = try ScanRun.run(try Self.request(archives), compiled: TestSupport.defaultPack)
        var request = try Self.request(archives, clientsInMemory: clientsInMemory)
        request.clientSpill.sampleEvery = sampleEvery
        request.pipeline = PipelineOptions(threads: threads)
        let spilled = try ScanRun.run(request, compiled: TestSupport.defaultPack)
        #expect((spilled.aggregator?.clients.mergedRanges ?? 0) > 1)
        #expect(try PartialMergeTests.canonical(spilled.report) == PartialMergeTests.canonical(held.report))
        #expect(spilled.clientStates == held.clientStates)
        let clients = spilled.report.clients
        #expect(clients.indices.map { clients.clientID(at: $0) } == held.report.clients.map(\.clientID))
    }

    @Test func rangeBoundsAreIncreasingQuantilesOfTheSamples() {
        let run = ClientSpill.Run(file: try! SpillFile(directory: NSTemporaryDirectory()),
                                  samples: ["b", "d", "f", "h"].map { ($0, Int64(0)) })
        let held = ["a", "c", "e", "g"].map { ClientState(clientID: $0) }
        #expect(ClientSpill.rangeBounds(runs: [run], held: held, sampleEvery: 1, parts: 1) == [nil, nil])
        #expect(ClientSpill.rangeBounds(runs: [run], held: held, sampleEvery: 1, parts: 2) == [nil, "e", nil])
        #expect(ClientSpill.rangeBounds(runs: [run], held: held, sampleEvery: 1, parts: 4) == [nil, "c", "e", "g", nil])
        // More parts than keys: no empty or repeated range.
        #expect(ClientSpill.rangeBounds(runs: [], held: [ClientState(clientID: "a")], sampleEvery: 1, parts: 3) == [nil, nil])
        #expect(ClientSpill.rangeBounds(runs: [], held: [], sampleEvery: 1, parts: 3) == [nil, nil])
    }

    @Test func whenSpillingFailsTheStatesStayInMemoryAndNothingIsLost() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archives = try StoreTests.sampleArchives(parts: 2, in: directory)
        let held = try ScanRun.run(try Self.request(archives), compiled: TestSupport.defaultPack)
        var request = try Self.request(archives)
        request.clientSpill = ClientSpillOptions(clientsInMemory: 3, directory: directory.appendingPathComponent("missing").path)
        let failed = try ScanRun.run(request, compiled: TestSupport.defaultPack)
        let clients = try #require(failed.aggregator?.clients)
        #expect(clients.spilledRuns == 0)
        #expect("\(try #require(clients.spillError))".contains("cannot create a spill file in"))
        #expect(try PartialMergeTests.canonical(failed.report) == PartialMergeTests.canonical(held.report))
    }

    @Test func aMergeAndAStoredReportThatSpillGiveTheSameReport() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archives = try StoreTests.sampleArchives(parts: 2, in: directory)
        let partial = directory.appendingPathComponent("p.partial.zst").path
        let single = try ScanRun.run(try Self.request(archives, partial: partial), compiled: TestSupport.defaultPack)
        let merge = try PartialMerge([PartialFile(path: partial)])
        let merged = try merge.report(reveal: false, threads: 2, clientSpill: ClientSpillOptions(clientsInMemory: 3))
        #expect(try PartialMergeTests.canonical(merged.report) == PartialMergeTests.canonical(single.report))

        let db = directory.appendingPathComponent("o.db").path
        var stored = try Self.request(archives, clientsInMemory: 4)
        stored.store = StoreOptions(path: db, rescan: false, night: "2026-11-20", waitSeconds: 0, keepDays: nil)
        let storedScan = try ScanRun.run(stored, compiled: TestSupport.defaultPack)
        #expect((storedScan.aggregator?.clients.spilledRuns ?? 0) > 0)
        let database = try ScanDatabase(path: db, create: false)
        let held = try StoredReport.build(database: database, selection: StoredSelection(), reveal: false, evidenceLimit: 3)
        let spilled = try StoredReport.build(database: database, selection: StoredSelection(), reveal: false, evidenceLimit: 3,
                                             spill: ClientSpillOptions(clientsInMemory: 2))
        #expect(try StoreTests.canonical(spilled) == StoreTests.canonical(held))
        // The scan's own report also names its relationships file.
        var scanReport = storedScan.report
        scanReport.relationships = nil
        #expect(try StoreTests.canonical(scanReport) == StoreTests.canonical(held))
        #expect(held.clients.count == single.report.clients.count)
    }
}
