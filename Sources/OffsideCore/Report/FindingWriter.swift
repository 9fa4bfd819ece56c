import Foundation

/// Writes findings as JSON Lines in the DESIGN.md key order, then the
/// conversation stage's judgement fields, buffering so that a scan with many
/// findings makes few system calls.
///
/// Threading: not thread-safe; used by the aggregator's queue only.
public final class FindingWriter {
    private let handle: FileHandle
    private let reveal: Bool
    private var buffer = ""
    public private(set) var written = 0

    public init(path: String, reveal: Bool) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        self.reveal = reveal
    }

    public static func line(for f: Finding, reveal: Bool) -> String {
        let evidence = reveal ? f.evidence : Redactor.redact(f.evidence, category: f.category)
        let ids = f.messageIDs.map(JSONText.quoted).joined(separator: ",")
        return "{\"archive\":\(JSONText.quoted(f.archive)),\"line\":\(f.line),\"message_id\":\(JSONText.quoted(f.messageID)),"
            + "\"conversation_id\":\(JSONText.quoted(f.conversationID)),\"sender_id\":\(JSONText.quoted(f.senderID)),"
            + "\"sender_role\":\"\(f.senderRole.name)\",\"recipient_id\":\(JSONText.quotedOrNull(f.recipientID)),"
            + "\"ts\":\(JSONText.quotedOrNull(f.timestamp)),\"rule\":\(JSONText.quoted(f.rule)),"
            + "\"category\":\"\(f.category.rawValue)\",\"severity\":\(f.severity),\"start\":\(f.start),\"end\":\(f.end),"
            + "\"evidence\":\(JSONText.quoted(evidence)),\"message_ids\":[\(ids)],"
            + "\"contract\":\"\(f.contract.name)\",\"judgement\":\"\(f.judgement.rawValue)\","
            + "\"exempt_reason\":\(JSONText.quotedOrNull(f.exemptReason?.rawValue)),\"answers\":\(JSONText.quotedOrNull(f.answers)),"
            + "\"initiator_id\":\(JSONText.quotedOrNull(f.initiatorID)),\"initiator_role\":\(JSONText.quotedOrNull(f.initiatorRole?.name)),"
            + "\"after_refusal\":\(f.afterRefusal)}\n"
    }

    public func write(_ finding: Finding) throws {
        buffer += Self.line(for: finding, reveal: reveal)
        written += 1
        if buffer.utf8.count >= 1 << 16 { try flush() }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: Data(buffer.utf8))
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() throws {
        try flush()
        try handle.close()
    }
}
