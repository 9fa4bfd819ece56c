import Foundation

/// Scores the detector on labelled sets: every message goes through the same
/// pipeline as a scan, and a message counts as positive for a category when
/// any finding of that category carries its `message_id`.
///
/// Threading: `run` blocks its caller; the pipeline runs its own workers.
public enum Evaluation {
    /// The targets from the detection issue; `offside eval --check` fails below them.
    public struct Targets: Sendable, Codable {
        public var precision = 0.95
        public var recall = 0.90
        public var obfuscatedRecall = 0.85
        public var hardNegativeFalsePositiveRate = 0.02
        public init() {}
    }

    public static func run(inputs: [InputFile], compiled: CompiledRulePack, threads: Int,
                           targets: Targets = Targets(), errorLimit: Int = 20) throws -> EvaluationReport {
        var messages: [LabelledMessage] = []
        for input in inputs { messages += try LabelledSetReader.read(input) }
        var seen = Set<String>()
        for message in messages where !seen.insert(message.id).inserted {
            throw LabelledSetReader.Failure(description: "message id \"\(message.id)\" appears twice in the labelled sets")
        }

        let collector = FindingCollector()
        let pipeline = ScanPipeline(compiled: compiled, options: PipelineOptions(threads: threads))
        let outcomes = pipeline.run(inputs: inputs) { collector.add($0) }
        if let failed = outcomes.first(where: { $0.error != nil }), let error = failed.error {
            throw LabelledSetReader.Failure(description: error.description)
        }
        if let bad = collector.malformed.first {
            throw LabelledSetReader.Failure(description: "a labelled message is not a valid input record: \(bad)")
        }
        return EvaluationReport(messages: messages, found: collector.byMessage, pack: compiled.pack,
                                targets: targets, errorLimit: errorLimit)
    }
}

/// Findings by message id, gathered on the pipeline's serial aggregate queue.
///
/// Threading: `add` is called on one serial queue; read after the run.
final class FindingCollector: @unchecked Sendable {
    private(set) var byMessage: [String: [Finding]] = [:]
    private(set) var malformed: [String] = []

    func add(_ result: ChunkResult) {
        for finding in result.findings { byMessage[finding.messageID, default: []].append(finding) }
        malformed += result.malformed.map(\.reason)
    }
}
