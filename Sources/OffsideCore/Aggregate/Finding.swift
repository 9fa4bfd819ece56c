/// One finding, as written to `--findings` (DESIGN.md "Finding"). `evidence`
/// holds the matched text whole; writers redact it unless `--reveal`.
public struct Finding: Sendable, Equatable {
    public var archive: String
    /// 1-based line in the archive's uncompressed stream.
    public var line: Int
    public var messageID: String
    public var conversationID: String
    public var senderID: String
    public var senderRole: SenderRole
    public var recipientID: String?
    /// The record's `ts` as RFC 3339 (epoch milliseconds are converted).
    public var timestamp: String?
    public var timestampMillis: Int64?
    public var rule: String
    public var category: Category
    public var severity: Int
    /// UTF-8 byte offsets into the message's decoded text.
    public var start: Int
    public var end: Int
    public var evidence: String
    /// More than one where a finding spans several messages.
    public var messageIDs: [String]
    /// The pair's contract state at the message, when the record said.
    public var contract: ContractState

    /// The client of the conversation: the sender if a client wrote it, else
    /// the recipient (DESIGN.md).
    public var clientID: String? { senderRole == .client ? senderID : recipientID }
}
