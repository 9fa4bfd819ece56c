import Foundation
import CVectorscan

/// Compiled Vectorscan databases kept on disk between runs, keyed by what
/// determines them: the engine version, the compile flags and every
/// expression. Compiling the built-in pack takes about 2.3 s of a nightly
/// scan's start-up (a 10,000-rule pack over a minute); loading it back takes
/// milliseconds. Best effort throughout: anything unreadable, stale or from
/// another CPU is ignored and the pack is compiled.
///
/// Threading: stateless apart from the directory; concurrent runs may write
/// the same entry, which is safe because entries are renamed into place.
public struct PatternDatabaseCache: Sendable {
    public let directory: String
    /// Entries kept; the least recently written beyond this are deleted.
    public var maxEntries = 8

    public init(directory: String) { self.directory = directory }

    /// `OFFSIDE_CACHE_DIR`, else `$XDG_CACHE_HOME/offside`, else
    /// `~/.cache/offside`; nil when `OFFSIDE_CACHE_DIR` is set empty (off).
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> PatternDatabaseCache? {
        if let explicit = environment["OFFSIDE_CACHE_DIR"] { return explicit.isEmpty ? nil : PatternDatabaseCache(directory: explicit) }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return PatternDatabaseCache(directory: xdg + "/offside") }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return PatternDatabaseCache(directory: home + "/.cache/offside")
    }

    static func key(expressions: [String], flags: UInt32, mode: UInt32) -> String {
        var bytes = Array(String(cString: hs_version()).utf8)
        bytes += Array("|\(flags)|\(mode)|\(expressions.count)".utf8)
        for expression in expressions { bytes += [0] + Array(expression.utf8) }
        return SHA256.hex(of: bytes)
    }

    func path(for key: String) -> String { directory + "/" + key + ".hsdb" }

    /// The stored database for `key`, if there is one this machine can scan with.
    func load(key: String) -> OpaquePointer? {
        guard let data = FileManager.default.contents(atPath: path(for: key)), !data.isEmpty else { return nil }
        var database: OpaquePointer?
        let status = data.withUnsafeBytes { raw in
            hs_deserialize_database(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count, &database)
        }
        guard status == HS_SUCCESS, let database else { return nil }
        // A database built for other CPU features fails here, not mid-scan.
        var scratch: OpaquePointer?
        guard hs_alloc_scratch(database, &scratch) == HS_SUCCESS else {
            hs_free_database(database)
            return nil
        }
        let probe = hs_scan(database, "x", 1, 0, scratch, { _, _, _, _, _ in 0 }, nil)
        hs_free_scratch(scratch)
        guard probe == HS_SUCCESS else {
            hs_free_database(database)
            return nil
        }
        return database
    }

    /// Writes `database` under `key` (atomically) and trims old entries.
    func store(_ database: OpaquePointer, key: String) {
        var bytes: UnsafeMutablePointer<CChar>?
        var length = 0
        guard hs_serialize_database(database, &bytes, &length) == HS_SUCCESS, let bytes else { return }
        defer { free(bytes) }
        let manager = FileManager.default
        guard (try? manager.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return }
        let temporary = directory + "/.\(key).\(getpid()).tmp"
        guard manager.createFile(atPath: temporary, contents: Data(bytes: bytes, count: length)) else { return }
        guard rename(temporary, path(for: key)) == 0 else {
            unlink(temporary)
            return
        }
        trim()
    }

    private func trim() {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return }
        let entries = names.filter { $0.hasSuffix(".hsdb") }.compactMap { name -> (String, Date)? in
            let path = directory + "/" + name
            guard let date = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return nil }
            return (path, date)
        }
        guard entries.count > maxEntries else { return }
        for (path, _) in entries.sorted(by: { $0.1 > $1.1 }).dropFirst(maxEntries) { unlink(path) }
    }
}
