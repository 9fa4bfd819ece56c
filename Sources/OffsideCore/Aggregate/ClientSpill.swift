import Foundation

/// Where client state goes when there are more clients than memory should
/// hold: the client stage hands all its states over to be written, sorted
/// by client id, as a run on disk, and starts afresh; at the end the runs
/// are merged by client id with `ClientState.merge` — exact, because client
/// states merge exactly — into one file that a report reads a client at a
/// time (`SpilledClients`).
///
/// Threading: `write`, `finishWriting` and `merge` from the owning
/// `ClientAggregator`'s thread only. A run is encoded on that thread, so
/// the states' memory goes at once, and written on this type's own serial
/// queue, so the aggregate thread does not wait for the disk; `runs`, the
/// counters and `failure` are touched on that queue only, and read through
/// `queue.sync`. At most one encoded batch is in flight: `write` waits for
/// the one before.
final class ClientSpill: @unchecked Sendable {
    /// A run that could not be written, with its encoded states, so that
    /// the caller can take them back: nothing is lost.
    struct Failure: Error, CustomStringConvertible {
        var error: Error
        var records: [UInt8]
        var description: String { "\(error)" }

        /// The states of the run, decoded from memory.
        func states() -> [ClientState] {
            var states: [ClientState] = []
            records.withUnsafeBytes { bytes in
                var offset = 0
                while offset + SpillFile.prefix <= bytes.count {
                    var length = 0
                    for index in 0..<SpillFile.prefix { length |= Int(bytes[offset + index]) << (8 * index) }
                    offset += SpillFile.prefix
                    // Encoded by this process a moment ago: it decodes.
                    states.append(try! ClientStateCodec.decode(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])))
                    offset += length
                }
            }
            return states
        }
    }

    let options: ClientSpillOptions
    private let queue = DispatchQueue(label: "offside.client-spill")
    private var runs: [SpillFile] = []
    private var failure: Failure?
    private var record = ByteRecordWriter()
    /// Encoded bytes per client a batch reserves (about what the benchmark
    /// corpus's states take).
    private static let bytesPerClient = 1536
    private var written = (runs: 0, bytes: Int64(0))

    init(options: ClientSpillOptions) { self.options = options }

    /// Runs and bytes written so far (the merged file's bytes included).
    var runsWritten: Int { queue.sync { written.runs } }
    var bytesWritten: Int64 { queue.sync { written.bytes } }
    /// Runs written and not yet merged.
    var runCount: Int { queue.sync { runs.count } }

    /// Starts writing `clients` as one run, in client-id order, once the
    /// run before it is written. Throws that run's `Failure`, if it failed.
    func write(_ clients: [String: ClientState]) throws(Failure) {
        try finishWriting()
        var batch = ByteRecordWriter(capacity: clients.count * Self.bytesPerClient)
        for id in clients.keys.sorted() {
            batch.framed { ClientStateCodec.encode(clients[id]!, into: &$0) }
        }
        let records = batch.bytes
        queue.async { [self] in
            do {
                let file = try SpillFile(directory: options.directory)
                try records.withUnsafeBytes { try file.appendFramed($0) }
                written.runs += 1
                written.bytes += file.size
                runs.append(file)
            } catch {
                failure = Failure(error: error, records: records)
            }
        }
    }

    /// Waits for the run being written; throws its `Failure`, once.
    func finishWriting() throws(Failure) {
        let failed: Failure? = queue.sync {
            defer { failure = nil }
            return failure
        }
        if let failed { throw failed }
    }

    /// Merges the runs and `held` (the states still in memory, which it
    /// empties) into one file of states in client-id order, each scored as
    /// it is written. The runs' files go when this returns. Call after
    /// `finishWriting` succeeded or its failure was taken back.
    func merge(taking held: inout [String: ClientState], evidenceLimit: Int, refusalLimit: Int) throws -> SpilledClients {
        var states = held.values.sorted { $0.clientID < $1.clientID }
        held = [:]
        return try queue.sync {
            precondition(failure == nil, "merging spilled runs before a failed run was taken back")
            return try mergeRuns(&states, evidenceLimit: evidenceLimit, refusalLimit: refusalLimit)
        }
    }

    /// `held`: states sorted by client id; each is released once merged.
    private func mergeRuns(_ held: inout [ClientState], evidenceLimit: Int, refusalLimit: Int) throws -> SpilledClients {
        var cursors = runs.map { SpillFile.Cursor($0) }
        defer { for index in cursors.indices { cursors[index].close() } }
        var nextHeld = 0
        let released = ClientState(clientID: "")
        // The smallest client id of each source's next state, in a
        // min-heap; the states in memory are the source after the runs.
        var heads: [(id: String, run: Int, state: ClientState)] = []
        func advance(_ run: Int) throws {
            var state: ClientState?
            if run < cursors.count {
                state = try cursors[run].next().map { try ClientStateCodec.decode($0) }
            } else if nextHeld < held.count {
                state = held[nextHeld]
                held[nextHeld] = released
                nextHeld += 1
            }
            if let state {
                heads.append((state.clientID, run, state))
                siftUp(&heads, heads.count - 1)
            }
        }
        for run in 0...runs.count { try advance(run) }

        let merged = try SpillFile(directory: options.directory)
        var index = SpilledClients.Index()
        while !heads.isEmpty {
            var (id, run, state) = popMin(&heads)
            try advance(run)
            while let top = heads.first, top.id == id {
                let next = popMin(&heads)
                try advance(next.run)
                state.merge(next.state, evidenceLimit: evidenceLimit, refusalLimit: refusalLimit)
            }
            record.removeAll()
            ClientStateCodec.encode(state, into: &record)
            let offset = try merged.append(record.bytes)
            let risk = RiskScore(client: state)
            index.append(offset: offset, length: record.bytes.count, score: risk.score, level: risk.level)
        }
        try merged.flush()
        written.bytes += merged.size
        runs.removeAll()
        return SpilledClients(file: merged, index: index)
    }

    private func siftUp(_ heap: inout [(id: String, run: Int, state: ClientState)], _ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func popMin(_ heap: inout [(id: String, run: Int, state: ClientState)]) -> (id: String, run: Int, state: ClientState) {
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, Self.before(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, Self.before(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { return top }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    /// By client id, then run, so states of one client merge in run order.
    private static func before(_ a: (id: String, run: Int, state: ClientState), _ b: (id: String, run: Int, state: ClientState)) -> Bool {
        a.id != b.id ? a.id < b.id : a.run < b.run
    }
}

/// How many clients the client stage holds in memory, and where it spills
/// the rest.
public struct ClientSpillOptions: Sendable {
    /// Clients held in memory; past it they are written to disk. About 4 KB
    /// each on the benchmark corpus.
    public var clientsInMemory: Int
    public var directory: String

    /// About 130 MB of state: with the pipeline's chunks in flight, a scan
    /// on 8 threads peaks under 512 MB however long its input (README,
    /// "Memory").
    public static let defaultClientsInMemory = 32_768

    public init(clientsInMemory: Int = Self.defaultClientsInMemory, directory: String? = nil) {
        self.clientsInMemory = max(1, clientsInMemory)
        self.directory = directory ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }
}
