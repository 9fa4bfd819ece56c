#if canImport(Glibc)
import Glibc
#endif

/// One worker's whole per-chunk job: split lines, extract fields, normalise
/// text, scan it with the rule pack in one engine call, resolve matches and
/// build findings. All buffers are reused across chunks, so the per-message
/// path allocates nothing; Strings are made only for findings and bad lines.
///
/// Threading: not thread-safe. Exactly one worker uses an instance at a time;
/// `ScanPipeline` hands instances out through its scanner pool.
public final class ChunkScanner: @unchecked Sendable {
    private let compiled: CompiledRulePack
    private let parser: JSONRecordParser
    private let normalizer = TextNormalizer()
    private let keepRejects: Bool
    private let scratch: PatternScratch
    private let resolver: MatchResolver
    private let arena = GrowableBuffer<UInt8>(capacity: 1 << 16)
    private let text = NormalizedText()
    private let spans = GrowableBuffer<NormalizedSpan>(capacity: 1 << 14)
    private var records: [RecordFields] = []
    private var recordLines: [Int32] = []
    private var resolved: [ResolvedMatch] = []
    private var merged: [ResolvedMatch] = []
    private let scorer: MessageScorer?

    public init(compiled: CompiledRulePack, fieldNames: FieldNames, keepRejects: Bool) {
        self.compiled = compiled
        self.parser = JSONRecordParser(fieldNames: fieldNames)
        self.keepRejects = keepRejects
        self.scratch = PatternScratch(database: compiled.database)
        self.resolver = MatchResolver(compiled: compiled)
        self.scorer = compiled.scorerRules.isEmpty ? nil : compiled.pack.scorer.map(MessageScorer.init)
        records.reserveCapacity(1 << 14)
        recordLines.reserveCapacity(1 << 14)
    }

    public func scan(_ chunk: LineChunk, sequence: Int, inputIndex: Int, archive: String) -> ChunkResult {
        var result = ChunkResult(sequence: sequence, inputIndex: inputIndex, lineCount: 0, records: 0,
                                 bytes: chunk.count, findings: [], malformed: [])
        if let length = chunk.oversizedLineLength {
            result.lineCount = 1
            result.bytes = length
            result.malformed.append(MalformedLine(lineInChunk: 0, reason: "line of \(length) bytes is longer than the 64 MiB limit",
                                                  raw: keepRejects ? Array(chunk.bytes) : nil))
            return result
        }
        arena.removeAll()
        text.removeAll()
        spans.removeAll()
        records.removeAll(keepingCapacity: true)
        recordLines.removeAll(keepingCapacity: true)
        resolved.removeAll(keepingCapacity: true)

        let bytes = chunk.bytes
        let base = bytes.baseAddress!
        var position = 0
        var lineIndex = 0
        while position < bytes.count {
            let newline = memchr(base + position, 0x0A, bytes.count - position)
            let lineEnd = newline.map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
            var contentEnd = lineEnd
            if contentEnd > position && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: bytes[position..<contentEnd])
            if !Self.isBlank(line) {
                do {
                    let fields = try parser.parse(line: line, lineOffset: position, arena: arena)
                    records.append(fields)
                    recordLines.append(Int32(lineIndex))
                    let span = normalizer.append(original(fields.text, chunk: bytes), to: text)
                    text.bytes.append(0x0A)  // messages never contain \n after normalising
                    spans.append(span)
                } catch {
                    result.malformed.append(MalformedLine(lineInChunk: lineIndex, reason: error.description,
                                                          raw: keepRejects ? Array(line) : nil))
                }
            }
            lineIndex += 1
            position = lineEnd + 1
        }
        result.lineCount = lineIndex
        result.records = records.count

        scratch.scan(text.bytes.bytes)
        resolver.resolve(scratch.matches, spans: UnsafeBufferPointer(spans.elements), text: text,
                         original: { self.original(self.records[$0].text, chunk: bytes) }, into: &resolved)
        if let scorer { addScored(by: scorer) }
        let rules = compiled.pack.rules
        result.findings.reserveCapacity(resolved.count)
        for match in resolved {
            let fields = records[Int(match.message)]
            let rule = rules[Int(match.rule)]
            let messageText = original(fields.text, chunk: bytes)
            var finding = message(fields, line: recordLines[Int(match.message)], chunk: bytes, archive: archive)
            finding.rule = rule.id
            finding.category = rule.category
            finding.severity = rule.severity
            finding.start = Int(match.start)
            finding.end = Int(match.end)
            finding.evidence = String(decoding: messageText[finding.start..<finding.end], as: UTF8.self)
            let window = Self.excerptRange(messageText, around: finding.start..<finding.end)
            finding.excerpt = String(decoding: messageText[window], as: UTF8.self)
            finding.excerptStart = window.lowerBound
            result.findings.append(finding)
        }
        traceMessages(into: &result, chunk: bytes, archive: archive)
        return result
    }

    /// Adds the scorer rules' matches to `resolved`, keeping it in message
    /// order: a scorer rule fires where the scorer rates its category at
    /// least its threshold, no pattern rule of the category fired, and no
    /// refusal, detail or allowlist of the message cancelled the category
    /// (what the rules judged declined or moot, the scorer does not bring
    /// back); it points at the words that weighed most.
    private func addScored(by scorer: MessageScorer) {
        merged.removeAll(keepingCapacity: true)
        let rules = compiled.pack.rules
        let cancelled = resolver.cancelled
        var next = 0
        var nextCancelled = 0
        for index in records.indices {
            let first = merged.count
            while next < resolved.count, Int(resolved[next].message) == index {
                merged.append(resolved[next])
                next += 1
            }
            var cancelledHere: UInt32 = 0
            while nextCancelled < cancelled.count, Int(cancelled[nextCancelled].message) <= index {
                if Int(cancelled[nextCancelled].message) == index { cancelledHere = cancelled[nextCancelled].categories }
                nextCancelled += 1
            }
            let span = spans[index]
            guard span.count > 0 else { continue }
            let normalized = UnsafeRawBufferPointer(start: text.bytes.base + Int(span.start), count: span.count)
            scorer.score(normalized)
            for scored in compiled.scorerRules where scorer.probabilities[scored.column] >= scored.threshold {
                guard cancelledHere & 1 << UInt32(scored.category.ordinal) == 0,
                      !merged[first...].contains(where: { rules[Int($0.rule)].category == scored.category }) else { continue }
                var local = scorer.evidence(in: normalized, column: scored.column)
                if local.isEmpty { local = 0..<span.count }
                let range = text.originalRange(from: Int(span.start) + local.lowerBound, to: Int(span.start) + local.upperBound, span: span)
                merged.append(ResolvedMatch(message: Int32(index), rule: scored.rule,
                                            start: Int32(range.lowerBound), end: Int32(range.upperBound)))
            }
        }
        swap(&resolved, &merged)
    }

    /// Records every message's turn, and the contact pieces of short
    /// messages.
    private func traceMessages(into result: inout ChunkResult, chunk bytes: UnsafeRawBufferPointer, archive: String) {
        result.messages.reserveCapacity(records.count)
        var nextMatch = 0
        for index in records.indices {
            let fields = records[index]
            result.messages.append(MessageTrace(
                lineInChunk: recordLines[index], role: fields.role!,
                conversationKey: MessageTrace.key(original(fields.conversationID, chunk: bytes)),
                senderKey: MessageTrace.key(original(fields.senderID, chunk: bytes)),
                millis: fields.timestampMillis ?? .min))
            var hasDetail = false
            while nextMatch < resolved.count, Int(resolved[nextMatch].message) <= index {
                if Int(resolved[nextMatch].message) == index {
                    let category = compiled.pack.rules[Int(resolved[nextMatch].rule)].category
                    hasDetail = hasDetail || category == .contactPhone || category == .contactEmail
                }
                nextMatch += 1
            }
            let span = spans[index]
            guard span.count <= ContactFragmentDetector.maxMessageBytes else { continue }
            let normalized = UnsafeRawBufferPointer(start: text.bytes.base + Int(span.start), count: span.count)
            guard let piece = ContactFragmentDetector.detect(normalized) else { continue }
            let range = text.originalRange(from: Int(span.start) + piece.range.lowerBound,
                                           to: Int(span.start) + piece.range.upperBound, span: span)
            let messageText = original(fields.text, chunk: bytes)
            result.fragments.append(ContactFragment(
                lineInChunk: recordLines[index], kind: piece.kind, phoneCue: piece.phoneCue, emailCue: piece.emailCue,
                ownDetail: hasDetail, normalized: String(decoding: normalized[piece.range], as: UTF8.self),
                original: String(decoding: messageText[range], as: UTF8.self), start: range.lowerBound, end: range.upperBound,
                message: message(fields, line: recordLines[index], chunk: bytes, archive: archive)))
        }
    }

    /// A finding naming the message, with the rule and match left to fill.
    private func message(_ fields: RecordFields, line: Int32, chunk bytes: UnsafeRawBufferPointer, archive: String) -> Finding {
        let messageID = string(fields.id, chunk: bytes)!
        return Finding(
            archive: archive, line: Int(line), messageID: messageID,
            conversationID: string(fields.conversationID, chunk: bytes)!, senderID: string(fields.senderID, chunk: bytes)!,
            senderRole: fields.role!, recipientID: string(fields.recipientID, chunk: bytes),
            timestamp: timestamp(fields, chunk: bytes), timestampMillis: fields.timestampMillis,
            rule: "", category: .refusal, severity: 0, start: 0, end: 0, evidence: "",
            messageIDs: [messageID], contract: fields.contract)
    }

    /// Up to `excerptContext` bytes either side of a match, cut at whole
    /// characters and, where one is near, at a space.
    static let excerptContext = 100

    static func excerptRange(_ text: UnsafeRawBufferPointer, around match: Range<Int>) -> Range<Int> {
        var start = max(0, match.lowerBound - excerptContext)
        var end = min(text.count, match.upperBound + excerptContext)
        if start > 0, let space = text[start..<min(match.lowerBound, start + 24)].firstIndex(of: 0x20) { start = space + 1 }
        if end < text.count, let space = text[max(match.upperBound, end - 24)..<end].lastIndex(of: 0x20) { end = space }
        while start > 0, start < text.count, text[start] & 0xC0 == 0x80 { start -= 1 }
        while end < text.count, text[end] & 0xC0 == 0x80 { end += 1 }
        return start..<end
    }

    @inline(__always)
    private static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        for c in line where c != 0x20 && c != 0x09 { return false }
        return true
    }

    @inline(__always)
    private func original(_ ref: ByteRef, chunk: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        if ref.inArena { return UnsafeRawBufferPointer(start: arena.base + Int(ref.offset), count: Int(ref.count)) }
        return UnsafeRawBufferPointer(rebasing: chunk[Int(ref.offset)..<Int(ref.offset + ref.count)])
    }

    private func string(_ ref: ByteRef, chunk: UnsafeRawBufferPointer) -> String? {
        ref.isAbsent ? nil : String(decoding: original(ref, chunk: chunk), as: UTF8.self)
    }

    /// RFC 3339 for reports: kept as written when it parsed, converted from
    /// epoch milliseconds, or the raw text when it is neither.
    private func timestamp(_ fields: RecordFields, chunk: UnsafeRawBufferPointer) -> String? {
        guard let text = string(fields.timestampText, chunk: chunk) else { return nil }
        let isEpoch = text.utf8.allSatisfy { isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
        if let millis = fields.timestampMillis, isEpoch { return Timestamp.formatRFC3339(millis: millis) }
        return text
    }
}
