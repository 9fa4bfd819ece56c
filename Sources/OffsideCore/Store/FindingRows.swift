import Foundation

/// A batch of `findings` rows encoded as bytes where findings are judged,
/// for the writer thread to bind straight from: handing over `Finding`
/// values cost a dozen reference-count operations per finding on each side,
/// on strings other threads allocated. Columns 2–27 of `FindingInsert`'s
/// statement (schema v4), each a tag byte — 0 NULL, 1 an Int64 (8 bytes,
/// little endian), 2 a text (a 4-byte length, then its UTF-8) — and rows one
/// after another. Rule ids first seen in the batch travel with it, for the
/// writer to insert into `finding_rules` before the rows.
///
/// Threading: filled on one thread, then handed whole to another, which
/// alone reads it and then hands it back, emptied, to be filled again.
final class FindingRows: @unchecked Sendable {
    static let columns = 26
    /// What a batch of 2,048 rows usually fills.
    static let batchBytes = 1 << 19
    /// The rows, in memory this object owns: one capacity check per row
    /// instead of one per column, and stores without `Array`'s checks
    /// (the appends were half of this type's time).
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0
    private(set) var count = 0
    private(set) var newRules: [FindingRuleIDs.Entry] = []

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        storage = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { storage.deallocate() }

    /// Empties the batch for reuse, keeping its memory: a fresh half-MB
    /// buffer per batch was a page fault per 4 KiB written.
    func reset() {
        used = 0
        count = 0
        newRules = []
    }

    /// The encoded rows.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: used) }

    /// Rows leave out what the archive row and `finding_rules` say
    /// (`StoreSchema.findingsV4`). `night` is nil when it is the UTC date
    /// of the finding's timestamp.
    func append(_ f: Finding, night: String?, keepsExcerpt: Bool, archivePath: String, rules: FindingRuleIDs) {
        let ruleID = rules.id(rule: f.rule, category: f.category) { newRules.append($0) }
        // A detail split across archives is judged in the later one but
        // belongs to the earlier: only then is the path stored.
        let archive = f.archive == archivePath ? "" : f.archive
        let timestamp: String?
        if let millis = f.timestampMillis, let ts = f.timestamp, isCanonical(ts, millis) {
            timestamp = nil
        } else {
            timestamp = f.timestamp
        }
        let messageIDs = f.messageIDs.count == 1 && f.messageIDs[0] == f.messageID ? ""
            : "[\(f.messageIDs.map(JSONText.quoted).joined(separator: ","))]"
        let excerpt = keepsExcerpt ? f.excerpt : ""
        // Nine bytes a column at most, plus the texts.
        let required = (night?.utf8.count ?? 0) + archive.utf8.count + f.messageID.utf8.count + f.conversationID.utf8.count
            + f.senderID.utf8.count + (f.recipientID?.utf8.count ?? 0) + (timestamp?.utf8.count ?? 0) + f.evidence.utf8.count
            + messageIDs.utf8.count + (f.answers?.utf8.count ?? 0) + (f.initiatorID?.utf8.count ?? 0) + excerpt.utf8.count
        reserve(Self.columns * 9 + required)
        var at = used
        text(night, &at)
        text(archive, &at)
        int(f.line, &at)
        text(f.messageID, &at)
        text(f.conversationID, &at)
        text(f.senderID, &at)
        int(StoreCodes.code(f.senderRole), &at)
        text(f.recipientID, &at)
        text(timestamp, &at)
        int(f.timestampMillis, &at)
        int(ruleID, &at)
        int(f.severity, &at)
        int(f.start, &at)
        int(f.end, &at)
        text(f.evidence, &at)
        text(messageIDs, &at)
        int(StoreCodes.code(f.contract), &at)
        int(StoreCodes.code(f.judgement), &at)
        int(f.exemptReason.map(StoreCodes.code), &at)
        text(f.answers, &at)
        text(f.initiatorID, &at)
        int(f.initiatorRole.map(StoreCodes.code), &at)
        int(f.afterRefusal ? 1 : 0, &at)
        int(f.opensViolation ? 1 : 0, &at)
        text(excerpt, &at)
        int(keepsExcerpt ? f.excerptStart : -1, &at)
        used = at
        count += 1
    }

    /// A message's findings come one after another with the same
    /// timestamp: formatting it once per message is enough.
    private var lastTimestamp: (millis: Int64, text: String, canonical: Bool)?

    private func isCanonical(_ text: String, _ millis: Int64) -> Bool {
        if let last = lastTimestamp, last.millis == millis, last.text == text { return last.canonical }
        let canonical = millis >= 0 && Timestamp.isCanonical(text, millis: millis)
        lastTimestamp = (millis, text, canonical)
        return canonical
    }

    private func reserve(_ extra: Int) {
        guard used + extra > capacity else { return }
        let grown = max(capacity * 2, used + extra)
        let larger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 8)
        larger.copyMemory(from: storage, byteCount: used)
        storage.deallocate()
        storage = larger
        capacity = grown
    }

    private func int<T: BinaryInteger>(_ value: T?, _ at: inout Int) {
        guard let value else {
            storage.storeBytes(of: 0, toByteOffset: at, as: UInt8.self)
            at += 1
            return
        }
        storage.storeBytes(of: 1, toByteOffset: at, as: UInt8.self)
        storage.storeBytes(of: Int64(value).littleEndian, toByteOffset: at + 1, as: Int64.self)
        at += 9
    }

    private func text(_ value: String?, _ at: inout Int) {
        guard var value else {
            storage.storeBytes(of: 0, toByteOffset: at, as: UInt8.self)
            at += 1
            return
        }
        storage.storeBytes(of: 2, toByteOffset: at, as: UInt8.self)
        let length = value.withUTF8 { utf8 in
            if let base = utf8.baseAddress { (storage + at + 5).copyMemory(from: base, byteCount: utf8.count) }
            return utf8.count
        }
        storage.storeBytes(of: UInt32(length).littleEndian, toByteOffset: at + 1, as: UInt32.self)
        at += 5 + length
    }
}
