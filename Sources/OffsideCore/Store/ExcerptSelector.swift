/// Decides which of an archive's findings keep their excerpt in the
/// database. A report shows excerpts only for each client's top evidence and
/// first refusals; storing the ±100-byte excerpt of every finding was a large
/// part of the database and of the writer's work.
///
/// It replays the client stage's short lists for one archive, in the order
/// findings are judged. A finding that does not enter its client's list when
/// it arrives never will (the list only admits findings that rank before its
/// last), and the short list of any set of archives is drawn from the short
/// lists of its archives, because both orders are total. So a report over
/// any stored archives, with at most the limits given here, finds the
/// excerpt of every finding it shows.
///
/// Threading: a value, used on the database writer thread.
struct ExcerptSelector {
    /// One client's short lists within the archive, of what ranks a
    /// finding: copying whole findings in was most of this type's cost.
    struct Lists {
        var evidence: [Rank] = []
        var refusals: [Rank] = []
    }

    struct Rank: ShortListRanked {
        var judgement: Judgement
        var senderRole: SenderRole
        var severity: Int
        var timestampMillis: Int64?
        var archive: String
        var line: Int
        var start: Int
        var rule: String
        var messageIDCount: Int

        init(_ f: Finding) {
            judgement = f.judgement
            senderRole = f.senderRole
            severity = f.severity
            timestampMillis = f.timestampMillis
            archive = f.archive
            line = f.line
            start = f.start
            rule = f.rule
            messageIDCount = f.messageIDs.count
        }
    }

    let evidenceLimit: Int
    let refusalLimit: Int
    private var refusalMessages = RefusalMessages()

    init(evidenceLimit: Int, refusalLimit: Int) {
        self.evidenceLimit = evidenceLimit
        self.refusalLimit = refusalLimit
    }

    /// Call for every finding of the archive that has a client, in order,
    /// with that client's lists.
    mutating func keepsExcerpt(_ f: Finding, lists: inout Lists) -> Bool {
        let newRefusal = refusalMessages.isNew(f)
        let admitted: Bool
        switch ClientAggregator.shortList(for: f, newRefusal: newRefusal) {
        case .evidence?:
            admitted = Self.offer(f, to: &lists.evidence, limit: evidenceLimit, ClientState.ranksBefore, ClientState.ranksBefore)
        case .refusals?:
            admitted = Self.offer(f, to: &lists.refusals, limit: refusalLimit, ClientState.comesBefore, ClientState.comesBefore)
        case nil:
            admitted = false
        }
        return Self.keepsExcerpt(f, admitted: admitted)
    }

    /// A finding admitted to a short list keeps its excerpt, and so does a
    /// joined detail, whose excerpt is its pieces, one per message (a few
    /// thousand in a night).
    static func keepsExcerpt(_ f: Finding, admitted: Bool) -> Bool {
        admitted || f.messageIDs.count > 1
    }

    /// Most findings are turned away before a key is built for them. Both
    /// orders are the same generic function, at two types.
    private static func offer(_ f: Finding, to list: inout [Rank], limit: Int,
                              _ findingFirst: (Finding, Rank) -> Bool, _ rankFirst: (Rank, Rank) -> Bool) -> Bool {
        guard limit > 0 else { return false }
        if list.count >= limit, !findingFirst(f, list[list.count - 1]) { return false }
        return ClientState.keep(Rank(f), in: &list, limit: limit, by: rankFirst)
    }
}
