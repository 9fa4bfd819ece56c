/// One finding, as written to `--findings` (DESIGN.md "Finding"). `evidence`
/// holds the matched text whole; writers redact it unless `--reveal`.
/// The match stage fills the first group of fields; the conversation stage
/// adds the judgement, the link to a request it answers, and the initiator.
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
    /// The message text around the finding (whole characters), so a reviewer
    /// reads it in context; `excerptStart` is its byte offset in the text.
    public var excerpt: String = ""
    public var excerptStart: Int = 0

    // Set by the conversation stage.
    public var judgement: Judgement = .violation
    /// Why the pair is exempt, when `judgement == .exempt`.
    public var exemptReason: ExemptReason? = nil
    /// The message id of the other party's request this finding answers;
    /// for a refusal, the other party's move off the platform it declines.
    public var answers: String? = nil
    /// Who first asked for or offered an off-platform move in the
    /// conversation, as known when this finding was judged.
    public var initiatorID: String? = nil
    public var initiatorRole: SenderRole? = nil
    /// Written after the other party had refused in this conversation.
    public var afterRefusal = false
    /// The first violating off-platform move of its conversation that a
    /// phrase rule found: its writer initiated the violation.
    public var opensViolation = false

    /// The client of the conversation: the sender if a client wrote it, else
    /// the recipient (DESIGN.md).
    public var clientID: String? { senderRole == .client ? senderID : recipientID }
    /// The freelancer of the conversation, by the same rule.
    public var freelancerID: String? { senderRole == .freelancer ? senderID : recipientID }
}
