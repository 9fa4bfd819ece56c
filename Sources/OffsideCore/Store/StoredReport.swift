import Foundation
import GRDB

/// Which stored findings a report is built from.
public struct StoredSelection: Sendable {
    /// Only these archives (a scan's own report); nil for every archive
    /// scanned with the rule pack.
    public var archiveIDs: [Int64]?
    /// Nights, inclusive (`YYYY-MM-DD`); nil for no bound.
    public var since: String?
    public var until: String?
    /// The rule pack's SHA-256 or a prefix of it, or its id; nil for the pack
    /// of the newest archive.
    public var rulePack: String?
    /// Nights in the trend when `since` does not say.
    public var trendNights: Int

    public init(archiveIDs: [Int64]? = nil, since: String? = nil, until: String? = nil, rulePack: String? = nil,
                trendNights: Int = 14) {
        self.archiveIDs = archiveIDs
        self.since = since
        self.until = until
        self.rulePack = rulePack
        self.trendNights = trendNights
    }
}

/// Client state a scan already built in memory for some archives, so that
/// its report reads only the other archives' findings back.
struct PreloadedClients {
    var archiveIDs: [Int64]
    var aggregator: ScanAggregator
}

/// Builds the per-client report from the database: the stored findings, in
/// the order they were judged, go through the same `ClientAggregator` a scan
/// uses, so a report of a scan's archives equals that scan's own report.
/// On top, per client: violations per night over the window (`trend`) and
/// `new` when the client's first stored finding falls in the window.
///
/// Threading: stateless; reads through the pool (never blocks a writer).
public enum StoredReport {
    public static func build(database: ScanDatabase, selection: StoredSelection, reveal: Bool,
                             evidenceLimit: Int = 5, threads: Int = 1,
                             spill: ClientSpillOptions = ClientSpillOptions()) throws -> ScanReport {
        try build(database: database, selection: selection, reveal: reveal, evidenceLimit: evidenceLimit, threads: threads,
                  spill: spill, preloaded: nil)
    }

    /// - Parameter preloaded: client states built during the scan of some
    ///   of the selected archives (no night bounds): those archives' findings
    ///   are not read back. Client states merge exactly (`ClientState`).
    /// - Parameter prepared: the clients, built by `clientPart` while the
    ///   scan's last archive was being committed; `preloaded` then only
    ///   names the archives whose state it holds.
    static func build(database: ScanDatabase, selection: StoredSelection, reveal: Bool,
                      evidenceLimit: Int, threads: Int, spill: ClientSpillOptions, preloaded: PreloadedClients?,
                      prepared: ClientPart? = nil) throws -> ScanReport {
        let started = DispatchTime.now()
        return try database.pool.read { db in
            let archives = try selectArchives(db, selection: selection)
            guard let newest = archives.last else {
                throw StoreError("\(database.path): no archives stored with that rule pack")
            }
            let archiveList = archives.map { String($0.id) }.joined(separator: ",")
            let nights = try nightWindow(db, archiveList: archiveList, selection: selection)

            var part: ClientPart
            if let prepared {
                part = prepared
                part.archivesWithFindings.formUnion(preloaded?.archiveIDs ?? [])
            } else {
                let preloadedIDs = Set(preloaded?.archiveIDs ?? [])
                part = try clientPart(db, readBack: archives.map(\.id).filter { !preloadedIDs.contains($0) }, selection: selection,
                                      evidenceLimit: evidenceLimit, spill: spill, preloaded: preloaded)
            }
            let totals = part.totals, archivesWithFindings = part.archivesWithFindings
            let clients = try part.rank(reveal: reveal, threads: threads)
            part.history.fill(nights: nights, trends: try trend(db, archiveList: archiveList, nights: nights),
                              firstNights: try firstNight(db, rulePackSHA256: newest.rulePackSHA256))
            let newClients = clients.indices.reduce(0) { $0 + (part.history.isNew(clients.clientID(at: $1)) ? 1 : 0) }

            let listed = archives.filter { archive -> Bool in
                if selection.archiveIDs != nil || archivesWithFindings.contains(archive.id) { return true }
                let afterStart = selection.since.map { archive.night >= $0 } ?? true
                let beforeEnd = selection.until.map { archive.night <= $0 } ?? true
                return afterStart && beforeEnd
            }
            let inputs = listed.map(\.inputInfo)
            let bytes = inputs.reduce(Int64(0)) { $0 + $1.bytes }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            return ScanReport(
                toolVersion: OffsideVersion.current,
                rulePack: .init(id: newest.rulePackID, version: newest.rulePackVersion, sha256: newest.rulePackSHA256,
                                source: newest.rulePackSource, rules: newest.rulePackRules),
                relationships: nil, inputs: inputs,
                totals: .init(inputs: inputs.count, failedInputs: 0, records: inputs.reduce(0) { $0 + $1.records },
                              bytes: bytes, malformed: inputs.reduce(0) { $0 + $1.malformed }, findings: totals.findings,
                              findingsByCategory: totals.byCategory, clients: clients.count,
                              findingsWithoutClient: part.findingsWithoutClient,
                              judgements: totals.judgements,
                              joinedFindings: totals.joined,
                              conversationsForgotten: listed.reduce(0) { $0 + $1.conversationsForgotten }),
                timings: .init(seconds: (seconds * 1000).rounded() / 1000, mbPerSecond: 0, threads: threads),
                clients: clients,
                history: .init(database: database.path, since: nights.first, until: nights.last,
                               nights: nights, archives: listed.count, newClients: newClients))
        }
    }

    /// A report's client states, and what the totals need.
    struct ClientPart {
        var clients: ClientAggregator
        var totals: FindingTotals
        var archivesWithFindings: Set<Int64>
        var findingsWithoutClient: Int
        /// Trends and `new` of the ranked clients, filled in after ranking.
        let history = ReportHistory()
        private var ranked: ReportClients?

        init(clients: ClientAggregator, totals: FindingTotals, archivesWithFindings: Set<Int64>, findingsWithoutClient: Int) {
            self.clients = clients
            self.totals = totals
            self.archivesWithFindings = archivesWithFindings
            self.findingsWithoutClient = findingsWithoutClient
        }

        /// The clients in report order. A scan ranks them while its last
        /// archive commits; the history, which needs that commit, decorates
        /// each client when it is read.
        mutating func rank(reveal: Bool, threads: Int) throws -> ReportClients {
            if let ranked { return ranked }
            let history = self.history
            let ranked = try clients.ranked(reveal: reveal, threads: threads) { history.decorate(&$0) }
            self.ranked = ranked
            return ranked
        }
    }

    /// Folds the findings of `readBack` (in the order judged) into client
    /// state — the scan's own, extended in place and not copied (it is the
    /// largest thing in memory), when `preloaded` holds it.
    static func clientPart(_ db: Database, readBack: [Int64], selection: StoredSelection, evidenceLimit: Int,
                           spill: ClientSpillOptions, preloaded: PreloadedClients?) throws -> ClientPart {
        let aggregator = preloaded?.aggregator.clients ?? ClientAggregator(evidenceLimit: evidenceLimit, spill: spill)
        var totals = FindingTotals()
        var archivesWithFindings = Set<Int64>()
        if !readBack.isEmpty {
            var reader = FindingBlockReader(decoder: try StoredFinding(db))
            // Blocks in id order are findings in judged order. A window
            // skips whole blocks by their nights, then filters inside.
            var sql = """
                SELECT b.first_id, b.archive_id, a.path, b.rows FROM finding_blocks b JOIN archives a ON a.id = b.archive_id
                WHERE b.archive_id IN (\(readBack.map(String.init).joined(separator: ",")))
                """
            var arguments: StatementArguments = []
            if let since = selection.since {
                sql += " AND b.last_night >= ?"
                arguments += [since]
            }
            if let until = selection.until {
                sql += " AND b.first_night <= ?"
                arguments += [until]
            }
            let blocks = try Row.fetchCursor(db, sql: sql + " ORDER BY b.first_id", arguments: arguments)
            while let block = try blocks.next() {
                let archiveID: Int64 = block[1]
                let path: String = block[2]
                try block.withUnsafeData(atIndex: 3) { data in
                    guard let data else { return }
                    try data.withUnsafeBytes { json in
                        try reader.read(json, firstID: block[0], archivePath: path, since: selection.since,
                                        until: selection.until) { finding in
                            archivesWithFindings.insert(archiveID)
                            totals.add(finding)
                            aggregator.add(finding)
                        }
                    }
                }
            }
        }
        if let preloaded {
            totals.add(preloaded.aggregator)
            archivesWithFindings.formUnion(preloaded.archiveIDs)
        }
        return ClientPart(clients: aggregator,
                          totals: totals, archivesWithFindings: archivesWithFindings,
                          findingsWithoutClient: aggregator.findingsWithoutClient)
    }

    /// Finding counts for the report's totals.
    struct FindingTotals {
        var findings = 0
        var byCategory: [String: Int] = [:]
        var judgements: [String: Int] = [:]
        var joined = 0

        mutating func add(_ f: Finding) {
            findings += 1
            byCategory[f.category.rawValue, default: 0] += 1
            judgements[f.judgement.rawValue, default: 0] += 1
            if f.messageIDs.count > 1 && f.rule.hasSuffix(".split") { joined += 1 }
        }

        mutating func add(_ scan: ScanAggregator) {
            findings += scan.findings
            for (category, count) in scan.findingsByCategory { byCategory[category.rawValue, default: 0] += count }
            for (judgement, count) in scan.judgements { judgements[judgement.rawValue, default: 0] += count }
            joined += scan.conversations.joinedFindings
        }
    }

    /// Excerpts are stored for the evidence a scan's limit could show
    /// (`ExcerptSelector`); a report asking for more shows the rest as the
    /// match alone. Returns the smallest limit of the selected archives when
    /// `evidenceLimit` exceeds it.
    public static func storedEvidenceLimit(database: ScanDatabase, selection: StoredSelection, below evidenceLimit: Int) throws -> Int? {
        let limits = try database.pool.read { db in
            try selectArchives(db, selection: selection).compactMap { archive in
                try? JSONDecoder().decode(PartialFormat.Options.self, from: Data(archive.options.utf8)).evidenceLimit
            }
        }
        return limits.min().flatMap { $0 < evidenceLimit ? $0 : nil }
    }

    static func selectArchives(_ db: Database, selection: StoredSelection) throws -> [StoredArchive] {
        let all = try Row.fetchAll(db, sql: "SELECT * FROM archives ORDER BY id").map(StoredArchive.init(row:))
        guard let newest = all.last else { return [] }
        let packSHA: String
        if let wanted = selection.rulePack {
            let matching = Set(all.filter { $0.rulePackSHA256.hasPrefix(wanted.lowercased()) || $0.rulePackID == wanted }
                .map(\.rulePackSHA256))
            guard matching.count == 1, let only = matching.first else {
                let known = Set(all.map { "\($0.rulePackID) v\($0.rulePackVersion) (\($0.rulePackSHA256.prefix(12)))" }).sorted()
                throw StoreError(matching.isEmpty
                    ? "no stored archives were scanned with rule pack '\(wanted)'; stored packs: \(known.joined(separator: ", "))"
                    : "rule pack '\(wanted)' is ambiguous; give more of its SHA-256: \(known.joined(separator: ", "))")
            }
            packSHA = only
        } else {
            packSHA = newest.rulePackSHA256
        }
        var chosen = all.filter { $0.rulePackSHA256 == packSHA }
        if let ids = selection.archiveIDs.map(Set.init) { chosen = chosen.filter { ids.contains($0.id) } }
        return chosen
    }

    /// The nights the trend covers: the selection's bounds, else the
    /// `trendNights` up to the newest night with a finding.
    static func nightWindow(_ db: Database, archiveList: String, selection: StoredSelection) throws -> [String] {
        var until = selection.until
        if until == nil {
            until = try String.fetchOne(db, sql: "SELECT MAX(night) FROM client_nights WHERE archive_id IN (\(archiveList))")
                ?? String.fetchOne(db, sql: "SELECT MAX(night) FROM archives WHERE id IN (\(archiveList))")
        }
        guard let until, let last = NightDate.day(until) else { return [] }
        var first = last - max(1, selection.trendNights) + 1
        if let since = selection.since, let day = NightDate.day(since) {
            first = day
        } else if selection.archiveIDs != nil,
                  let earliest = try String.fetchOne(db, sql: "SELECT MIN(night) FROM client_nights WHERE archive_id IN (\(archiveList))"),
                  let day = NightDate.day(earliest) {
            // A scan's own report covers its archives' nights.
            first = min(first, day)
        }
        // A window of years would be a trend nobody can read; the counts
        // above still cover it all.
        first = max(first, last - 365)
        return first > last ? [] : (first...last).map(NightDate.night(day:))
    }

    /// Per client, violations per night of `nights`, in their order.
    static func trend(_ db: Database, archiveList: String, nights: [String]) throws -> [String: [Int]] {
        guard let first = nights.first, let last = nights.last else { return [:] }
        let position = Dictionary(uniqueKeysWithValues: nights.enumerated().map { ($1, $0) })
        var trends: [String: [Int]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT client_id, night, SUM(violations) FROM client_nights
            WHERE archive_id IN (\(archiveList)) AND night BETWEEN ? AND ? GROUP BY client_id, night
            """, arguments: [first, last])
        while let row = try rows.next() {
            guard let index = position[row[1]] else { continue }
            trends[row[0], default: Array(repeating: 0, count: nights.count)][index] = row[2]
        }
        return trends
    }

    /// Each client's first night with any finding, over every archive
    /// scanned with the pack.
    static func firstNight(_ db: Database, rulePackSHA256: String) throws -> [String: String] {
        var first: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT client_id, MIN(night) FROM client_nights
            WHERE archive_id IN (SELECT id FROM archives WHERE rule_pack_sha256 = ?) GROUP BY client_id
            """, arguments: [rulePackSHA256])
        while let row = try rows.next() { first[row[0]] = row[1] }
        return first
    }
}
