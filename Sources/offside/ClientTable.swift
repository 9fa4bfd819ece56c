import OffsideCore

/// A plain-text ranking of the top clients for a terminal.
enum ClientTable {
    static func render(_ report: ScanReport, limit: Int) -> String {
        guard !report.clients.isEmpty else { return "No client has findings." }
        var lines = ["rank  score  level   findings  freelancers  initiated  refused  client"]
        for (rank, client) in report.clients.prefix(limit).enumerated() {
            lines.append([
                pad(String(rank + 1), 4), pad(String(client.score), 5), pad(client.level, 6, left: true),
                pad(String(client.findings), 8), pad(String(client.freelancersApproached), 11),
                pad(String(client.initiated), 9), pad(String(client.refusalsReceived), 7), client.clientID,
            ].joined(separator: "  "))
        }
        if report.clients.count > limit {
            lines.append("… and \(report.clients.count - limit) more clients; write them all with --report FILE")
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + fill : fill + text
    }
}
