/// Why an input could not be read to its end. Every case names the input, and
/// the byte offset in the (compressed) file where that is known.
public enum InputError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, offset: Int64, reason: String)
    case corrupt(path: String, offset: Int64, reason: String)
    case truncated(path: String, offset: Int64)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "\(path): cannot open: \(reason)"
        case let .readFailed(path, offset, reason): return "\(path): read failed at byte \(offset): \(reason)"
        case let .corrupt(path, offset, reason): return "\(path): corrupt zstd data at byte \(offset): \(reason)"
        case let .truncated(path, offset): return "\(path): truncated zstd archive: input ends inside a frame at byte \(offset)"
        }
    }
}
