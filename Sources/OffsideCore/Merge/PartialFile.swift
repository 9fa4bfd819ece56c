import Foundation

/// One partial read into memory: its header and inputs decoded, its events
/// kept as the raw JSON lines they are, with what orders them. An event is
/// decoded in full only when it is replayed, and a merged partial copies the
/// lines as they are.
///
/// Threading: immutable after `init`; safe to share.
public final class PartialFile: Sendable {
    /// Where an event goes in the canonical order: archives by name, then a
    /// message's line, then an archive's trailing counts by conversation.
    struct EventRef: Sendable {
        var range: Range<Int>
        var archive: String
        var isPlain: Bool
        var line: Int
        var conversationKey: UInt64
    }

    public let path: String
    public let header: PartialFormat.Header
    public let inputs: [ScanReport.InputInfo]
    let bytes: [UInt8]
    let events: [EventRef]

    private struct SortFields: Decodable {
        struct Message: Decodable { var archive: String; var line: Int; var conversation: String }
        struct Plain: Decodable { var archive: String; var conversation: String }
        var message: Message?
        var plain: Plain?
    }

    public init(path: String) throws(PartialError) {
        self.path = path
        let bytes: [UInt8]
        do {
            bytes = try ArchiveReader.readWhole(InputFile(path: path))
        } catch {
            throw .unreadable(path: path, reason: error.description)
        }
        self.bytes = bytes
        let decoder = JSONDecoder()
        var header: PartialFormat.Header?
        var inputs: [ScanReport.InputInfo] = []
        var events: [EventRef] = []
        var ended: PartialFormat.End?
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            lineNumber += 1
            let range = start..<end
            start = end + 1
            if range.isEmpty { continue }
            let line = Data(bytes[range])
            if lineNumber == 1 {
                guard let version = try? decoder.decode(PartialFormat.Line.self, from: line).offsidePartial else {
                    throw .notAPartial(path: path)
                }
                guard version == PartialFormat.version else { throw .unsupportedVersion(path: path, version: version) }
                do {
                    header = try decoder.decode(PartialFormat.Header.self, from: line)
                } catch {
                    throw .badLine(path: path, line: 1, reason: "header: \(error)")
                }
                continue
            }
            if ended != nil { throw .badLine(path: path, line: lineNumber, reason: "text after the end line") }
            do {
                if bytes[range].starts(with: Array("{\"message\":".utf8)) || bytes[range].starts(with: Array("{\"plain\":".utf8)) {
                    let fields = try decoder.decode(SortFields.self, from: line)
                    if let message = fields.message {
                        events.append(EventRef(range: range, archive: message.archive, isPlain: false, line: message.line,
                                               conversationKey: try PartialFormat.key(message.conversation)))
                    } else if let plain = fields.plain {
                        events.append(EventRef(range: range, archive: plain.archive, isPlain: true, line: .max,
                                               conversationKey: try PartialFormat.key(plain.conversation)))
                    }
                    continue
                }
                let decoded = try decoder.decode(PartialFormat.Line.self, from: line)
                if let input = decoded.input {
                    inputs.append(input)
                } else if let end = decoded.end {
                    ended = end
                } else {
                    throw PartialError.Field("not a partial line (no message, plain, input or end)")
                }
            } catch let error as PartialError.Field {
                throw .badLine(path: path, line: lineNumber, reason: error.what)
            } catch {
                throw .badLine(path: path, line: lineNumber, reason: "\(error)")
            }
        }
        guard let header else { throw .notAPartial(path: path) }
        guard let ended else { throw .truncated(path: path) }
        guard ended.events == events.count, ended.inputs == inputs.count else {
            throw .badLine(path: path, line: lineNumber,
                           reason: "end line counts \(ended.events) events and \(ended.inputs) inputs, the file holds \(events.count) and \(inputs.count)")
        }
        let names = Set(inputs.map(\.path))
        if let stray = events.first(where: { !names.contains($0.archive) }) {
            throw .badLine(path: path, line: 0, reason: "an event names archive \(stray.archive), which is not among the file's inputs")
        }
        self.header = header
        self.inputs = inputs
        self.events = events
    }

    func text(_ event: EventRef) -> Data { Data(bytes[event.range]) }
}
