import Foundation

/// One row of the relationships file (DESIGN.md): what is known about a
/// client–freelancer pair that can exempt it from the off-platform rules.
public struct Relationship: Sendable, Equatable {
    public var clientID: String
    public var freelancerID: String
    /// The day the relationship began, as a civil date.
    public var since: (year: Int, month: Int, day: Int)?
    public var preExisting: Bool
    public var conversionFeePaid: Bool

    public static func == (a: Relationship, b: Relationship) -> Bool {
        a.clientID == b.clientID && a.freelancerID == b.freelancerID && a.since?.year == b.since?.year
            && a.since?.month == b.since?.month && a.since?.day == b.since?.day
            && a.preExisting == b.preExisting && a.conversionFeePaid == b.conversionFeePaid
    }

    /// Epoch milliseconds at which the pair has been together two calendar
    /// years (29 February rolls to 1 March).
    public var twoYearsMillis: Int64? {
        guard let since else { return nil }
        let days = Timestamp.daysFromCivil(year: since.year + 2, month: since.month, day: since.day)
        return Int64(days) * 86_400_000
    }

    /// The reason this pair's findings are exempt at `millis`, or nil. The
    /// fee and pre-existing flags exempt at any time; age needs the
    /// message's timestamp.
    public func exemption(at millis: Int64?) -> ExemptReason? {
        if conversionFeePaid { return .conversionFeePaid }
        if preExisting { return .preExisting }
        if let millis, let limit = twoYearsMillis, millis >= limit { return .overTwoYears }
        return nil
    }
}

/// The relationships file, keyed by pair.
///
/// Threading: immutable after loading; shared read-only.
public struct RelationshipTable: Sendable {
    private var pairs: [String: Relationship] = [:]
    public var count: Int { pairs.count }

    public init(_ relationships: [Relationship] = []) {
        for r in relationships { pairs[Self.key(r.clientID, r.freelancerID)] = r }
    }

    public func relationship(client: String, freelancer: String) -> Relationship? {
        pairs[Self.key(client, freelancer)]
    }

    public func exemption(client: String?, freelancer: String?, at millis: Int64?) -> ExemptReason? {
        guard !pairs.isEmpty, let client, let freelancer else { return nil }
        return relationship(client: client, freelancer: freelancer)?.exemption(at: millis)
    }

    private static func key(_ client: String, _ freelancer: String) -> String { client + "\u{1F}" + freelancer }
}
