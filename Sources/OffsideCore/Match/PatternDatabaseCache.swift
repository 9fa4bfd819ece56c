import Foundation
import CVectorscan

/// Compiled Vectorscan databases kept on disk between runs, one entry per
/// pack holding all its databases, keyed by what determines them: the
/// engine version, the layout, the compile flags and every expression. Compiling the built-in pack takes about 2.3 s of a nightly
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

    static func key(expressions: [String], flags: UInt32, mode: UInt32, layout: String) -> String {
        var bytes = Array(String(cString: hs_version()).utf8)
        bytes += Array("|\(layout)|\(flags)|\(mode)|\(expressions.count)".utf8)
        for expression in expressions { bytes += [0] + Array(expression.utf8) }
        return SHA256.hex(of: bytes)
    }

    func path(for key: String) -> String { directory + "/" + key + ".hsdb" }

    /// An entry is `magic`, a count, then for each database its serialised
    /// length (0 for none) and bytes, then a count and that many 4-byte
    /// numbers (each pattern's fixed match width, -1 for none), integers
    /// little-endian. The widths are kept because working them out asks the
    /// engine about every pattern, 40% of a cached start-up.
    private static let magic = Array("OFFSIDE-HS-BUNDLE-2\n".utf8)

    /// The `count` databases stored for `key` (nil where none was stored) and
    /// the widths stored beside them, if the entry is whole and this machine
    /// can scan with every database.
    func load(key: String, count: Int) -> (databases: [OpaquePointer?], widths: [Int32])? {
        guard let data = FileManager.default.contents(atPath: path(for: key)) else { return nil }
        var databases: [OpaquePointer?] = []
        var widths: [Int32] = []
        let whole = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            guard raw.count >= Self.magic.count + 4, raw.prefix(Self.magic.count).elementsEqual(Self.magic) else { return false }
            var offset = Self.magic.count
            func integer(_ size: Int) -> Int? {
                guard offset + size <= raw.count else { return nil }
                var value = 0
                for k in 0..<size { value |= Int(raw[offset + k]) << (8 * k) }
                offset += size
                return value
            }
            guard integer(4) == count else { return false }
            for _ in 0..<count {
                guard let length = integer(8), length <= raw.count - offset else { return false }
                if length == 0 {
                    databases.append(nil)
                    continue
                }
                guard let database = Self.deserialize(UnsafeRawBufferPointer(rebasing: raw[offset..<offset + length])) else { return false }
                databases.append(database)
                offset += length
            }
            guard let widthCount = integer(4), widthCount <= (raw.count - offset) / 4 else { return false }
            for _ in 0..<widthCount { widths.append(Int32(truncatingIfNeeded: UInt32(integer(4)!))) }
            return offset == raw.count
        }
        guard whole else {
            for case let database? in databases { hs_free_database(database) }
            return nil
        }
        return (databases, widths)
    }

    /// A database this machine can scan with, or nil.
    private static func deserialize(_ bytes: UnsafeRawBufferPointer) -> OpaquePointer? {
        var database: OpaquePointer?
        let status = hs_deserialize_database(bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count, &database)
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

    /// Writes `databases` and `widths` under `key` (atomically) and trims old entries.
    func store(_ databases: [OpaquePointer?], widths: [Int32], key: String) {
        var bytes = Self.magic
        func append(_ value: Int, size: Int) {
            for k in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * k))) }
        }
        append(databases.count, size: 4)
        for database in databases {
            guard let database else {
                append(0, size: 8)
                continue
            }
            var serialized: UnsafeMutablePointer<CChar>?
            var length = 0
            guard hs_serialize_database(database, &serialized, &length) == HS_SUCCESS, let serialized else { return }
            append(length, size: 8)
            bytes += UnsafeRawBufferPointer(start: serialized, count: length)
            free(serialized)
        }
        append(widths.count, size: 4)
        for width in widths { append(Int(UInt32(bitPattern: width)), size: 4) }
        let manager = FileManager.default
        guard (try? manager.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return }
        let temporary = directory + "/.\(key).\(getpid()).tmp"
        guard manager.createFile(atPath: temporary, contents: Data(bytes)) else { return }
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
