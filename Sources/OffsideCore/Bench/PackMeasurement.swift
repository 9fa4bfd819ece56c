import Foundation

/// What `offside bench` measured for one rule pack over the whole corpus:
/// timed full scans (the pipeline as `offside scan` runs it, with no output
/// files) and, from the first run, the messages each rule flagged.
public struct PackMeasurement: Sendable {
    public var pack: PackInfo
    /// Wall-clock seconds of each run, in run order.
    public var runSeconds: [Double]
    /// Uncompressed bytes and records scanned in one run.
    public var bytes: Int64
    public var records: Int
    public var malformed: Int
    public var findings: Int
    /// Per rule id: its findings and the distinct messages they name, in
    /// the corpus's order (the order is the same for any thread count).
    public var byRule: [String: RuleFindings]

    public var medianSeconds: Double { Self.median(runSeconds) }
    public var megabytesPerSecond: Double { medianSeconds > 0 ? Double(bytes) / 1e6 / medianSeconds : 0 }
    public var messagesPerSecond: Double { medianSeconds > 0 ? Double(records) / medianSeconds : 0 }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Which pack was measured and what compiling it took.
public struct PackInfo: Sendable, Codable {
    public var name: String
    public var version: Int
    public var source: String
    public var sha256: String
    public var rules: Int
    public var patterns: Int
    public var compileSeconds: Double
    /// The database was loaded from the cache, not compiled.
    public var compileCached: Bool
    public var databaseBytes: Int
}

/// One rule's findings in a bench run.
public struct RuleFindings: Sendable {
    public var findings = 0
    /// Distinct message ids, first-seen order.
    public var messages: [String] = []
    public var messageSet: Set<String> = []

    mutating func add(_ finding: Finding) {
        findings += 1
        if messageSet.insert(finding.messageID).inserted { messages.append(finding.messageID) }
    }
}
