import Foundation
import GRDB
import Testing
@testable import OffsideCore

/// `scan --db` as a scheduler runs it: killed at any moment and run again,
/// and run twice at once. These run the real binary.
@Suite(.serialized) struct StoreCLITests {
    let cli = CLIEndToEndTests()

    /// Six archives made from the sample, copied 30 times with the ids
    /// renamed, and cut across conversations: about half a second each for a
    /// debug build, so a kill can land inside one.
    static func archives(in directory: URL) throws -> [String] {
        let sample = try PartialMergeTests.sampleLines()
        var lines: [String] = []
        for copy in 0..<30 {
            for line in sample {
                lines.append(line.replacingOccurrences(of: "\"conversation_id\":\"", with: "\"conversation_id\":\"k\(copy)-")
                    .replacingOccurrences(of: "\"id\":\"", with: "\"id\":\"k\(copy)-"))
            }
        }
        let parts = 6
        return (0..<parts).map { part in
            let slice = lines[(lines.count * part / parts)..<(lines.count * (part + 1) / parts)]
            let data = Array((slice.joined(separator: "\n") + "\n").utf8)
            return TestSupport.write(TestSupport.zstdFrame(data), name: "2026-11-20-\(part).jsonl.zst", in: directory)
        }
    }

    /// The stored report as JSON without what differs between equal runs.
    func storedReport(_ db: String) throws -> String {
        let run = try cli.offside(["report", "--db", db, "--format", "json", "--nights", "30", "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        var object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        object["timings"] = nil
        var history = object["history"] as! [String: Any]
        history["database"] = nil
        object["history"] = history
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func storedArchives(_ path: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM archives") ?? 0 }
    }

    /// No archive is ever stored in part: every archive row's count equals
    /// its finding rows, and SQLite finds the file sound.
    func checkWhole(_ db: String) throws -> Int {
        let queue = try DatabaseQueue(path: db)
        defer { try? queue.close() }
        let (integrity, mismatched, archives) = try queue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"),
             try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM archives a
                WHERE a.findings != (SELECT COUNT(*) FROM findings f WHERE f.archive_id = a.id)
                   OR a.findings != (SELECT COUNT(*) FROM findings f WHERE f.id BETWEEN a.first_finding_id AND a.last_finding_id)
                """),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM archives"))
        }
        #expect(integrity == "ok")
        #expect(mismatched == 0)
        return archives ?? -1
    }

    @Test func aRunKilledAtAnyMomentIsFinishedByTheNextWithIdenticalTotals() throws {
        let dir = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let archives = try Self.archives(in: dir)
        let whole = dir.appendingPathComponent("whole.db").path
        let uninterrupted = try cli.offside(["scan", "--db=\(whole)", "--threads", "2", "-q"] + archives)
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        // The scan exits without freeing its state, but closes the database
        // first: SQLite removes the write-ahead log when the last connection closes.
        #expect(!FileManager.default.fileExists(atPath: whole + "-wal"))
        #expect(try checkWhole(whole) == archives.count)

        // Kill runs at chosen points: while the first archive is being
        // scanned, then a moment after the 1st, 3rd and 5th commit (somewhere
        // inside the next archive, or between two), each run resuming the last.
        let resumed = dir.appendingPathComponent("resumed.db").path
        var rng = SplitMix64(seed: 2026)
        var kills = 0
        var storedAfterKills: [Int] = []
        for target in [0, 1, 3, 5] {
            let process = Process()
            process.executableURL = CLIEndToEndTests.binary
            process.arguments = ["scan", "--db=\(resumed)", "--threads", "2", "-q"] + archives
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning && Date() < deadline {
                if target == 0 {
                    // The run lock names its holder once the run has begun.
                    if let holder = try? String(contentsOfFile: resumed + ".lock", encoding: .utf8), holder.contains("pid \(process.processIdentifier)") { break }
                } else if FileManager.default.fileExists(atPath: resumed), (try? storedArchives(resumed)) ?? 0 >= target {
                    break
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0...0.2, using: &rng))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            if FileManager.default.fileExists(atPath: resumed) { storedAfterKills.append(try checkWhole(resumed)) }
        }
        let last = try cli.offside(["scan", "--db=\(resumed)", "--threads", "2", "-q"] + archives)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(kills >= 3, "the scan finished before it could be killed: make the archives bigger")
        // Some kills landed between the first and the last archive.
        #expect(storedAfterKills.contains { $0 > 0 && $0 < archives.count }, "stored after each kill: \(storedAfterKills)")
        #expect(try checkWhole(resumed) == archives.count)
        #expect(try storedReport(resumed) == storedReport(whole))
        let perArchive = "SELECT path, records, findings, joined_findings FROM archives ORDER BY path"
        let a = try DatabaseQueue(path: whole).read { try Row.fetchAll($0, sql: perArchive) }
        let b = try DatabaseQueue(path: resumed).read { try Row.fetchAll($0, sql: perArchive) }
        #expect(a == b)
    }

    @Test func aSecondRunOnTheSameDatabaseWaitsThenExitsClearly() throws {
        let dir = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let archive = cli.writeArchive(in: dir)
        let db = dir.appendingPathComponent("o.db").path
        let held = try RunLock(databasePath: db, waitSeconds: 0)
        let started = Date()
        let blocked = try cli.offside(["scan", "--db=\(db)", "--wait", "1", archive])
        #expect(blocked.status == 75)
        #expect(blocked.stderr.contains("in use by another offside scan (pid \(getpid())"), "\(blocked.stderr)")
        #expect(Date().timeIntervalSince(started) >= 1)
        held.release()
        let next = try cli.offside(["scan", "--db=\(db)", "-q", archive])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try checkWhole(db) == 1)
    }

    @Test func theReportCommandWritesEveryFormatAndExplainsMistakes() throws {
        let dir = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let archive = cli.writeArchive(in: dir)
        let db = dir.appendingPathComponent("nightly.db").path
        // `--db` followed by a .db path takes it; the archive stays an input.
        let scan = try cli.offside(["scan", "--db", db, archive])
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stderr.contains("Stored in \(db) (run 1): 1 archive committed"))
        let again = try cli.offside(["scan", "--db", db, archive])
        #expect(again.stderr.contains("0 archives committed, 1 skipped as already stored"), "\(again.stderr)")

        let md = try cli.offside(["report", "--db", db])
        #expect(md.status == 0 && md.stdout.contains("| 1 | client-a |") && md.stdout.contains("**new**"), "\(md.stdout)")
        let csvPath = dir.appendingPathComponent("r.csv").path
        let csv = try cli.offside(["report", "--db", db, "--format", "csv", "-o", csvPath])
        #expect(csv.status == 0)
        let header = try String(contentsOfFile: csvPath, encoding: .utf8).split(separator: "\r\n").first ?? ""
        #expect(header.hasSuffix(",new,trend"))
        let html = try cli.offside(["report", "--db", db, "--format", "html"])
        #expect(html.stdout.contains("<svg class=\"spark\""))
        let json = try cli.offside(["report", "--db", db, "--format", "json", "--reveal"])
        #expect(json.stdout.contains("boss.a@gmail.com"))
        #expect(!md.stdout.contains("boss.a@gmail.com"))

        let badDate = try cli.offside(["report", "--db", db, "--since", "2026-02-30"])
        #expect(badDate.status == 64 && badDate.stderr.contains("--since must be a date"))
        let missing = try cli.offside(["report", "--db", dir.appendingPathComponent("none.db").path])
        #expect(missing.status == 70 && missing.stderr.contains("no such database"))
        let stdin = try cli.offside(["scan", "--db=\(db)", "-"], stdin: Data())
        #expect(stdin.status == 64 && stdin.stderr.contains("standard input cannot be recognised"))
        let stats = try cli.offside(["db", "stats", "--db", db])
        #expect(stats.stdout.contains("archives      1") && stats.stdout.contains("schema        \(StoreSchema.latest)"))
    }
}
