/// What a stored report adds to each client from the nights stored: its
/// violations per night of the window (`trend`) and `new` when its first
/// stored night falls in the window. Clients are ranked before it is known
/// (a scan ranks them while its last archive commits) and decorated from
/// it when the report reads them.
///
/// Threading: filled once, on the thread building the report, before any
/// client is read; read-only afterwards, from any thread.
final class ReportHistory: @unchecked Sendable {
    private var nights: [String] = []
    /// Per client, violations per night of `nights`.
    private var trends: [String: [Int]] = [:]
    private var firstNights: [String: String] = [:]

    func fill(nights: [String], trends: [String: [Int]], firstNights: [String: String]) {
        self.nights = nights
        self.trends = trends
        self.firstNights = firstNights
    }

    func isNew(_ clientID: String) -> Bool {
        guard let start = nights.first, let first = firstNights[clientID] else { return false }
        return first >= start
    }

    func decorate(_ client: inout ScanReport.Client) {
        client.trend = trends[client.clientID] ?? Array(repeating: 0, count: nights.count)
        client.isNew = isNew(client.clientID)
    }
}
