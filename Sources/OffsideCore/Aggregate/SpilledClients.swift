/// Client states merged from spill runs: one file of states in client-id
/// order, and per client only where its state is and its score and level
/// (about 40 bytes a client in memory, against kilobytes for the state).
///
/// Threading: immutable; states may be read from several threads at once.
public final class SpilledClients: Sendable {
    /// Where each client's state is, and what ranking it needs, in
    /// client-id order.
    struct Index: Sendable {
        var offsets: [Int64] = []
        var lengths: [UInt32] = []
        var scores: [Int32] = []
        var levels: [String] = []

        mutating func append(offset: Int64, length: Int, score: Int, level: String) {
            offsets.append(offset)
            lengths.append(UInt32(length))
            scores.append(Int32(score))
            levels.append(level)
        }
    }

    private let file: SpillFile
    let index: Index

    init(file: SpillFile, index: Index) {
        self.file = file
        self.index = index
    }

    public var count: Int { index.offsets.count }

    /// The state of the client at `ordinal` in client-id order.
    public func state(at ordinal: Int) throws -> ClientState {
        try file.withRecord(at: index.offsets[ordinal], length: Int(index.lengths[ordinal])) { try ClientStateCodec.decode($0) }
    }

    public func clientID(at ordinal: Int) throws -> String {
        try file.withRecord(at: index.offsets[ordinal], length: Int(index.lengths[ordinal])) { try ClientStateCodec.clientID($0) }
    }
}
