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

    public init(compiled: CompiledRulePack, fieldNames: FieldNames, keepRejects: Bool) {
        self.compiled = compiled
        self.parser = JSONRecordParser(fieldNames: fieldNames)
        self.keepRejects = keepRejects
        self.scratch = PatternScratch(database: compiled.database)
        self.resolver = MatchResolver(compiled: compiled)
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
        let rules = compiled.pack.rules
        for match in resolved {
            let fields = records[Int(match.message)]
            let rule = rules[Int(match.rule)]
            let messageText = original(fields.text, chunk: bytes)
            let evidence = UnsafeRawBufferPointer(rebasing: messageText[Int(match.start)..<Int(match.end)])
            let messageID = string(fields.id, chunk: bytes)!
            result.findings.append(Finding(
                archive: archive, line: Int(recordLines[Int(match.message)]), messageID: messageID,
                conversationID: string(fields.conversationID, chunk: bytes)!, senderID: string(fields.senderID, chunk: bytes)!,
                senderRole: fields.role!, recipientID: string(fields.recipientID, chunk: bytes),
                timestamp: timestamp(fields, chunk: bytes), timestampMillis: fields.timestampMillis,
                rule: rule.id, category: rule.category, severity: rule.severity,
                start: Int(match.start), end: Int(match.end), evidence: String(decoding: evidence, as: UTF8.self),
                messageIDs: [messageID], contract: fields.contract))
        }
        return result
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
