import ArgumentParser
import Foundation
import Logging

/// swift-log's handler for the CLI: one line per message on stderr. On a
/// terminal, `offside: level: message` (clearing a progress line first);
/// otherwise, for a scheduler's log, with a UTC timestamp in front.
///
/// Threading: a value per logger; writes go through `Diagnostics`, one
/// write(2) per line, so lines from different threads do not interleave.
struct OffsideLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    private let terminal = Diagnostics.stderrIsTerminal

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let text = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        if terminal {
            Diagnostics.writeRaw("\r\u{1B}[Koffside: \(event.level): \(event.message)\(text)\n")
        } else {
            let now = Date()
            let formatter = ISO8601DateFormatter()
            Diagnostics.writeRaw("\(formatter.string(from: now)) offside \(event.level): \(event.message)\(text)\n")
        }
    }

    static func bootstrap() {
        LoggingSystem.bootstrap { _ in OffsideLogHandler() }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// `--log-level` for commands that log.
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Log level on stderr: trace, debug, info, notice, warning, error or critical (--quiet: error).", valueName: "level"))
    var logLevel: Logger.Level = .info

    func logger(quiet: Bool) -> Logger {
        var logger = Logger(label: "offside")
        logger.logLevel = quiet ? max(.error, logLevel) : logLevel
        return logger
    }
}
