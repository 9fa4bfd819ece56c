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

    /// A run on disk and, every `options.sampleEvery` states, a state's
    /// client id and offset: where a merge of a key range starts reading.
    struct Run: @unchecked Sendable {
        var file: SpillFile
        var samples: [(id: String, offset: Int64)]
    }

    let options: ClientSpillOptions
    private let queue = DispatchQueue(label: "offside.client-spill")
    private var runs: [Run] = []
    private var failure: Failure?
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
        var samples: [(id: String, offset: Int64)] = []
        for (ordinal, id) in clients.keys.sorted().enumerated() {
            if ordinal % options.sampleEvery == 0 { samples.append((id, Int64(batch.bytes.count))) }
            batch.framed { ClientStateCodec.encode(clients[id]!, into: &$0) }
        }
        let records = batch.bytes, runSamples = samples
        queue.async { [self] in
            do {
                let file = try SpillFile(directory: options.directory)
                try records.withUnsafeBytes { try file.appendFramed($0) }
                written.runs += 1
                written.bytes += file.size
                runs.append(Run(file: file, samples: runSamples))
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
    /// empties) into files of states in client-id order, each scored as it
    /// is written: one file per client-id range, the ranges merged on up to
    /// `parts` threads. The runs' files go when this returns. Call after
    /// `finishWriting` succeeded or its failure was taken back.
    func merge(taking held: inout [String: ClientState], evidenceLimit: Int, refusalLimit: Int,
               parts: Int = 1) throws -> SpilledClients {
        var states = held.values.sorted { $0.clientID < $1.clientID }
        held = [:]
        return try queue.sync {
            precondition(failure == nil, "merging spilled runs before a failed run was taken back")
            let bounds = Self.rangeBounds(runs: runs, held: states, sampleEvery: options.sampleEvery, parts: parts)
            // Each range takes its own states out of memory, so that each
            // is released once merged on whichever thread merges it.
            var heldByRange: [[ClientState]] = []
            var from = 0
            for upper in bounds.dropFirst() {
                let to = upper.map { key in Self.firstIndex(in: states, notBelow: key) } ?? states.count
                heldByRange.append(Array(states[from..<to]))
                from = to
            }
            states = []
            let ranges = bounds.count - 1
            let runs = self.runs
            let results = PartResults<Result<(SpillFile, SpilledClients.Index), Error>>(count: ranges)
            let options = self.options
            let taken = PartResults<[ClientState]>(count: ranges)
            for (range, states) in heldByRange.enumerated() { taken.set(range, states) }
            heldByRange = []
            DispatchQueue.concurrentPerform(iterations: ranges) { range in
                var mine = taken.take(range)
                results.set(range, Result {
                    try Self.mergeRange(runs: runs, held: &mine, lower: bounds[range], upper: bounds[range + 1],
                                        directory: options.directory, evidenceLimit: evidenceLimit, refusalLimit: refusalLimit)
                })
            }
            var files: [SpillFile] = []
            var indexes: [SpilledClients.Index] = []
            for result in results.values {
                let (file, index) = try result.get()
                written.bytes += file.size
                files.append(file)
                indexes.append(index)
            }
            self.runs.removeAll()
            return SpilledClients(files: files, indexes: indexes)
        }
    }

    /// Range bounds in client-id order: nil, then up to `parts - 1` keys,
    /// then nil (a nil is open), cut at quantiles of the runs' samples and
    /// of every `sampleEvery`-th state in memory.
    static func rangeBounds(runs: [Run], held: [ClientState], sampleEvery: Int, parts: Int) -> [String?] {
        guard parts > 1 else { return [nil, nil] }
        var keys = runs.flatMap { $0.samples.map(\.id) }
        keys += stride(from: 0, to: held.count, by: max(1, sampleEvery)).map { held[$0].clientID }
        keys.sort()
        var bounds: [String?] = [nil]
        // The smallest key is every source's first id (each run's first
        // state and the first in memory are samples): nothing is below it.
        for part in 1..<parts where !keys.isEmpty {
            let key = keys[keys.count * part / parts]
            if key <= keys[0] { continue }
            if let last = bounds.last!, last >= key { continue }
            bounds.append(key)
        }
        bounds.append(nil)
        return bounds
    }

    /// The first index of `states` (sorted by client id) whose id is not below `key`.
    private static func firstIndex(in states: [ClientState], notBelow key: String) -> Int {
        var low = 0, high = states.count
        while low < high {
            let mid = (low + high) / 2
            if states[mid].clientID < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Merges the states with ids in `lower..<upper` (nil: open) from every
    /// run and from `held` (that range's states in memory, sorted; each is
    /// released once merged) into a file of its own.
    private static func mergeRange(runs: [Run], held: inout [ClientState], lower: String?, upper: String?, directory: String,
                                   evidenceLimit: Int, refusalLimit: Int) throws -> (SpillFile, SpilledClients.Index) {
        // Each run is read from its last sample at or below the range's start.
        var cursors = runs.map { run in
            let start = lower.flatMap { key in run.samples.last { $0.id <= key }?.offset } ?? 0
            return SpillFile.Cursor(run.file, from: start)
        }
        defer { for index in cursors.indices { cursors[index].close() } }
        var nextHeld = 0
        let released = ClientState(clientID: "")
        // The smallest client id of each source's next state, in a
        // min-heap; the states in memory are the source after the runs.
        var heads: [(id: String, run: Int, state: ClientState)] = []
        func advance(_ run: Int) throws {
            var state: ClientState?
            if run < cursors.count {
                while let record = try cursors[run].next() {
                    let id = try ClientStateCodec.clientID(record)
                    if let lower, id < lower { continue }
                    if let upper, id >= upper { break }
                    state = try ClientStateCodec.decode(record)
                    break
                }
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

        let merged = try SpillFile(directory: directory)
        var index = SpilledClients.Index()
        var record = ByteRecordWriter()
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
        return (merged, index)
    }

    private static func siftUp(_ heap: inout [(id: String, run: Int, state: ClientState)], _ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private static func popMin(_ heap: inout [(id: String, run: Int, state: ClientState)]) -> (id: String, run: Int, state: ClientState) {
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

    /// Every this many states of a run, its client id and offset are kept,
    /// so that a merge of a client-id range can start reading near it.
    var sampleEvery = 512

    public init(clientsInMemory: Int = Self.defaultClientsInMemory, directory: String? = nil) {
        self.clientsInMemory = max(1, clientsInMemory)
        self.directory = directory ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }
}
