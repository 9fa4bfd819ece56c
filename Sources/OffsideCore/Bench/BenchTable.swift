import Foundation

/// The text `offside bench` prints: throughput per pack, then the pack
/// difference (or findings per rule), then the per-rule cost profile.
public enum BenchTable {
    public static func render(_ report: BenchReport, allRules: Bool) -> String {
        var out: [String] = []
        let megabytes = Double(report.bytes) / 1e6
        out.append("corpus: \(report.corpus.count) input\(report.corpus.count == 1 ? "" : "s"), \(String(format: "%.1f", megabytes)) MB uncompressed, "
            + "\(group(report.records)) messages\(report.malformed > 0 ? " (\(group(report.malformed)) malformed lines skipped)" : ""); "
            + "\(report.threads) thread\(report.threads == 1 ? "" : "s"), median of \(report.runs) run\(report.runs == 1 ? "" : "s") per pack")
        out.append("")
        let w = 34
        out.append(row(["pack", "rules", "patterns", "compile", "MB/s", "msgs/s", "findings", "messages", "runs (s)"],
                       widths: [-w, 6, 9, 8, 8, 10, 10, 10, 0]))
        for summary in report.packs {
            let pack = summary.pack
            out.append(row([
                "\(summary.role): \(pack.name) v\(pack.version)", "\(pack.rules)", "\(pack.patterns)",
                String(format: "%.2fs", pack.compileSeconds) + (pack.compileCached ? "*" : ""), String(format: "%.1f", summary.megabytesPerSecond),
                group(Int(summary.messagesPerSecond)), group(summary.findings), group(summary.flaggedMessages),
                summary.runSeconds.map { String(format: "%.2f", $0) }.joined(separator: " "),
            ], widths: [-w, 6, 9, 8, 8, 10, 10, 10, 0]))
        }
        if report.packs.contains(where: \.pack.compileCached) {
            out.append("  * loaded from the compiled-pack cache (OFFSIDE_CACHE_DIR= turns it off to time a compile)")
        }
        for summary in report.packs {
            let pack = summary.pack
            out.append("  \(summary.role): \(pack.source), sha256 \(pack.sha256.prefix(16))…, database \(pack.databaseBytes / 1024) KiB")
        }
        if report.packs.count == 2 {
            let (old, new) = (report.packs[0], report.packs[1])
            let change = old.megabytesPerSecond > 0 ? (new.megabytesPerSecond / old.megabytesPerSecond - 1) * 100 : 0
            out.append(String(format: "throughput change: %+.1f%% (new against baseline; on a busy machine a few %% is noise, compare several runs)", change))
        }
        if let diff = report.diff { out += render(diff, allRules: allRules) } else { out += render(report.rules) }
        if let profile = report.profile { out += render(profile) }
        return out.joined(separator: "\n")
    }

    private static func render(_ diff: PackDiff, allRules: Bool) -> [String] {
        let w = ruleWidth(diff.rules.map(\.rule))
        var out = [""]
        func names(_ ids: [String]) -> String {
            ids.isEmpty ? "" : ": " + ids.prefix(10).joined(separator: ", ") + (ids.count > 10 ? ", …" : "")
        }
        out.append("rules: \(diff.added.count) added\(names(diff.added)); \(diff.removed.count) removed\(names(diff.removed)); "
                   + "\(diff.changed.count) changed\(names(diff.changed))")
        var shown = diff.rules.filter { allRules || $0.status != .unchanged || $0.gained > 0 || $0.lost > 0 }
        var cut = 0
        if !allRules && shown.count > maxRows {
            // The biggest differences first; the rest are counted.
            shown = Array(shown.enumerated().sorted { ($0.element.gained + $0.element.lost, $1.offset) > ($1.element.gained + $1.element.lost, $0.offset) }
                .prefix(maxRows).map(\.element))
            cut = diff.rules.filter { $0.status != .unchanged || $0.gained > 0 || $0.lost > 0 }.count - maxRows
        }
        out.append("")
        out.append("messages flagged per rule (baseline → new):")
        out.append(row(["rule", "status", "baseline", "new", "gained", "lost"], widths: [-w, -20, 10, 10, 8, 8]))
        for change in shown {
            let status = change.status == .changed ? "changed (\(change.fields.joined(separator: ",")))" : change.status.rawValue
            out.append(row([change.rule, status, group(change.baselineMessages), group(change.newMessages),
                            "+" + group(change.gained), "-" + group(change.lost)], widths: [-w, -20, 10, 10, 8, 8]))
            if !change.gainedExamples.isEmpty { out.append("    gained e.g. " + change.gainedExamples.joined(separator: " ")) }
            if !change.lostExamples.isEmpty { out.append("    lost e.g.   " + change.lostExamples.joined(separator: " ")) }
        }
        if cut > 0 { out.append("(\(cut) more added, removed or changed rules with smaller differences; --all-rules lists them)") }
        let hidden = diff.rules.count - shown.count - cut
        if hidden > 0 { out.append("(\(hidden) unchanged rule\(hidden == 1 ? "" : "s") flag the same messages in both packs; --all-rules lists them)") }
        return out
    }

    private static func render(_ rules: [BenchReport.RuleCount]) -> [String] {
        let w = ruleWidth(rules.map(\.rule))
        var out = ["", "findings per rule (most first):"]
        out.append(row(["rule", "findings", "messages", "examples"], widths: [-w, 10, 10, 0]))
        for rule in rules.sorted(by: { ($0.findings, $1.rule) > ($1.findings, $0.rule) }) {
            out.append(row([rule.rule, group(rule.findings), group(rule.messages), rule.examples.joined(separator: " ")],
                           widths: [-w, 10, 10, 0]))
        }
        return out
    }

    private static func render(_ profile: RuleCostProfile) -> [String] {
        let w = ruleWidth(profile.entries.map(\.rule))
        var out = [""]
        let megabytes = Double(profile.sampleBytes) / 1e6
        out.append(String(format: "cost per rule: the pack with and without each rule, on the first %.1f MB (one thread, median of %d pairs); ",
                          megabytes, profile.repeats)
                   + String(format: "the whole pack takes %.0f ms there (%.1f MB/s)", profile.fullSeconds * 1e3,
                            profile.fullSeconds > 0 ? megabytes / profile.fullSeconds : 0))
        out.append(row(["rule", "cost ms", "share", "ms/MB", "findings", "compile w/o"], widths: [-w, 9, 8, 8, 9, 12]))
        for entry in profile.entries {
            out.append(row([entry.rule, String(format: "%.1f", entry.costSeconds * 1e3), String(format: "%.1f%%", entry.share * 100),
                            String(format: "%.2f", entry.costMillisecondsPerMB), group(entry.sampleFindings),
                            String(format: "%.2fs", entry.compileWithoutSeconds)], widths: [-w, 9, 8, 8, 9, 12])
                       + (entry.withinNoise ? "  (within noise)" : ""))
        }
        return out
    }

    /// Rows of the per-rule comparison shown without --all-rules.
    static let maxRows = 40

    private static func ruleWidth(_ ids: [String]) -> Int {
        max(20, (ids.map(\.count).max() ?? 0) + 1)
    }

    /// Columns: a positive width right-aligns, a negative one left-aligns,
    /// 0 leaves the last column as it is.
    static func row(_ cells: [String], widths: [Int]) -> String {
        zip(cells, widths).map { cell, width in
            if width == 0 { return cell }
            let pad = String(repeating: " ", count: max(0, abs(width) - cell.count))
            return width < 0 ? cell + pad + " " : pad + cell + " "
        }.joined().trimmingCharacters(in: .whitespaces)
    }

    static func group(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }
}
