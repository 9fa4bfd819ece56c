/// The one-paragraph summary `offside scan` prints on stderr.
public enum ScanSummary {
    public static func text(for outcome: ScanOutcome) -> String {
        let r = outcome.report
        let t = r.totals
        let compressed = r.inputs.reduce(Int64(0)) { $0 + $1.compressedBytes }
        var s = "Scanned \(t.inputs) input\(t.inputs == 1 ? "" : "s") (\(megabytes(compressed)) read, \(megabytes(t.bytes)) uncompressed): "
        s += "\(group(t.records)) records in \(String(format2: r.timings.seconds)) s (\(String(format1: r.timings.mbPerSecond)) MB/s, \(r.timings.threads) thread\(r.timings.threads == 1 ? "" : "s")) "
        s += "with rule pack \(r.rulePack.id) v\(r.rulePack.version) (\(r.rulePack.rules) rules). "
        s += "\(group(t.findings)) finding\(t.findings == 1 ? "" : "s") for \(group(t.clients)) client\(t.clients == 1 ? "" : "s")"
        if t.findingsWithoutClient > 0 { s += " (\(t.findingsWithoutClient) with no known client)" }
        let j = t.judgements
        s += ": \(group(j["violation"] ?? 0)) violations, \(group(j["tolerated"] ?? 0)) tolerated (after a contract, or a call offered for after one), "
            + "\(group(j["exempt"] ?? 0)) exempt, \(group(j["mitigating"] ?? 0)) refusals"
        if t.joinedFindings > 0 { s += "; \(group(t.joinedFindings)) split detail\(t.joinedFindings == 1 ? "" : "s") joined" }
        let counts = r.clients.levelCounts
        let levels = ["high", "medium", "low"].map { level in (level, counts[level] ?? 0) }
        s += ". Clients: " + levels.map { "\(group($0.1)) \($0.0)" }.joined(separator: ", ") + ". "
        if t.malformed == 0 {
            s += "No malformed lines."
        } else {
            let named = outcome.namedMalformed.map { "\($0.archive):\($0.line) \($0.reason)" }
            s += "\(group(t.malformed)) malformed line\(t.malformed == 1 ? "" : "s") skipped: " + named.joined(separator: "; ")
            if t.malformed > named.count { s += "; and \(t.malformed - named.count) more" }
            s += "."
        }
        if !outcome.inputErrors.isEmpty {
            s += " \(outcome.inputErrors.count) input\(outcome.inputErrors.count == 1 ? "" : "s") failed: "
                + outcome.inputErrors.map(\.description).joined(separator: "; ") + "."
        }
        if let stored = outcome.stored {
            s += "\nStored in \(stored.database) (run \(stored.runID)): \(stored.committed.count) archive\(stored.committed.count == 1 ? "" : "s") committed, "
                + "\(stored.skipped.count) skipped as already stored"
            s += stored.skipped.isEmpty ? "." : " (--rescan scans them again)."
            if !stored.errors.isEmpty { s += " Not stored: " + stored.errors.joined(separator: "; ") + "." }
            for note in stored.notes { s += "\nNote: \(note)." }
            if let p = stored.pruned {
                s += "\nRetention: removed nights before \(p.cutoff): \(group(p.findings)) findings, \(group(p.clientNights)) client-nights, "
                    + "\(p.archives) archives, \(p.runs) runs."
            }
        }
        return s
    }

    static func megabytes(_ bytes: Int64) -> String {
        bytes < 1_000_000 ? "\(String(format1: Double(bytes) / 1e3)) kB" : "\(String(format1: Double(bytes) / 1e6)) MB"
    }

    public static func group(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }
}

extension String {
    init(format1 value: Double) { self = String((value * 10).rounded() / 10) }
    init(format2 value: Double) { self = String((value * 100).rounded() / 100) }
}
