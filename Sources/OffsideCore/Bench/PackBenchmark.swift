import Foundation

/// Times one compiled rule pack over a corpus, the way `offside scan` runs
/// it, and records which messages each rule flagged (first run only: the
/// callback's cost is a dictionary insert per finding, and the median of
/// several runs hides it).
///
/// Threading: `measure` is synchronous; the pipeline it starts uses its own
/// workers and calls back on one aggregate thread.
public enum PackBenchmark {
    public static func measure(_ compiled: CompiledRulePack, compileSeconds: Double, inputs: [InputFile],
                               pipeline: PipelineOptions, runs: Int,
                               onRun: (_ run: Int, _ seconds: Double) -> Void = { _, _ in }) throws -> PackMeasurement {
        let pack = compiled.pack
        let info = PackInfo(name: pack.name, version: pack.version, source: pack.source, sha256: pack.sha256,
                            rules: pack.rules.count, patterns: compiled.database.patternCount, compileSeconds: compileSeconds,
                            compileCached: compiled.database.wasCached, databaseBytes: compiled.database.byteSize)
        var measurement = PackMeasurement(pack: info, runSeconds: [], bytes: 0, records: 0, malformed: 0, findings: 0, byRule: [:])
        for run in 0..<max(1, runs) {
            let collector = run == 0 ? FindingCollector() : nil
            let request = ScanRequest(inputs: inputs, pipeline: pipeline, evidenceLimit: 0)
            let started = DispatchTime.now().uptimeNanoseconds
            let outcome = try ScanRun.run(request, compiled: compiled, onFinding: collector.map { collector in
                { collector.add($0) }
            })
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            if let error = outcome.inputErrors.first { throw BenchError(message: "\(error)") }
            measurement.runSeconds.append(seconds)
            if let collector {
                measurement.byRule = collector.byRule
                measurement.findings = collector.byRule.values.reduce(0) { $0 + $1.findings }
                measurement.bytes = outcome.report.inputs.reduce(0) { $0 + $1.bytes }
                measurement.records = outcome.report.inputs.reduce(0) { $0 + $1.records }
                measurement.malformed = outcome.report.inputs.reduce(0) { $0 + $1.malformed }
            }
            onRun(run, seconds)
        }
        return measurement
    }

    /// Gathers findings by rule on the aggregate thread.
    ///
    /// Threading: called from the scan's one aggregate thread only, and read
    /// after the scan returns.
    final class FindingCollector: @unchecked Sendable {
        var byRule: [String: RuleFindings] = [:]
        func add(_ finding: Finding) { byRule[finding.rule, default: RuleFindings()].add(finding) }
    }
}

/// A bench that cannot go on: an input that could not be read to its end
/// (timings of a partial corpus would mislead), or an empty sample.
public struct BenchError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
