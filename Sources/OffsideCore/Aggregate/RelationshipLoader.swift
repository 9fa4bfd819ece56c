import Foundation

/// Reads a relationships file: CSV with a header row, or JSON Lines (told by
/// the first non-blank character). A bad row is skipped and named with its
/// line; the rest still load, so one typo does not cancel every exemption.
///
/// Threading: stateless.
public enum RelationshipLoader {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var reason: String
        public var description: String { "\(path):\(line): \(reason); row skipped" }
    }

    public struct Loaded: Sendable {
        public var table: RelationshipTable
        public var problems: [Problem]
    }

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(String, String)
        case badHeader(String, String)
        public var description: String {
            switch self {
            case let .unreadable(path, why): return "cannot read relationships file \(path): \(why)"
            case let .badHeader(path, why): return "\(path):1: \(why)"
            }
        }
    }

    static let columns = ["client_id", "freelancer_id", "since", "pre_existing", "conversion_fee_paid"]

    public static func load(path: String) throws -> Loaded {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LoadError.unreadable(path, (error as NSError).localizedDescription)
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> Loaded {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        let isJSON = lines.first { !$0.allSatisfy(\.isWhitespace) }?.drop { $0.isWhitespace }.first == "{"
        var rows: [Relationship] = []
        var problems: [Problem] = []
        if isJSON {
            for (index, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
                do {
                    guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                        throw RowError("not a JSON object")
                    }
                    rows.append(try row(from: { object[$0].map(Self.text) }))
                } catch let error as RowError {
                    problems.append(Problem(path: path, line: index + 1, reason: error.reason))
                } catch {
                    problems.append(Problem(path: path, line: index + 1, reason: "not valid JSON"))
                }
            }
        } else {
            guard let headerLine = lines.first else { return Loaded(table: RelationshipTable(), problems: []) }
            let header = splitCSV(String(headerLine)).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            for required in ["client_id", "freelancer_id"] where !header.contains(required) {
                throw LoadError.badHeader(path, "the header has no \(required) column (expected \(columns.joined(separator: ",")))")
            }
            for (index, line) in lines.enumerated().dropFirst() where !line.allSatisfy(\.isWhitespace) {
                let cells = splitCSV(String(line))
                do {
                    guard cells.count <= header.count else { throw RowError("\(cells.count) cells, header has \(header.count)") }
                    rows.append(try row(from: { key in
                        header.firstIndex(of: key).flatMap { $0 < cells.count ? cells[$0].trimmingCharacters(in: .whitespaces) : nil }
                    }))
                } catch let error as RowError {
                    problems.append(Problem(path: path, line: index + 1, reason: error.reason))
                }
            }
        }
        return Loaded(table: RelationshipTable(rows), problems: problems)
    }

    struct RowError: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func row(from value: (String) -> String?) throws -> Relationship {
        guard let client = value("client_id"), !client.isEmpty else { throw RowError("client_id is missing") }
        guard let freelancer = value("freelancer_id"), !freelancer.isEmpty else { throw RowError("freelancer_id is missing") }
        var since: (Int, Int, Int)?
        if let text = value("since"), !text.isEmpty {
            guard let date = parseDate(text) else { throw RowError("since '\(text)' is not a date (YYYY-MM-DD)") }
            since = date
        }
        return Relationship(clientID: client, freelancerID: freelancer, since: since,
                            preExisting: try flag(value("pre_existing"), "pre_existing"),
                            conversionFeePaid: try flag(value("conversion_fee_paid"), "conversion_fee_paid"))
    }

    private static func flag(_ text: String?, _ name: String) throws -> Bool {
        switch text?.lowercased() {
        case nil, "", "false", "0", "no", "n", "f": return false
        case "true", "1", "yes", "y", "t": return true
        case let other?: throw RowError("\(name) '\(other)' is not true or false")
        }
    }

    /// `YYYY-MM-DD`, optionally followed by a time, which is ignored.
    static func parseDate(_ text: String) -> (Int, Int, Int)? {
        let parts = text.prefix(10).split(separator: "-")
        guard text.count >= 10, parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]),
              let d = Int(parts[2]), (1...12).contains(m), (1...31).contains(d) else { return nil }
        return (y, m, d)
    }

    private static func text(_ value: Any) -> String {
        if let string = value as? String { return string }
        if let bool = value as? Bool { return bool ? "true" : "false" }
        return "\(value)"
    }

    /// One CSV record: commas separate cells; double quotes quote, and `""`
    /// inside quotes is a quote.
    static func splitCSV(_ line: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { cell.append("\"") } else {
                            quoted = false
                            if next == "," { cells.append(cell); cell = "" } else { cell.append(next) }
                        }
                    } else { quoted = false }
                } else { cell.append(c) }
            } else if c == "\"" && cell.isEmpty {
                quoted = true
            } else if c == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(c)
            }
        }
        cells.append(cell)
        return cells
    }
}
