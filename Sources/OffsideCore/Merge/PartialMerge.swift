import Foundation

/// `offside merge`: any number of partials, in any order and grouping, into
/// one partial or into the report a single scan of all their archives (in
/// name order) gives.
///
/// Merging is exact because nothing is summed early: the merged events are
/// put in the order a single scan would have met them per conversation
/// (archives by name, then line), and replayed through the same conversation
/// and client stages. The one difference a merge can show is memory: a
/// scan that had to forget conversations (`conversations_forgotten`) forgot
/// them at other moments than the merge does.
///
/// Threading: a value; `report` and `write` may run on any one thread.
public struct PartialMerge {
    public let header: PartialFormat.Header
    /// By archive name.
    public let inputs: [ScanReport.InputInfo]
    private let files: [PartialFile]
    /// (file, event), in the canonical order.
    private let order: [(file: Int, event: Int)]

    public var eventCount: Int { order.count }

    public init(_ files: [PartialFile]) throws(PartialError) {
        guard let first = files.first else { throw .noPartials }
        for file in files.dropFirst() {
            if file.header.rulePack.sha256 != first.header.rulePack.sha256 {
                throw .differentRulePacks(first: first.path, firstPack: Self.describe(first.header.rulePack),
                                          second: file.path, secondPack: Self.describe(file.header.rulePack))
            }
            if file.header.options != first.header.options {
                throw .differentSettings(first: first.path, second: file.path, what: "conversation options (--join-messages, --join-seconds, --evidence)")
            }
            if file.header.relationshipsSHA256 != first.header.relationshipsSHA256 {
                throw .differentSettings(first: first.path, second: file.path, what: "--relationships files")
            }
        }
        var owner: [String: String] = [:]
        for file in files {
            for input in file.inputs {
                if let other = owner[input.path] { throw .duplicateArchive(archive: input.path, first: other, second: file.path) }
                owner[input.path] = file.path
            }
        }
        header = first.header
        inputs = files.flatMap(\.inputs).sorted { $0.path < $1.path }
        let rank = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ($0.element.path, $0.offset) })
        var order: [(file: Int, event: Int)] = []
        order.reserveCapacity(files.reduce(0) { $0 + $1.events.count })
        for (f, file) in files.enumerated() {
            for e in file.events.indices { order.append((f, e)) }
        }
        order.sort { a, b in
            let x = files[a.file].events[a.event], y = files[b.file].events[b.event]
            if x.archive != y.archive { return rank[x.archive]! < rank[y.archive]! }
            if x.isPlain != y.isPlain { return !x.isPlain }
            if x.line != y.line { return x.line < y.line }
            return x.conversationKey < y.conversationKey
        }
        self.files = files
        self.order = order
    }

    private static func describe(_ pack: ScanReport.RulePackInfo) -> String {
        "\(pack.id) v\(pack.version) (sha256 \(pack.sha256.prefix(12))…)"
    }

    /// Writes the merged partial: the same format, events in canonical order.
    public func write(to path: String) throws {
        let writer = try ZstdFileWriter(path: path)
        try writer.write(PartialFormat.headerLine(header))
        for (f, e) in order {
            let file = files[f], event = file.events[e]
            try writer.write(String(decoding: file.bytes[event.range], as: UTF8.self) + "\n")
        }
        for input in inputs { try writer.write(PartialFormat.inputLine(input)) }
        try writer.write(PartialFormat.endLine(events: order.count, inputs: inputs.count))
        try writer.close()
    }

    /// What replaying the merged events gives: the report, and the client
    /// states it was built from.
    public struct Outcome {
        public var report: ScanReport
        public var clientStates: [String: ClientState] { report.clients.statesByClient }
    }

    /// Replays every conversation in order and builds the report.
    public func report(reveal: Bool, threads: Int, maxConversations: Int = 200_000,
                       clientSpill: ClientSpillOptions = ClientSpillOptions(),
                       onFinding: ((Finding) -> Void)? = nil) throws(PartialError) -> Outcome {
        let started = DispatchTime.now()
        let aggregator = ScanAggregator(
            inputs: [], findingWriter: nil, rejects: nil, evidenceLimit: header.options.evidenceLimit,
            conversationOptions: header.options.conversationOptions(maxConversations: maxConversations),
            splitSeverity: splitSeverity(), follows: follows(), callOffers: CallOfferRules(channelOnly: Set(header.channelOnly ?? []),
                                                                    deferToContract: Set(header.defersToContract ?? [])),
            scoredRules: Set(header.scoredRules ?? []),
            exemption: { $0.exemptReason }, clientSpill: clientSpill)
        aggregator.onFinding = onFinding
        let decoder = JSONDecoder()
        for (f, e) in order {
            let file = files[f], event = file.events[e]
            do {
                let line = try decoder.decode(PartialFormat.Line.self, from: file.text(event))
                if let plain = line.plain {
                    aggregator.conversations.advance(conversationKey: try PartialFormat.key(plain.conversation), by: plain.count)
                } else if let message = line.message {
                    guard let role = SenderRole(name: message.role) else { throw PartialError.Field("role '\(message.role)'") }
                    let trace = MessageTrace(lineInChunk: 0, role: role, conversationKey: try PartialFormat.key(message.conversation),
                                             senderKey: try PartialFormat.key(message.sender), millis: message.millis ?? .min)
                    aggregator.conversations.advance(conversationKey: trace.conversationKey, by: message.before)
                    aggregator.conversations.replay(trace, findings: try message.findings.map { try $0.finding() },
                                                    fragment: try message.piece?.fragment())
                }
            } catch let error as PartialError.Field {
                throw .badLine(path: file.path, line: lineNumber(of: event, in: file), reason: error.what)
            } catch {
                throw .badLine(path: file.path, line: lineNumber(of: event, in: file), reason: "\(error)")
            }
        }
        aggregator.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let report: ScanReport
        do {
            report = try ScanRun.makeReport(inputs: inputs, rulePack: header.rulePack, relationships: header.relationships,
                                            aggregator: aggregator, seconds: seconds, threads: threads, reveal: reveal)
        } catch {
            throw .clientSpill(reason: "\(error)")
        }
        return Outcome(report: report)
    }

    /// A joined detail's severity: the scan's pack's, from the header.
    private func splitSeverity() -> [Category: Int] {
        Dictionary(uniqueKeysWithValues: header.splitSeverity.compactMap { key, value in Category(rawValue: key).map { ($0, value) } })
    }

    /// Reply rules' `follows` categories, from the header (a partial of an
    /// older build has none).
    private func follows() -> [String: [Category]] {
        (header.follows ?? [:]).mapValues { $0.compactMap(Category.init(rawValue:)) }
    }

    private func lineNumber(of event: PartialFile.EventRef, in file: PartialFile) -> Int {
        file.bytes[..<event.range.lowerBound].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}
