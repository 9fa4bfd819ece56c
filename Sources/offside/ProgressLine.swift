import Foundation

/// A live progress line on a terminal's stderr: uncompressed bytes read
/// and MB/s. Redrawn at most every 250 ms.
///
/// Threading: `update` is called from the reader thread only; `finish` after
/// the scan, from the same thread.
final class ProgressLine: @unchecked Sendable {
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drew = false

    func update(bytes: Int64) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        drew = true
        let seconds = max(now.timeIntervalSince(started), 0.001)
        let mb = Double(bytes) / 1e6
        Diagnostics.writeRaw(String(format: "\r\u{1B}[K%.1f MB read, %.0f MB/s", mb, mb / seconds))
    }

    func finish() {
        if drew { Diagnostics.writeRaw("\r\u{1B}[K") }
    }
}
