/// What one archive's findings add up to for the database, counted as they
/// are judged: per client and night, the counts `client_nights` stores, and
/// per finding, its night and whether its excerpt is kept
/// (`ExcerptSelector`).
///
/// Threading: a value, used where findings are judged (the aggregate queue).
struct ArchiveTally {
    struct NightCounts: Sendable {
        var night: String
        var findings = 0
        var violations = 0
        var maxSeverity = 0
    }

    /// One client's nights and short lists: one hash lookup per finding
    /// serves both.
    private struct ClientSlot {
        var excerptLists = ExcerptSelector.Lists()
        /// Usually one night, two around midnight.
        var nights: [NightCounts] = []
    }

    let fallbackNight: String
    private var excerpts: ExcerptSelector
    private var clients: [String: ClientSlot] = [:]
    private var nights = NightDate.Cache()

    init(fallbackNight: String, excerpts: ExcerptSelector) {
        self.fallbackNight = fallbackNight
        self.excerpts = excerpts
    }

    /// Counts a finding; returns its night and whether its excerpt is kept.
    /// - Parameter admitted: whether the finding entered its client's short
    ///   list in a client stage that has seen this archive's findings and no
    ///   others (`ClientAggregator.lastAdmitted`): the same answer
    ///   `ExcerptSelector` would give, already paid for. Nil otherwise.
    mutating func count(_ f: Finding, admitted: Bool? = nil) -> (night: String, keepsExcerpt: Bool) {
        let night = night(of: f)
        guard let client = f.clientID else { return (night, f.messageIDs.count > 1) }
        return (night, Self.count(f, night: night, admitted: admitted, in: &clients[client, default: ClientSlot()],
                                  excerpts: &excerpts))
    }

    /// The `client_nights` rows.
    var clientNights: [(client: String, counts: NightCounts)] {
        clients.flatMap { client, slot in slot.nights.map { (client, $0) } }
    }

    private static func count(_ f: Finding, night: String, admitted: Bool?, in slot: inout ClientSlot,
                              excerpts: inout ExcerptSelector) -> Bool {
        let index: Int
        if let found = slot.nights.firstIndex(where: { $0.night == night }) {
            index = found
        } else {
            index = slot.nights.count
            slot.nights.append(NightCounts(night: night))
        }
        slot.nights[index].findings += 1
        if f.senderRole == .client && f.judgement == .violation {
            slot.nights[index].violations += 1
            slot.nights[index].maxSeverity = max(slot.nights[index].maxSeverity, f.severity)
        }
        if let admitted { return ExcerptSelector.keepsExcerpt(f, admitted: admitted) }
        return excerpts.keepsExcerpt(f, lists: &slot.excerptLists)
    }

    private mutating func night(of f: Finding) -> String {
        nights.night(millis: f.timestampMillis, fallback: fallbackNight)
    }
}
