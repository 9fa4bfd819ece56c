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
        try runAll(inputs: inputs, compiled: compiled, threads: threads, targets: targets, errorLimit: errorLimit).messages
    }

    /// Scores messages and, when `expectations` are given, conversations and
    /// clients, from one scan through the whole pipeline (conversation stage
    /// included, so joined details count).
    public static func runAll(inputs: [InputFile], compiled: CompiledRulePack, threads: Int, targets: Targets = Targets(),
                              errorLimit: Int = 20, expectations: ConversationExpectations? = nil,
                              relationships: (path: String, loaded: RelationshipLoader.Loaded)? = nil)
        throws -> (messages: EvaluationReport, conversations: ConversationEvaluationReport?) {
        let messages = try readMessages(inputs)
        let (collector, outcome) = try scan(inputs, compiled: compiled, threads: threads, relationships: relationships)
        let report = EvaluationReport(messages: messages, found: collector.byMessage, pack: compiled.pack,
                                      targets: targets, errorLimit: errorLimit)
        let conversations = expectations.map {
            ConversationEvaluationReport(expectations: $0, initiators: collector.initiators, clients: outcome.report.clients)
        }
        return (report, conversations)
    }

    /// Scores `compiled` and `baseline` on the same messages and lists the
    /// calls that differ (`offside eval --baseline`).
    public static func compare(inputs: [InputFile], compiled: CompiledRulePack, baseline: CompiledRulePack, threads: Int,
                               targets: Targets = Targets(), changeLimit: Int = 20) throws -> EvaluationComparison {
        let messages = try readMessages(inputs)
        let before = try scan(inputs, compiled: baseline, threads: threads, relationships: nil).0.byMessage
        let after = try scan(inputs, compiled: compiled, threads: threads, relationships: nil).0.byMessage
        return EvaluationComparison(messages: messages, before: before, after: after, baseline: baseline.pack, pack: compiled.pack,
                                    targets: targets, changeLimit: changeLimit)
    }

    static func readMessages(_ inputs: [InputFile]) throws -> [LabelledMessage] {
        var messages: [LabelledMessage] = []
        for input in inputs { messages += try LabelledSetReader.read(input) }
        var seen = Set<String>()
        for message in messages where !seen.insert(message.id).inserted {
            throw LabelledSetReader.Failure(description: "message id \"\(message.id)\" appears twice in the labelled sets")
        }
        return messages
    }

    private static func scan(_ inputs: [InputFile], compiled: CompiledRulePack, threads: Int,
                             relationships: (path: String, loaded: RelationshipLoader.Loaded)?) throws -> (FindingCollector, ScanOutcome) {
        let collector = FindingCollector()
        let request = ScanRequest(inputs: inputs, pipeline: PipelineOptions(threads: threads), evidenceLimit: 0,
                                  relationships: relationships)
        let outcome = try ScanRun.run(request, compiled: compiled, onInitiator: { collector.initiators[$0] = $1.senderRole },
                                      onFinding: { collector.byMessage[$0.messageID, default: []].append($0) })
        if let error = outcome.inputErrors.first {
            throw LabelledSetReader.Failure(description: error.description)
        }
        if let bad = outcome.namedMalformed.first {
            throw LabelledSetReader.Failure(description: "\(bad.archive):\(bad.line): not a valid input record: \(bad.reason)")
        }
        return (collector, outcome)
    }
}

/// Findings by message id and initiators by conversation, gathered on the
/// aggregate queue.
///
/// Threading: written on one serial queue; read after the run.
final class FindingCollector: @unchecked Sendable {
    var byMessage: [String: [Finding]] = [:]
    var initiators: [String: SenderRole] = [:]
}
