#if canImport(Glibc)
import Glibc
#endif

/// Writes to standard error through the file descriptor: the `stderr` global
/// is not concurrency-safe in Swift 6 (shared/TOOLCHAIN.md).
enum Diagnostics {
    /// Writes `text` and a newline.
    static func write(_ text: String) {
        writeRaw(text.hasSuffix("\n") ? text : text + "\n")
    }

    static func writeRaw(_ line: String) {
        line.utf8CString.withUnsafeBufferPointer { buffer in
            var offset = 0
            let count = buffer.count - 1
            while offset < count {
                let n = Glibc.write(2, buffer.baseAddress! + offset, count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}

/// Exit statuses (sysexits.h where one fits).
enum ExitStatus {
    static let inputFailed: Int32 = 2
    static let usage: Int32 = 64
    /// A partial that cannot be read or merged (sysexits EX_DATAERR).
    static let dataError: Int32 = 65
    /// The database could not be used or written (EX_SOFTWARE is the
    /// nearest; the message says which).
    static let software: Int32 = 70
    /// Another scan holds the database; try again later (EX_TEMPFAIL).
    static let tempFail: Int32 = 75
}
