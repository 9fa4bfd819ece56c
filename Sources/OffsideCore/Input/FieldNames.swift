#if canImport(Glibc)
import Glibc
#endif

/// The JSON keys that hold each field of the input record. Defaults are the
/// DESIGN.md names; `--field text=body` maps one to another key.
public struct FieldNames: Sendable, Equatable {
    public static let canonical = ["id", "conversation_id", "sender_id", "sender_role", "recipient_id", "ts", "text", "contract"]

    /// Keys in `canonical` order, as UTF-8 bytes.
    public private(set) var keys: [[UInt8]]

    public init() {
        keys = FieldNames.canonical.map { Array($0.utf8) }
    }

    /// Applies `FIELD=KEY` mappings; an unknown field name is an error naming it.
    public init(mappings: [String]) throws(FieldMappingError) {
        self.init()
        for mapping in mappings {
            let parts = mapping.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else { throw .malformed(mapping) }
            guard let index = FieldNames.canonical.firstIndex(of: parts[0]) else { throw .unknownField(parts[0]) }
            keys[index] = Array(parts[1].utf8)
        }
    }

    /// The canonical index of `key`, or -1. On the parser's hot path: compares
    /// lengths first, then bytes, with no generic iteration.
    @inline(__always)
    public func index(of key: UnsafeRawBufferPointer) -> Int {
        keys.withUnsafeBufferPointer { table in
            for i in 0..<table.count {
                let candidate = table[i]
                guard candidate.count == key.count else { continue }
                let same = candidate.withUnsafeBytes { memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }
                if same { return i }
            }
            return -1
        }
    }

    public func key(for field: String) -> String {
        String(decoding: keys[FieldNames.canonical.firstIndex(of: field)!], as: UTF8.self)
    }
}

public enum FieldMappingError: Error, CustomStringConvertible {
    case malformed(String)
    case unknownField(String)

    public var description: String {
        switch self {
        case .malformed(let text): return "--field expects FIELD=KEY (e.g. text=body), got '\(text)'"
        case .unknownField(let name):
            return "--field: unknown field '\(name)'; fields are \(FieldNames.canonical.joined(separator: ", "))"
        }
    }
}
