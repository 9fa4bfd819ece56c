/// Writes a scan's partial (`--partial`, see `PartialFormat`): every message
/// with findings or a contact piece as an event, and, per conversation, how
/// many messages with neither came before each event and after the last one,
/// so a merge can replay the conversation stage across archive boundaries.
///
/// Memory: one counter per conversation of the archive being read (reset at
/// each archive's end), about 40 bytes each.
///
/// Threading: not thread-safe; called from the aggregate queue only.
final class PartialRecorder {
    private let writer: ZstdFileWriter
    private let inputNames: [String]
    private let exemption: (Finding) -> ExemptReason?
    private var currentInput: Int?
    /// Messages with neither findings nor a piece since the conversation's
    /// last event in the current archive.
    private var plainCounts: [UInt64: Int] = [:]
    private var events = 0
    private(set) var writeError: Error?

    init(path: String, header: PartialFormat.Header, inputNames: [String],
         exemption: @escaping (Finding) -> ExemptReason?) throws {
        writer = try ZstdFileWriter(path: path)
        self.inputNames = inputNames
        self.exemption = exemption
        try writer.write(PartialFormat.headerLine(header))
    }

    /// One chunk's messages, as the aggregator hands them to the
    /// conversation stage: everything carries lines within the chunk, and
    /// `lineBase` lines came before it; the file gets archive line numbers.
    func record(inputIndex: Int, messages: [MessageTrace], findings: [Finding], fragments: [ContactFragment], lineBase: Int) {
        if currentInput != inputIndex {
            flushPlainCounts()
            currentInput = inputIndex
        }
        let archive = inputNames[inputIndex]
        ChunkMessages.forEach(messages: messages, findings: findings, fragments: fragments) { trace, range, fragment in
            guard !range.isEmpty || fragment != nil else {
                plainCounts[trace.conversationKey, default: 0] += 1
                return
            }
            var piece = fragment
            if let fragment {
                piece!.message.line += lineBase + 1
                piece!.message.exemptReason = exemption(fragment.message)
            }
            let before = plainCounts.removeValue(forKey: trace.conversationKey) ?? 0
            let own = findings[range].map { finding in
                var finding = finding
                finding.line += lineBase + 1
                finding.exemptReason = exemption(finding)
                return finding
            }
            write(PartialFormat.messageLine(archive: archive, line: lineBase + Int(trace.lineInChunk) + 1, trace: trace,
                                            before: before, findings: own, piece: piece))
        }
    }

    /// Ends the file: the last archive's counts, the inputs, the end line.
    func finish(inputs: [ScanReport.InputInfo]) throws {
        flushPlainCounts()
        if let writeError { throw writeError }
        for input in inputs { try writer.write(PartialFormat.inputLine(input)) }
        try writer.write(PartialFormat.endLine(events: events, inputs: inputs.count))
        try writer.close()
    }

    private func flushPlainCounts() {
        guard let currentInput else { return }
        for (key, count) in plainCounts.sorted(by: { $0.key < $1.key }) {
            write(PartialFormat.plainLine(archive: inputNames[currentInput], conversationKey: key, count: count))
        }
        plainCounts.removeAll()
    }

    private func write(_ line: String) {
        events += 1
        do {
            try writer.write(line)
        } catch {
            if writeError == nil { writeError = error }
        }
    }
}
