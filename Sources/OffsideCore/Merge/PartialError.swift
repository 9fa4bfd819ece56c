/// Why partials could not be read or merged. Every case names the file(s).
public enum PartialError: Error, CustomStringConvertible, Sendable {
    /// A field that decoded but holds a value the format does not have.
    public struct Field: Error, Sendable {
        public var what: String
        init(_ what: String) { self.what = what }
    }

    case unreadable(path: String, reason: String)
    case notAPartial(path: String)
    case unsupportedVersion(path: String, version: Int)
    case badLine(path: String, line: Int, reason: String)
    case truncated(path: String)
    case differentRulePacks(first: String, firstPack: String, second: String, secondPack: String)
    case differentSettings(first: String, second: String, what: String)
    case duplicateArchive(archive: String, first: String, second: String)
    case noPartials
    /// Client state spilled to a scratch file could not be read back.
    case clientSpill(reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read partial: \(reason)"
        case let .notAPartial(path): return "\(path): not an offside partial (its first line has no \"offside_partial\")"
        case let .unsupportedVersion(path, version):
            return "\(path): partial format version \(version); this offside reads version \(PartialFormat.version)"
        case let .badLine(path, line, reason): return "\(path):\(line): \(reason)"
        case let .truncated(path):
            return "\(path): partial is cut short (no end line): the scan that wrote it did not finish; scan that archive again"
        case let .differentRulePacks(first, firstPack, second, secondPack):
            return "partials from different rule packs: \(first) has \(firstPack), \(second) has \(secondPack); scan every archive with one pack"
        case let .differentSettings(first, second, what):
            return "partials made with different \(what): \(first) and \(second)"
        case let .duplicateArchive(archive, first, second):
            return "archive \(archive) is in both \(first) and \(second); each archive may be merged once"
        case .noPartials: return "no partials to merge"
        case let .clientSpill(reason): return "client state spilled to disk could not be merged: \(reason)"
        }
    }
}
