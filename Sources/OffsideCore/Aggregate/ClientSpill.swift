import Foundation

/// Where client state goes when there are more clients than memory should
/// hold: the client stage writes all its states, sorted by client id, to a
/// run on disk and starts afresh; at the end the runs are merged by client
/// id with `ClientState.merge` — exact, because client states merge exactly
/// — into one file that a report reads a client at a time
/// (`SpilledClients`).
///
/// Threading: not thread-safe; owned by one `ClientAggregator`.
final class ClientSpill {
    let options: ClientSpillOptions
    private var runs: [SpillFile] = []
    private var record = ByteRecordWriter()
    /// Runs and bytes written so far, the merged file's bytes included.
    private(set) var runsWritten = 0
    private(set) var bytesWritten: Int64 = 0

    init(options: ClientSpillOptions) { self.options = options }

    /// Runs not yet merged.
    var runCount: Int { runs.count }

    /// Writes `clients` as one run, in client-id order.
    func write(_ clients: [String: ClientState]) throws {
        let file = try SpillFile(directory: options.directory)
        for id in clients.keys.sorted() {
            record.removeAll()
            ClientStateCodec.encode(clients[id]!, into: &record)
            try file.append(record.bytes)
        }
        try file.flush()
        bytesWritten += file.size
        runsWritten += 1
        runs.append(file)
    }

    /// Merges the runs into one file of states in client-id order, each
    /// scored as it is written. The runs' files go when this returns.
    func merge(evidenceLimit: Int, refusalLimit: Int) throws -> SpilledClients {
        var cursors = runs.map { SpillFile.Cursor($0) }
        defer { for index in cursors.indices { cursors[index].close() } }
        // The smallest client id of each run's next record, in a min-heap.
        var heads: [(id: String, run: Int, state: ClientState)] = []
        func advance(_ run: Int) throws {
            if let bytes = try cursors[run].next() {
                let state = try ClientStateCodec.decode(bytes)
                heads.append((state.clientID, run, state))
                siftUp(&heads, heads.count - 1)
            }
        }
        for run in runs.indices { try advance(run) }

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
        bytesWritten += merged.size
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

    public static let defaultClientsInMemory = 50_000

    public init(clientsInMemory: Int = Self.defaultClientsInMemory, directory: String? = nil) {
        self.clientsInMemory = max(1, clientsInMemory)
        self.directory = directory ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }
}
