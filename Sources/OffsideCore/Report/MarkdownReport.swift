import Foundation

/// The per-client report as Markdown, for a ticket or a chat message: the
/// window, then a ranked table with a text sparkline of violations per
/// night, then the top evidence of the first clients. Evidence is as
/// redacted as the report it is built from.
///
/// Threading: stateless.
public enum MarkdownReport {
    public static let maxRows = 50
    public static let maxDetailed = 10

    public static func render(_ r: ScanReport) -> String {
        var md = "# Offside client risk report\n\n"
        md += "Rule pack \(r.rulePack.id) v\(r.rulePack.version) (`\(r.rulePack.sha256.prefix(12))`)"
        if let h = r.history {
            md += ", nights \(h.nights.first ?? "–") to \(h.nights.last ?? "–") from `\(h.database)`"
        }
        md += ": \(r.totals.inputs) archive(s), \(r.totals.records) messages, \(r.totals.findings) findings, "
            + "\(r.totals.clients) clients"
        if let h = r.history { md += ", \(h.newClients) new" }
        md += ".\n\n"
        guard !r.clients.isEmpty else { return md + "No client has findings.\n" }
        md += "| rank | client | score | level | violations | freelancers | initiated | refused |"
        md += r.history != nil ? " new | trend |\n" : "\n"
        md += "|---:|---|---:|---|---:|---:|---:|---:|" + (r.history != nil ? "---|---|\n" : "\n")
        for (index, c) in r.clients.prefix(maxRows).enumerated() {
            md += "| \(index + 1) | \(cell(c.clientID)) | \(c.score) | \(c.level) | \(c.violations) | \(c.freelancersApproached) "
                + "| \(c.initiated) | \(c.refusalsReceived) |"
            if r.history != nil { md += " \(c.isNew == true ? "**new**" : "") | `\(sparkline(c.trend ?? []))` |" }
            md += "\n"
        }
        if r.clients.count > maxRows { md += "\n… and \(r.clients.count - maxRows) more clients (use --format json or csv).\n" }
        for c in r.clients.prefix(maxDetailed) where !c.evidence.isEmpty {
            md += "\n## \(cell(c.clientID)) — \(c.level), score \(c.score)\n\n"
            md += "Why: " + c.scoreTerms.map { "\($0.term) \(JSONText.number($0.value))" }.joined(separator: ", ") + ".\n\n"
            for e in c.evidence {
                let who = e.senderRole == "client" ? "client" : "freelancer \(e.senderID)"
                md += "- \(e.ts ?? "–") · \(who) · \(e.category) (`\(e.rule)`) · \(e.judgement)"
                if e.afterRefusal { md += " · after a refusal" }
                if let initiator = e.initiatorID { md += " · initiated by \(initiator)" }
                md += ": \(cell(e.excerpt.before))**\(cell(e.excerpt.match))**\(cell(e.excerpt.after))\n"
            }
        }
        return md
    }

    /// ▁▂▃▄▅▆▇█ scaled to the busiest night; a night with none is `·`.
    public static func sparkline(_ values: [Int]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        let peak = max(1, values.max() ?? 1)
        return String(values.map { $0 == 0 ? "·" : blocks[min(7, ($0 * 8 - 1) / peak)] })
    }

    /// Text safe inside a table cell: pipes escaped, line breaks flattened,
    /// Markdown emphasis characters escaped.
    static func cell(_ text: String) -> String {
        var out = ""
        for char in text {
            switch char {
            case "|", "*", "_", "`", "[", "]", "<", ">", "\\": out += "\\" + String(char)
            case "\n", "\r": out += " "
            default: out.append(char)
            }
        }
        return out
    }
}
