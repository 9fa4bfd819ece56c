import ArgumentParser
import Foundation
import OffsideCore

struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Look after the database `offside scan --db` keeps.",
        subcommands: [Stats.self, Prune.self, Vacuum.self]
    )

    struct Location: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("The database.", valueName: "path"))
        var db: String = "offside.db"

        func open() throws -> ScanDatabase {
            do {
                return try ScanDatabase(path: db, create: false)
            } catch {
                Diagnostics.write("offside: \(error)")
                throw ExitCode(ExitStatus.software)
            }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Size, schema, nights, rule packs and recent runs of the database.")

        @OptionGroup var location: Location

        func run() throws {
            let s = try StoreMaintenance.stats(try location.open())
            let mb = { (bytes: Int64) in String(format: "%.1f MB", Double(bytes) / 1e6) }
            print("""
            database      \(s.path): \(mb(s.fileBytes)) (+ \(mb(s.walBytes)) WAL), \(s.freePages) free pages of \(s.pageSize) bytes
            schema        \(s.schema)
            nights        \(s.firstNight ?? "–") to \(s.lastNight ?? "–")
            archives      \(ScanSummary.group(s.archives))
            findings      \(ScanSummary.group(s.findings))
            clients       \(ScanSummary.group(s.clients)) (\(ScanSummary.group(s.clientNights)) client-nights)
            snapshots     \(s.snapshots) conversation-state snapshots
            rule packs    \(s.packs.isEmpty ? "–" : s.packs.joined(separator: "\n              "))
            recent runs   \(s.runs.isEmpty ? "–" : s.runs.joined(separator: "\n              "))
            """)
            if s.unfinishedRuns > 0 {
                print("note          \(s.unfinishedRuns) run(s) never finished (killed); their archives that were committed are whole, run the same scan again to finish")
            }
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete stored nights older than --keep-days (then `db vacuum` gives the space back).",
            discussion: "Findings and per-client counts of older nights are deleted, then archives and runs with nothing left. A pruned archive is forgotten: scanning it again stores it again.")

        @OptionGroup var location: Location

        @Option(name: .long, help: ArgumentHelp("Nights to keep, counting back from today (UTC).", valueName: "days"))
        var keepDays: Int

        @Option(name: .long, help: ArgumentHelp("Seconds to wait for a running scan.", valueName: "seconds"))
        var wait: Double = 10

        func validate() throws {
            if keepDays < 0 { throw ValidationError("--keep-days must be 0 or more") }
        }

        func run() throws {
            let database = try location.open()
            do {
                let lock = try RunLock(databasePath: location.db, waitSeconds: wait)
                defer { lock.release() }
                let p = try StoreMaintenance.prune(database, keepDays: keepDays, today: NightDate.today())
                print("Removed nights before \(p.cutoff): \(p.findings) findings, \(p.clientNights) client-nights, \(p.archives) archives, \(p.runs) runs.")
            } catch let error as StoreError {
                Diagnostics.write("offside: \(error)")
                throw ExitCode(error.description.contains("in use by another") ? ExitStatus.tempFail : ExitStatus.software)
            }
        }
    }

    struct Vacuum: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild the database file without free space and empty its WAL.")

        @OptionGroup var location: Location

        @Option(name: .long, help: ArgumentHelp("Seconds to wait for a running scan.", valueName: "seconds"))
        var wait: Double = 10

        func run() throws {
            let database = try location.open()
            do {
                let lock = try RunLock(databasePath: location.db, waitSeconds: wait)
                defer { lock.release() }
                let (before, after) = try StoreMaintenance.vacuum(database)
                print(String(format: "Vacuumed %@: %.1f MB → %.1f MB", location.db, Double(before) / 1e6, Double(after) / 1e6))
            } catch let error as StoreError {
                Diagnostics.write("offside: \(error)")
                throw ExitCode(error.description.contains("in use by another") ? ExitStatus.tempFail : ExitStatus.software)
            }
        }
    }
}
