import Dispatch
import Foundation
import Logging
import OffsideCore

/// Shows a scan's progress for the whole run: on a terminal, a live line on
/// stderr redrawn four times a second; otherwise (a scheduler's log) an info
/// line every `logInterval` seconds. Bytes are compressed file bytes read of
/// the run's total, so the ETA holds across archives of different ratios;
/// MB/s is of uncompressed input, as every throughput number here is.
///
/// Threading: the timer runs on its own queue and only reads `ScanProgress`
/// (thread-safe); `stop` is called once, from the scan's thread.
final class ProgressReporter: @unchecked Sendable {
    private let progress: ScanProgress
    private let logger: Logger
    private let terminal: Bool
    private let started = Date()
    private let timer: DispatchSourceTimer
    private let queue = DispatchQueue(label: "offside.progress")
    private var drew = false

    init(progress: ScanProgress, logger: Logger, terminal: Bool, logInterval: Double = 5) {
        self.progress = progress
        self.logger = logger
        self.terminal = terminal
        timer = DispatchSource.makeTimerSource(queue: queue)
        let interval = terminal ? 0.25 : logInterval
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [unowned self] in self.tick() }
        timer.resume()
    }

    private func tick() {
        let line = Self.describe(progress.current, seconds: Date().timeIntervalSince(started))
        if terminal {
            drew = true
            Diagnostics.writeRaw("\r\u{1B}[K" + line)
        } else {
            logger.info("progress: \(line)")
        }
    }

    /// `212.4 of 537.0 MB (40%) · 38 MB/s · 824,113 records · 290,411 findings · archive 1/3 · ETA 0:21`
    static func describe(_ c: ScanProgress.Counts, seconds: Double) -> String {
        let elapsed = max(seconds, 0.001)
        let mbps = Double(c.bytes) / 1e6 / elapsed
        var parts: [String] = []
        if c.totalCompressedBytes > 0 {
            let fraction = min(1, Double(c.compressedBytes) / Double(c.totalCompressedBytes))
            parts.append(String(format: "%.1f of %.1f MB (%.0f%%)", Double(c.compressedBytes) / 1e6,
                                Double(c.totalCompressedBytes) / 1e6, fraction * 100))
            parts.append(String(format: "%.0f MB/s", mbps))
            parts.append("\(ScanSummary.group(c.records)) records")
            parts.append("\(ScanSummary.group(c.findings)) findings")
            if c.inputs > 1 { parts.append("archive \(min(c.inputsDone + 1, c.inputs))/\(c.inputs)") }
            parts.append(fraction > 0.01 ? "ETA \(clock(elapsed * (1 - fraction) / fraction))" : "ETA –")
        } else {
            parts.append(String(format: "%.1f MB read", Double(c.bytes) / 1e6))
            parts.append(String(format: "%.0f MB/s", mbps))
            parts.append("\(ScanSummary.group(c.records)) records")
            parts.append("\(ScanSummary.group(c.findings)) findings")
        }
        return parts.joined(separator: " · ")
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
                             : String(format: "%d:%02d", total / 60, total % 60)
    }

    func stop() {
        timer.cancel()
        // Let a tick already running finish before the line is cleared.
        queue.sync {}
        if terminal && drew { Diagnostics.writeRaw("\r\u{1B}[K") }
    }
}
