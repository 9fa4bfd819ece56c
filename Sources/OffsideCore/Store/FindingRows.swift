import Foundation

/// A batch of `findings` rows encoded as bytes where findings are judged,
/// for the writer thread to bind straight from: handing over `Finding`
/// values cost a dozen reference-count operations per finding on each side,
/// on strings other threads allocated. Columns 2–29 of `FindingInsert`'s
/// statement, each a tag byte — 0 NULL, 1 an Int64 (8 bytes, little
/// endian), 2 a text (a 4-byte length, then its UTF-8) — and rows one after
/// another.
///
/// Threading: filled on one thread, then handed whole to another, which
/// alone reads it.
final class FindingRows: @unchecked Sendable {
    static let columns = 28
    /// What a batch of 2,048 rows usually fills.
    static let batchBytes = 1 << 20
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Rows leave out what the archive row says (`StoreSchema`, v3).
    func append(_ f: Finding, night: String, keepsExcerpt: Bool, archivePath: String) {
        // Written through a local buffer: every use of a class's stored
        // array is an exclusivity check and a uniqueness check.
        var out: [UInt8] = []
        swap(&out, &bytes)
        defer { swap(&out, &bytes) }
        Self.text(night, &out)
        Self.text(f.clientID, &out)
        // A detail split across archives is judged in the later one but
        // belongs to the earlier: only then is the path stored.
        Self.text(f.archive == archivePath ? "" : f.archive, &out)
        Self.int(f.line, &out)
        Self.text(f.messageID, &out)
        Self.text(f.conversationID, &out)
        Self.text(f.senderID, &out)
        Self.text(f.senderRole.name, &out)
        Self.text(f.recipientID, &out)
        if let millis = f.timestampMillis, let ts = f.timestamp, Timestamp.isCanonical(ts, millis: millis) {
            out.append(0)
        } else {
            Self.text(f.timestamp, &out)
        }
        if let millis = f.timestampMillis { Self.int(millis, &out) } else { out.append(0) }
        Self.text(f.rule, &out)
        Self.text(f.category.rawValue, &out)
        Self.int(f.severity, &out)
        Self.int(f.start, &out)
        Self.int(f.end, &out)
        Self.text(f.evidence, &out)
        Self.text(f.messageIDs.count == 1 && f.messageIDs[0] == f.messageID ? ""
                  : "[\(f.messageIDs.map(JSONText.quoted).joined(separator: ","))]", &out)
        Self.text(f.contract.name, &out)
        Self.text(f.judgement.rawValue, &out)
        Self.text(f.exemptReason?.rawValue, &out)
        Self.text(f.answers, &out)
        Self.text(f.initiatorID, &out)
        Self.text(f.initiatorRole?.name, &out)
        Self.int(f.afterRefusal ? 1 : 0, &out)
        Self.int(f.opensViolation ? 1 : 0, &out)
        Self.text(keepsExcerpt ? f.excerpt : "", &out)
        Self.int(keepsExcerpt ? f.excerptStart : -1, &out)
        count += 1
    }

    private static func int<T: BinaryInteger>(_ value: T, _ out: inout [UInt8]) {
        out.append(1)
        withUnsafeBytes(of: Int64(value).littleEndian) { out.append(contentsOf: $0) }
    }

    private static func text(_ value: String?, _ out: inout [UInt8]) {
        guard let value else {
            out.append(0)
            return
        }
        let length = value.utf8.count
        out.append(2)
        withUnsafeBytes(of: UInt32(length).littleEndian) { out.append(contentsOf: $0) }
        if value.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) == nil {
            out.append(contentsOf: value.utf8)
        }
    }
}
