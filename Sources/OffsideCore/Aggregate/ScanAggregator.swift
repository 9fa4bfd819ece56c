import Foundation

/// The aggregate stage: receives chunk results in input order, turns chunk-
/// relative line numbers into archive line numbers, writes findings and
/// rejected lines as they come, and folds findings into client state.
///
/// Threading: not thread-safe; `consume` is called on the pipeline's serial
/// aggregate queue only, and the accessors are read after the pipeline ends.
public final class ScanAggregator: @unchecked Sendable {
    public struct InputCounts: Sendable {
        public var lines = 0
        public var records = 0
        public var bytes: Int64 = 0
        public var malformed = 0
    }

    /// A malformed line as named in the summary.
    public struct NamedMalformedLine: Sendable {
        public var archive: String
        public var line: Int
        public var reason: String
    }

    public let clients: ClientAggregator
    public private(set) var counts: [InputCounts]
    public private(set) var findings = 0
    public private(set) var findingsByCategory: [Category: Int] = [:]
    /// The first malformed lines, for the summary; all are counted in `counts`.
    public private(set) var namedMalformed: [NamedMalformedLine] = []
    public private(set) var writeError: Error?
    public static let namedMalformedLimit = 20

    private let inputs: [InputFile]
    private let findingWriter: FindingWriter?
    private let rejects: FileHandle?

    public init(inputs: [InputFile], findingWriter: FindingWriter?, rejects: FileHandle?, evidenceLimit: Int) {
        self.inputs = inputs
        self.findingWriter = findingWriter
        self.rejects = rejects
        self.counts = Array(repeating: InputCounts(), count: inputs.count)
        self.clients = ClientAggregator(evidenceLimit: evidenceLimit)
    }

    public func consume(_ result: ChunkResult) {
        let lineBase = counts[result.inputIndex].lines
        counts[result.inputIndex].lines += result.lineCount
        counts[result.inputIndex].records += result.records
        counts[result.inputIndex].bytes += Int64(result.bytes)
        counts[result.inputIndex].malformed += result.malformed.count
        for bad in result.malformed {
            let line = lineBase + bad.lineInChunk + 1
            if namedMalformed.count < Self.namedMalformedLimit {
                namedMalformed.append(NamedMalformedLine(archive: inputs[result.inputIndex].name, line: line, reason: bad.reason))
            }
            if let rejects, let raw = bad.raw {
                rejects.write(Data(raw + [0x0A]))
            }
        }
        for var finding in result.findings {
            finding.line = lineBase + finding.line + 1
            findings += 1
            findingsByCategory[finding.category, default: 0] += 1
            clients.add(finding)
            do {
                try findingWriter?.write(finding)
            } catch {
                if writeError == nil { writeError = error }
            }
        }
    }
}
