import Foundation

/// A block of findings encoded where they are judged, as the JSON text a
/// `finding_blocks` row stores (`StoreSchema.findingBlocksV5`): `[` rows `]`,
/// each row an array of `StoreSchema.blockColumnsV5` — integers, texts or
/// null. The writer thread binds the text as it is: handing over `Finding`
/// values cost a dozen reference-count operations per finding on each side,
/// on strings other threads allocated. Rule ids first seen in the batch
/// travel with it, for the writer to insert into `finding_rules` before
/// the block.
///
/// Threading: filled on one thread, then handed whole to another, which
/// alone reads it and then hands it back, emptied, to be filled again.
final class FindingBlock: @unchecked Sendable {
    static let columns = StoreSchema.blockColumnsV5.count
    /// Findings per block: large enough that SQLite's per-row cost
    /// vanishes, small enough that a report's window skips blocks.
    static let size = 2048
    /// What a block of `size` findings usually fills.
    static let batchBytes = 1 << 19
    /// The text, in memory this object owns: one capacity check per row
    /// instead of one per column, and stores without `Array`'s checks
    /// (the appends were half of this type's time).
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 1
    private(set) var count = 0
    private(set) var newRules: [FindingRuleIDs.Entry] = []
    /// The earliest and latest night of the rows.
    private(set) var firstNight = ""
    private(set) var lastNight = ""

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        storage = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 8)
        storage.storeBytes(of: UInt8(ascii: "["), as: UInt8.self)
    }

    deinit { storage.deallocate() }

    /// Empties the batch for reuse, keeping its memory: a fresh buffer per
    /// batch was a page fault per 4 KiB written.
    func reset() {
        used = 1
        count = 0
        newRules = []
        firstNight = ""
        lastNight = ""
    }

    /// The JSON array of the rows (`[]` when there are none). Valid until
    /// the next `append` or `reset`.
    var json: UnsafeRawBufferPointer {
        // `reserve` always leaves room for the closing bracket.
        storage.storeBytes(of: UInt8(ascii: "]"), toByteOffset: used, as: UInt8.self)
        return UnsafeRawBufferPointer(start: storage, count: used + 1)
    }

    /// Rows leave out what the archive row and `finding_rules` say
    /// (`StoreSchema.findingsV4`): the night is stored only when it is not
    /// the UTC date of the finding's timestamp.
    func append(_ f: Finding, night: String, keepsExcerpt: Bool, archivePath: String, rules: FindingRuleIDs) {
        let ruleID = rules.id(rule: f.rule, category: f.category) { newRules.append($0) }
        if count == 0 {
            firstNight = night
            lastNight = night
        } else if night != lastNight || night != firstNight {
            // Nights of an archive are nearly always one or two.
            firstNight = min(firstNight, night)
            lastNight = max(lastNight, night)
        }
        let storedNight = (f.timestampMillis ?? -1) >= 0 ? nil : night
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
        // 21 bytes a column at most (a comma, a sign and 19 digits, or a
        // text's quotes), texts at most six times their UTF-8 (`\u0001`).
        let required = (storedNight?.utf8.count ?? 0) + archive.utf8.count + f.messageID.utf8.count
            + f.conversationID.utf8.count + f.senderID.utf8.count + (f.recipientID?.utf8.count ?? 0)
            + (timestamp?.utf8.count ?? 0) + f.evidence.utf8.count + messageIDs.utf8.count + (f.answers?.utf8.count ?? 0)
            + (f.initiatorID?.utf8.count ?? 0) + excerpt.utf8.count
        reserve(Self.columns * 21 + 6 * required + 4)
        var at = used
        if count > 0 { byte(UInt8(ascii: ","), &at) }
        byte(UInt8(ascii: "["), &at)
        text(storedNight, &at)
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
        // Each column wrote a comma after itself: the last one closes the row.
        storage.storeBytes(of: UInt8(ascii: "]"), toByteOffset: at - 1, as: UInt8.self)
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
        // One byte more for `json`'s closing bracket.
        guard used + extra + 1 > capacity else { return }
        let grown = max(capacity * 2, used + extra + 1)
        let larger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 8)
        larger.copyMemory(from: storage, byteCount: used)
        storage.deallocate()
        storage = larger
        capacity = grown
    }

    @inline(__always)
    private func byte(_ value: UInt8, _ at: inout Int) {
        storage.storeBytes(of: value, toByteOffset: at, as: UInt8.self)
        at += 1
    }

    private func null(_ at: inout Int) {
        storage.storeBytes(of: 0x2C6C_6C75_6E, toByteOffset: at, as: UInt64.self)  // "null," (and 3 bytes written over next)
        at += 5
    }

    /// Decimal, then a comma. Most columns are codes and small offsets:
    /// they take a digit or two without a loop. Longer numbers are written
    /// backwards into the room reserved for them, then moved up.
    private func int<T: BinaryInteger>(_ value: T?, _ at: inout Int) {
        guard let value else { return null(&at) }
        if value < 0 { byte(UInt8(ascii: "-"), &at) }
        var magnitude = UInt64(value.magnitude)
        if magnitude < 10 {
            byte(UInt8(truncatingIfNeeded: magnitude) &+ 0x30, &at)
        } else if magnitude < 100 {
            byte(UInt8(truncatingIfNeeded: magnitude / 10) &+ 0x30, &at)
            byte(UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30, &at)
        } else {
            // Room for 20 digits is reserved per column (`append`).
            var end = at + 20
            repeat {
                end -= 1
                storage.storeBytes(of: UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30, toByteOffset: end, as: UInt8.self)
                magnitude /= 10
            } while magnitude > 0
            let digits = at + 20 - end
            (storage + at).copyMemory(from: storage + end, byteCount: digits)
            at += digits
        }
        byte(UInt8(ascii: ","), &at)
    }

    /// A JSON string, then a comma. Nearly every text needs no escape: it
    /// is checked eight bytes at a time and copied whole.
    private func text(_ value: String?, _ at: inout Int) {
        guard var value else { return null(&at) }
        byte(0x22, &at)
        value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, utf8.count > 0 else { return }
            if !Self.needsEscape(UnsafeRawBufferPointer(utf8)) {
                (storage + at).copyMemory(from: base, byteCount: utf8.count)
                at += utf8.count
                return
            }
            for c in utf8 {
                switch c {
                case 0x22, 0x5C:
                    byte(0x5C, &at)
                    byte(c, &at)
                case 0x0A:
                    byte(0x5C, &at)
                    byte(UInt8(ascii: "n"), &at)
                case 0..<0x20:
                    let hex: StaticString = "0123456789abcdef"
                    for b in [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex.utf8Start[Int(c >> 4)], hex.utf8Start[Int(c & 15)]] {
                        byte(b, &at)
                    }
                default:
                    byte(c, &at)
                }
            }
        }
        byte(0x22, &at)
        byte(UInt8(ascii: ","), &at)
    }

    /// Whether `bytes` holds a quote, a backslash or a control character,
    /// tested a word at a time (the "has a zero byte" trick).
    static func needsEscape(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        @inline(__always) func hasLess(_ x: UInt64, _ n: UInt64) -> Bool { (x &- ones &* n) & ~x & highs != 0 }
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if hasLess(word, 0x20) || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C)) { return true }
            i += 8
        }
        while i < n {
            let c = bytes[i]
            if c < 0x20 || c == 0x22 || c == 0x5C { return true }
            i += 1
        }
        return false
    }
}
