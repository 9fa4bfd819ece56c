/// Who wrote a message.
public enum SenderRole: UInt8, Sendable, Codable {
    case client = 1
    case freelancer = 2

    public var name: String { self == .client ? "client" : "freelancer" }
}

/// The pair's contract at the moment of a message; `unknown` when the record
/// does not say.
public enum ContractState: UInt8, Sendable {
    case unknown = 0, none, offered, active, ended

    /// As in the input record; `unknown` when the record did not say.
    public var name: String {
        switch self {
        case .unknown: return "unknown"
        case .none: return "none"
        case .offered: return "offered"
        case .active: return "active"
        case .ended: return "ended"
        }
    }
}

/// Where a decoded JSON string lives: in the chunk (no escapes, so the raw
/// bytes are the value) or in the worker's arena (escapes decoded). Offsets,
/// not pointers, because the arena may grow while a chunk is parsed.
public struct ByteRef: Sendable, Equatable {
    public var offset: Int32
    public var count: Int32
    public var inArena: Bool

    public static let absent = ByteRef(offset: 0, count: -1, inArena: false)
    public var isAbsent: Bool { count < 0 }
}

/// The fields of one input record, as references into the chunk or arena.
/// A plain value so a chunk's records are kept in one reused array.
public struct RecordFields: Sendable {
    public var id = ByteRef.absent
    public var conversationID = ByteRef.absent
    public var senderID = ByteRef.absent
    public var recipientID = ByteRef.absent
    public var timestampText = ByteRef.absent
    public var text = ByteRef.absent
    public var role: SenderRole? = nil
    public var contract = ContractState.unknown
    /// Epoch milliseconds when `ts` parsed, else nil.
    public var timestampMillis: Int64? = nil
    public init() {}
}

/// Why a line is not a usable record. Static strings so reporting a bad line
/// allocates nothing until the summary is written.
public struct RecordError: Error, Sendable, Equatable {
    public let message: StaticString
    /// 1-based byte column in the line.
    public let column: Int

    public var description: String { "\(message) (column \(column))" }

    public static func == (a: RecordError, b: RecordError) -> Bool {
        a.message.description == b.message.description && a.column == b.column
    }
}
