import Foundation

/// Writes findings as JSON Lines in the DESIGN.md key order, then the
/// conversation stage's judgement fields, buffering so that a scan with many
/// findings makes few system calls.
///
/// Threading: not thread-safe; used by the aggregator's queue only.
public final class FindingWriter {
    private let handle: FileHandle
    private let reveal: Bool
    private var buffer = JSONBytes(capacity: 1 << 17)
    public private(set) var written = 0

    public init(path: String, reveal: Bool) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        self.reveal = reveal
    }

    /// One finding's line, for tests and tools; the writer appends bytes.
    public static func line(for f: Finding, reveal: Bool) -> String {
        var json = JSONBytes(capacity: 512)
        append(f, reveal: reveal, to: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// Appends the line to bytes: building it as a `String` made an
    /// intermediate string per field on the aggregate thread, which is the
    /// scan's serial stage.
    static func append(_ f: Finding, reveal: Bool, to json: inout JSONBytes) {
        json.raw("{\"archive\":"); json.string(f.archive)
        json.raw(",\"line\":"); json.int(f.line)
        json.raw(",\"message_id\":"); json.string(f.messageID)
        json.raw(",\"conversation_id\":"); json.string(f.conversationID)
        json.raw(",\"sender_id\":"); json.string(f.senderID)
        json.raw(",\"sender_role\":"); json.string(f.senderRole.name)
        json.raw(",\"recipient_id\":"); json.stringOrNull(f.recipientID)
        json.raw(",\"ts\":"); json.stringOrNull(f.timestamp)
        json.raw(",\"rule\":"); json.string(f.rule)
        json.raw(",\"category\":"); json.string(f.category.rawValue)
        json.raw(",\"severity\":"); json.int(f.severity)
        json.raw(",\"start\":"); json.int(f.start)
        json.raw(",\"end\":"); json.int(f.end)
        json.raw(",\"evidence\":"); json.string(reveal ? f.evidence : Redactor.redact(f.evidence, category: f.category))
        json.raw(",\"message_ids\":"); json.list(f.messageIDs) { $0.string($1) }
        json.raw(",\"contract\":"); json.string(f.contract.name)
        json.raw(",\"judgement\":"); json.string(f.judgement.rawValue)
        json.raw(",\"exempt_reason\":"); json.stringOrNull(f.exemptReason?.rawValue)
        json.raw(",\"answers\":"); json.stringOrNull(f.answers)
        json.raw(",\"initiator_id\":"); json.stringOrNull(f.initiatorID)
        json.raw(",\"initiator_role\":"); json.stringOrNull(f.initiatorRole?.name)
        json.raw(",\"after_refusal\":"); json.bool(f.afterRefusal)
        json.raw("}\n")
    }

    public func write(_ finding: Finding) throws {
        Self.append(finding, reveal: reveal, to: &buffer)
        written += 1
        if buffer.bytes.count >= 1 << 16 { try flush() }
    }

    public func flush() throws {
        guard !buffer.bytes.isEmpty else { return }
        try buffer.bytes.withUnsafeBytes { try handle.write(contentsOf: $0) }
        buffer.removeAll()
    }

    public func close() throws {
        try flush()
        try handle.close()
    }
}
