/// Client states merged from spill runs: files of states in client-id
/// order (one per client-id range, merged side by side), and per client
/// only where its state is and its score and level (about 40 bytes a
/// client in memory, against kilobytes for the state).
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

        mutating func append(_ other: Index) {
            offsets += other.offsets
            lengths += other.lengths
            scores += other.scores
            levels += other.levels
        }
    }

    private let files: [SpillFile]
    /// The ordinal of each file's first client.
    private let fileStarts: [Int]
    let index: Index

    /// `indexes[k]` says where `files[k]`'s clients are; the files follow
    /// each other in client-id order.
    init(files: [SpillFile], indexes: [Index]) {
        var index = Index()
        var starts: [Int] = []
        for part in indexes {
            starts.append(index.offsets.count)
            index.append(part)
        }
        self.files = files
        self.fileStarts = starts
        self.index = index
    }

    public var count: Int { index.offsets.count }
    public var fileCount: Int { files.count }

    /// The state of the client at `ordinal` in client-id order.
    public func state(at ordinal: Int) throws -> ClientState {
        try withRecord(at: ordinal) { try ClientStateCodec.decode($0) }
    }

    public func clientID(at ordinal: Int) throws -> String {
        try withRecord(at: ordinal) { try ClientStateCodec.clientID($0) }
    }

    private func withRecord<T>(at ordinal: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        var low = 0, high = fileStarts.count - 1  // the last file starting at or before `ordinal`
        while low < high {
            let mid = (low + high + 1) / 2
            if fileStarts[mid] <= ordinal { low = mid } else { high = mid - 1 }
        }
        return try files[low].withRecord(at: index.offsets[ordinal], length: Int(index.lengths[ordinal]), body)
    }
}
