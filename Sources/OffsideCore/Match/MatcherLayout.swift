import CVectorscan
import Foundation

/// How a pack's patterns are laid out in engine databases (see
/// `PatternDatabase`).
///
/// - `split`: a trigger database without start-of-match over the chunk,
///   then one start-of-match database per variable-width pattern over the
///   messages where it ended. About a fifth less CPU for a scan.
/// - `single`: one database with leftmost start-of-match over the chunk.
///
/// Both give the same matches on an engine that reports every match. The
/// Vectorscan releases from 5.4.3 to 5.4.11 (Debian's is 5.4.9) can miss
/// matches of a database compiled without start-of-match on x86
/// (VectorCamp/vectorscan#317, fixed in 5.4.12): under the default pack,
/// `fund milestone 3 here` inside a longer message was missed. On those
/// releases the scan uses `single`, whose start-of-match path agreed with
/// Intel Hyperscan 5.4.0 on every test set and benchmark corpus.
public enum MatcherLayout: String, Sendable, CaseIterable {
    case split
    case single

    /// `OFFSIDE_MATCHER` (`split` or `single`) when set, else what the
    /// linked engine can be trusted with.
    public static let preferred: MatcherLayout = {
        if let forced = ProcessInfo.processInfo.environment["OFFSIDE_MATCHER"].flatMap(MatcherLayout.init(rawValue:)) {
            return forced
        }
        return trusted(engineVersion: String(cString: hs_version()))
    }()

    /// `split` for Intel Hyperscan (up to 5.4.2) and Vectorscan from 5.4.12;
    /// `single` for the Vectorscan releases in between and anything that
    /// does not parse.
    static func trusted(engineVersion: String) -> MatcherLayout {
        let number = engineVersion.split(separator: " ").first ?? ""
        let parts = number.split(separator: ".").map { Int($0) ?? -1 }
        guard parts.count >= 3, parts.allSatisfy({ $0 >= 0 }) else { return .single }
        let version = (parts[0], parts[1], parts[2])
        return version <= (5, 4, 2) || version >= (5, 4, 12) ? .split : .single
    }

}
