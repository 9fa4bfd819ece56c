import Foundation

/// One `scan --db` at a time per database: an exclusive `flock` on
/// `PATH.lock` beside it, held for the whole run. The kernel drops it when
/// the process dies, however it dies, so a killed run never leaves a stale
/// lock. Readers (`offside report`) do not take it: WAL lets them read
/// while a scan writes.
///
/// Threading: one owner; `release` (or deinit) once.
public final class RunLock {
    public let path: String
    private var fd: Int32

    /// Waits up to `waitSeconds` for another run to finish.
    public init(databasePath: String, waitSeconds: Double) throws {
        path = databasePath + ".lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError("\(path): cannot open the run lock: \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(max(0, waitSeconds))
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw StoreError("\(path): cannot lock: \(reason)")
            }
            if Date() >= deadline {
                let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
                close(fd)
                fd = -1
                throw StoreError("\(databasePath) is in use by another offside scan (\(holder.map { $0.isEmpty ? "holder unknown" : $0 } ?? "holder unknown")); waited \(Int(waitSeconds)) s. Re-run when it has finished, or give --wait SECONDS")
            }
            usleep(100_000)
        }
        // Who holds it, for the message the next run prints.
        let note = "pid \(getpid()) since \(NightDate.nowRFC3339())\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    public func release() {
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
