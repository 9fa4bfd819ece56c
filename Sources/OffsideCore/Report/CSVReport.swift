import Foundation

/// `--report-csv`: one row per client, ranked as in the JSON report, for
/// spreadsheets. Lists are packed into one cell (`key=value; …`).
///
/// Threading: stateless.
public enum CSVReport {
    public static let header = [
        "rank", "client_id", "score", "level", "violations", "conversations", "freelancers_approached", "initiated",
        "refusals_received", "persisted_after_refusal", "answered_requests", "exempt_findings", "tolerated_findings",
        "contract_unknown", "partner_findings", "findings", "first_seen", "last_seen", "categories", "score_terms",
        "top_evidence",
    ]

    public static func write(_ report: ScanReport, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try write(report) { try handle.write(contentsOf: Data($0.utf8)) }
    }

    /// The CSV in pieces of about 1 MB. A report from the database adds
    /// `new` and `trend` (violations per night, oldest first, space-separated;
    /// the nights are in the JSON report's `history`).
    public static func write(_ report: ScanReport, emit: (String) throws -> Void) throws {
        let history = report.history != nil
        var buffer = row(history ? header + ["new", "trend"] : header)
        var rank = 0
        try report.clients.forEachBlock(threads: ProcessInfo.processInfo.activeProcessorCount) { block in
            for client in block {
                rank += 1
                var cells = fields(client, rank: rank)
                if history {
                    cells += [client.isNew == true ? "yes" : "no", (client.trend ?? []).map(String.init).joined(separator: " ")]
                }
                buffer += row(cells)
                if buffer.utf8.count >= 1 << 20 {
                    try emit(buffer)
                    buffer = ""
                }
            }
        }
        try emit(buffer)
    }

    static func fields(_ c: ScanReport.Client, rank: Int) -> [String] {
        let categories = c.categories.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let terms = c.scoreTerms.map { "\($0.term)=\(JSONText.number($0.value))" }.joined(separator: "; ")
        let evidence = c.evidence.first.map { "\($0.category) \($0.rule) by \($0.senderRole) in \($0.messageID): \($0.evidence)" } ?? ""
        return [
            String(rank), c.clientID, String(c.score), c.level, String(c.violations), String(c.conversations),
            String(c.freelancersApproached), String(c.initiated), String(c.refusalsReceived), String(c.persistedAfterRefusal),
            String(c.answeredRequests), String(c.exemptFindings), String(c.toleratedFindings), String(c.contractUnknown),
            String(c.partnerFindings), String(c.findings), c.firstSeen ?? "", c.lastSeen ?? "", categories, terms, evidence,
        ]
    }

    /// RFC 4180: a cell with a comma, quote or line break is quoted, and
    /// quotes inside are doubled. A leading `=`, `+`, `-` or `@` gets a `'`
    /// so a spreadsheet does not run message text as a formula.
    static func row(_ cells: [String]) -> String {
        cells.map { cell -> String in
            var value = cell
            if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
