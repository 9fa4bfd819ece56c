import Foundation

/// Time attributed to each rule: the per-chunk work (normalise, match,
/// validate, build findings) on an in-memory sample with the whole pack,
/// minus the same work with the pack compiled without that rule. Full and
/// leave-one-out scans alternate in pairs and the cost is the median of the
/// pairs' differences, so drift on a busy machine hits both sides alike.
public struct RuleCostProfile: Sendable, Codable {
    public struct Entry: Sendable, Codable {
        public var rule: String
        /// Seconds the rule adds to one scan of the sample (can be slightly
        /// negative: noise).
        public var costSeconds: Double
        /// `costSeconds` over the full pack's time on the sample.
        public var share: Double
        /// Seconds added per uncompressed MB.
        public var costMillisecondsPerMB: Double
        /// Matches that became findings on the sample (before conversation
        /// judging).
        public var sampleFindings: Int
        /// The cost is no larger than half the range of the paired
        /// differences: not distinguishable from zero.
        public var withinNoise: Bool
        /// Seconds to compile the pack without this rule.
        public var compileWithoutSeconds: Double
    }

    public var sampleBytes: Int
    public var repeats: Int
    /// The full pack's time on the sample, one thread (median over the
    /// profiled rules' medians).
    public var fullSeconds: Double
    /// Most expensive first.
    public var entries: [Entry]
}

/// Builds a `RuleCostProfile`.
///
/// Threading: runs `threads` profiling jobs at once on Dispatch's pool; each
/// job owns its scanners; only one job times at a time (the others compile);
/// results are gathered under a lock.
public enum RuleCostProfiler {
    public static func profile(_ compiled: CompiledRulePack, extraAllowedHosts: [String] = [], sample: CorpusSample,
                               rules ruleIDs: [String], repeats: Int, threads: Int, fieldNames: FieldNames = FieldNames(),
                               onRule: @Sendable (_ done: Int, _ total: Int, _ rule: String) -> Void = { _, _, _ in }) throws -> RuleCostProfile {
        let pack = compiled.pack
        let repeats = max(1, repeats)
        let state = ProfileState()
        // Findings per rule on the sample, from one full pass.
        let counter = ChunkScanner(compiled: compiled, fieldNames: fieldNames, keepRejects: false)
        var counts: [String: Int] = [:]
        for chunk in sample.chunks {
            for finding in counter.scan(chunk, sequence: 0, inputIndex: 0, archive: "sample").findings {
                counts[finding.rule, default: 0] += 1
            }
        }
        let sampleFindings = counts
        let jobs = ruleIDs
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, jobs.count))) { _ in
            let full = ChunkScanner(compiled: compiled, fieldNames: fieldNames, keepRejects: false)
            while let index = state.nextJob(of: jobs.count) {
                let rule = jobs[index]
                do {
                    var reduced = pack
                    reduced.rules.removeAll { $0.id == rule }
                    let compileStart = DispatchTime.now().uptimeNanoseconds
                    let without = reduced.rules.isEmpty ? nil : try CompiledRulePack(reduced, extraAllowedHosts: extraAllowedHosts)
                    let compileSeconds = Double(DispatchTime.now().uptimeNanoseconds - compileStart) / 1e9
                    let other = without.map { ChunkScanner(compiled: $0, fieldNames: fieldNames, keepRejects: false) }
                    // One job times at a time (the others compile meanwhile),
                    // so timings do not share a core with each other.
                    let (fullTimes, differences) = state.timing { () -> ([Double], [Double]) in
                        var fullTimes: [Double] = []
                        var differences: [Double] = []
                        for _ in 0..<repeats {
                            let withTime = time(full, sample)
                            fullTimes.append(withTime)
                            differences.append(withTime - (other.map { time($0, sample) } ?? 0))
                        }
                        return (fullTimes, differences)
                    }
                    let fullMedian = PackMeasurement.median(fullTimes)
                    let cost = PackMeasurement.median(differences)
                    // Half the range of the paired differences: what the same
                    // measurement moves by from pair to pair.
                    let spread = (differences.max()! - differences.min()!) / 2
                    state.record(Entry(rule: rule, costSeconds: cost, share: cost / fullMedian,
                                       costMillisecondsPerMB: cost * 1e3 / (Double(sample.bytes) / 1e6),
                                       sampleFindings: sampleFindings[rule] ?? 0,
                                       withinNoise: repeats > 2 && abs(cost) <= spread,
                                       compileWithoutSeconds: compileSeconds), full: fullMedian)
                } catch {
                    state.fail(BenchError(message: "rule \(rule): the pack without it does not compile: \(error)"))
                }
                onRule(state.done, jobs.count, rule)
            }
        }
        if let error = state.error { throw error }
        return RuleCostProfile(sampleBytes: sample.bytes, repeats: repeats, fullSeconds: state.fullSeconds,
                               entries: state.entries.sorted { ($0.costSeconds, $1.rule) > ($1.costSeconds, $0.rule) })
    }

    public typealias Entry = RuleCostProfile.Entry

    private static func time(_ scanner: ChunkScanner, _ sample: CorpusSample) -> Double {
        let started = DispatchTime.now().uptimeNanoseconds
        for (sequence, chunk) in sample.chunks.enumerated() {
            _ = scanner.scan(chunk, sequence: sequence, inputIndex: 0, archive: "sample")
        }
        return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    /// The jobs' shared progress.
    ///
    /// Threading: every member is read and written under `lock`.
    private final class ProfileState: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private(set) var entries: [Entry] = []
        private(set) var fullTimes: [Double] = []
        var fullSeconds: Double { lock.withLock { PackMeasurement.median(fullTimes) } }
        private(set) var error: Error?

        func nextJob(of count: Int) -> Int? {
            lock.withLock {
                guard error == nil, next < count else { return nil }
                defer { next += 1 }
                return next
            }
        }
        func record(_ entry: Entry, full: Double) {
            lock.withLock { entries.append(entry); fullTimes.append(full) }
        }
        private let timingLock = NSLock()
        func timing<T>(_ body: () -> T) -> T { timingLock.withLock(body) }
        func fail(_ failure: Error) { lock.withLock { if error == nil { error = failure } } }
        var done: Int { lock.withLock { entries.count } }
    }
}
