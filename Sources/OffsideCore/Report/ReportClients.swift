import Foundation

/// A report's clients, ranked: highest score first, then client id.
///
/// Built from client states, a client's entry — score terms, evidence
/// redacted, excerpts split — is made when it is read, not held: the entries
/// of every client were as large again as the states they are made from
/// (the largest thing in a scan's memory), and a report only ever needs a
/// block of them at a time. The JSON writer reads each entry once, in
/// blocks on every core; the HTML, Markdown and terminal tables read only
/// the top ones. Reading an entry twice builds it twice.
///
/// Threading: a value; entries may be read from several threads at once.
public struct ReportClients: RandomAccessCollection, Sendable {
    private enum Storage: Sendable {
        /// Entries made elsewhere (decoded, or built by a test).
        case entries([ScanReport.Client])
        case states(Ranked)
        case spilled(SpilledRanked)
    }

    /// Spilled states, ranked: positions in client-id order, in rank order.
    private final class SpilledRanked: Sendable {
        let clients: SpilledClients
        let order: [Int32]
        let reveal: Bool
        let decorate: (@Sendable (inout ScanReport.Client) -> Void)?

        init(clients: SpilledClients, reveal: Bool, decorate: (@Sendable (inout ScanReport.Client) -> Void)?) {
            self.clients = clients
            let scores = clients.index.scores
            // Ties by position, which is client-id order: as `ranking` sorts.
            order = (0..<Int32(clients.count)).sorted { a, b in
                scores[Int(a)] != scores[Int(b)] ? scores[Int(a)] > scores[Int(b)] : a < b
            }
            self.reveal = reveal
            self.decorate = decorate
        }

        /// A failed read of a scratch file this process wrote moments ago
        /// is a broken disk or a bug, not bad input: it stops the run.
        func state(at position: Int) -> ClientState {
            read { try clients.state(at: Int(order[position])) }
        }

        func clientID(at position: Int) -> String {
            read { try clients.clientID(at: Int(order[position])) }
        }

        private func read<T>(_ body: () throws -> T) -> T {
            do {
                return try body()
            } catch {
                fatalError("offside: reading spilled client state: \(error)")
            }
        }
    }

    /// States in rank order with what ranking them computed.
    private final class Ranked: Sendable {
        let states: [ClientState]
        let levels: [String]
        let reveal: Bool
        let decorate: (@Sendable (inout ScanReport.Client) -> Void)?

        init(states: [ClientState], levels: [String], reveal: Bool,
             decorate: (@Sendable (inout ScanReport.Client) -> Void)?) {
            self.states = states
            self.levels = levels
            self.reveal = reveal
            self.decorate = decorate
        }
    }

    private let storage: Storage

    /// Ranks spilled states, as `init(ranking:)` ranks states in memory;
    /// each entry's state is read from disk when the entry is built.
    init(ranking clients: SpilledClients, reveal: Bool, decorate: (@Sendable (inout ScanReport.Client) -> Void)? = nil) {
        storage = .spilled(SpilledRanked(clients: clients, reveal: reveal, decorate: decorate))
    }

    /// Entries already made, kept in the order given.
    public init(_ entries: [ScanReport.Client]) {
        storage = .entries(entries)
    }

    /// Ranks `states` (scored on `threads` threads: 30,000 clients' scores
    /// are a fraction of a second on one core). `decorate` adds what a
    /// report from the database knows of a client (trend, new).
    public init(ranking states: [ClientState], reveal: Bool, threads: Int = 1,
                decorate: (@Sendable (inout ScanReport.Client) -> Void)? = nil) {
        let scores = Self.scores(states, threads: threads)
        let order = states.indices.sorted { a, b in
            scores[a].score != scores[b].score ? scores[a].score > scores[b].score : states[a].clientID < states[b].clientID
        }
        storage = .states(Ranked(states: order.map { states[$0] }, levels: order.map { scores[$0].level },
                                 reveal: reveal, decorate: decorate))
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .entries(let entries): return entries.count
        case .states(let ranked): return ranked.states.count
        case .spilled(let ranked): return ranked.order.count
        }
    }

    public subscript(position: Int) -> ScanReport.Client {
        switch storage {
        case .entries(let entries): return entries[position]
        case .states(let ranked):
            var client = ScanReport.Client(ranked.states[position], reveal: ranked.reveal)
            ranked.decorate?(&client)
            return client
        case .spilled(let ranked):
            var client = ScanReport.Client(ranked.state(at: position), reveal: ranked.reveal)
            ranked.decorate?(&client)
            return client
        }
    }

    /// A client's id without building its entry.
    public func clientID(at position: Int) -> String {
        switch storage {
        case .entries(let entries): return entries[position].clientID
        case .states(let ranked): return ranked.states[position].clientID
        case .spilled(let ranked): return ranked.clientID(at: position)
        }
    }

    /// A client's level without building its entry.
    public func level(at position: Int) -> String {
        switch storage {
        case .entries(let entries): return entries[position].level
        case .states(let ranked): return ranked.levels[position]
        case .spilled(let ranked): return ranked.clients.index.levels[Int(ranked.order[position])]
        }
    }

    /// A client's state, when the entries were made from states.
    public func state(at position: Int) -> ClientState? {
        switch storage {
        case .entries: return nil
        case .states(let ranked): return ranked.states[position]
        case .spilled(let ranked): return ranked.state(at: position)
        }
    }

    /// Every client's state by client id (none for entries made
    /// elsewhere): for tests and small runs, it reads spilled states back.
    public var statesByClient: [String: ClientState] {
        var states: [String: ClientState] = [:]
        for index in indices { if let state = state(at: index) { states[state.clientID] = state } }
        return states
    }

    /// Clients per level.
    public var levelCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for index in indices { counts[level(at: index), default: 0] += 1 }
        return counts
    }

    /// Calls `body` with the entries of consecutive blocks of `size`
    /// clients, in rank order; each block's entries are built on `threads`
    /// threads first, so only one block is in memory.
    public func forEachBlock(size: Int = 1024, threads: Int, _ body: ([ScanReport.Client]) throws -> Void) rethrows {
        var start = 0
        while start < count {
            let range = start..<Swift.min(count, start + size)
            try body(Self.map(range, parts: Swift.min(threads, range.count / 64)) { self[$0] })
            start = range.upperBound
        }
    }

    private static func scores(_ states: [ClientState], threads: Int) -> [(score: Int, level: String)] {
        Self.map(states.indices, parts: Swift.min(threads, states.count / 1000)) { index in
            let risk = RiskScore(client: states[index])
            return (risk.score, risk.level)
        }
    }

    /// `transform` of every index of `range`, in order, computed in `parts`
    /// consecutive slices on as many threads.
    private static func map<T>(_ range: Range<Int>, parts: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        let parts = Swift.max(1, parts)
        let results = PartResults<[T]>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let lower = range.lowerBound + range.count * part / parts
            let upper = range.lowerBound + range.count * (part + 1) / parts
            results.set(part, (lower..<upper).map(transform))
        }
        return results.values.flatMap { $0 }
    }
}

extension ReportClients: Codable {
    public init(from decoder: Decoder) throws {
        self.init(try [ScanReport.Client](from: decoder))
    }

    public func encode(to encoder: Encoder) throws {
        try Array(self).encode(to: encoder)
    }
}
