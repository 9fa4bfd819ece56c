import Foundation
import Testing
@testable import OffsideCore

@Suite struct ArchiveReaderTests {
    let lines = (1...200).map { TestSupport.record(id: "m\($0)", text: "message number \($0)") }.joined(separator: "\n") + "\n"

    func readAll(_ path: String) throws(InputError) -> (bytes: [UInt8], compressed: Bool) {
        let reader = try ArchiveReader(input: InputFile(path: path))
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 777)  // odd size: exercises partial reads
        while true {
            let n = try buffer.withUnsafeMutableBytes { raw in Result { () throws(InputError) in try reader.read(into: raw) } }.get()
            if n == 0 { break }
            out += buffer[0..<n]
        }
        return (out, reader.isCompressed)
    }

    @Test func plainFilesPassThrough() throws {
        let dir = TestSupport.temporaryDirectory()
        let path = TestSupport.write(Array(lines.utf8), name: "a.jsonl", in: dir)
        let (bytes, compressed) = try readAll(path)
        #expect(bytes == Array(lines.utf8))
        #expect(!compressed)
    }

    @Test func compressionIsToldByMagicBytesNotName() throws {
        let dir = TestSupport.temporaryDirectory()
        let path = TestSupport.write(TestSupport.zstdFrame(Array(lines.utf8)), name: "misleading.jsonl", in: dir)
        let (bytes, compressed) = try readAll(path)
        #expect(compressed)
        #expect(bytes == Array(lines.utf8))
    }

    @Test func multipleFramesAndSkippableFramesAreDecoded() throws {
        let all = Array(lines.utf8)
        let half = all.count / 2
        let archive = TestSupport.skippableFrame([1, 2, 3]) + TestSupport.zstdFrame(Array(all[..<half]))
            + TestSupport.skippableFrame(Array(repeating: 9, count: 100)) + TestSupport.zstdFrame(Array(all[half...]), level: 19)
            + TestSupport.skippableFrame([])
        let path = TestSupport.write(archive, name: "multi.zst", in: TestSupport.temporaryDirectory())
        let (bytes, compressed) = try readAll(path)
        #expect(compressed)
        #expect(bytes == all)
    }

    @Test func archivesWithA2GiBWindowAreAccepted() throws {
        let archive = TestSupport.zstdFrame(Array(lines.utf8), windowLog: 31)
        let path = TestSupport.write(archive, name: "long.zst", in: TestSupport.temporaryDirectory())
        #expect(try readAll(path).bytes == Array(lines.utf8))
    }

    @Test func truncatedArchiveNamesFileAndOffset() throws {
        let archive = TestSupport.zstdFrame(Array(lines.utf8))
        let cut = Array(archive[0..<(archive.count - 10)])
        let path = TestSupport.write(cut, name: "cut.zst", in: TestSupport.temporaryDirectory())
        do {
            _ = try readAll(path)
            Issue.record("a truncated archive must fail")
        } catch {
            guard case let .truncated(name, offset) = error else { Issue.record("wrong error \(error)"); return }
            #expect(name == path)
            #expect(offset == Int64(cut.count))
            #expect(error.description.contains("byte \(cut.count)"))
        }
    }

    @Test func corruptArchiveNamesFileAndOffset() throws {
        var archive = TestSupport.zstdFrame(Array(lines.utf8))
        for i in 20..<40 { archive[i] ^= 0x5A }
        let path = TestSupport.write(archive, name: "bad.zst", in: TestSupport.temporaryDirectory())
        do {
            _ = try readAll(path)
            Issue.record("a corrupt archive must fail")
        } catch {
            guard case let .corrupt(name, offset, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(name == path)
            #expect(offset >= 0 && offset <= Int64(archive.count))
        }
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: InputError.self) { try ArchiveReader(input: InputFile(path: "/nonexistent/offside.jsonl")) }
    }

    @Test func directoriesAreWalkedRecursivelyInSortedOrder() throws {
        let dir = TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("b"), withIntermediateDirectories: true)
        _ = TestSupport.write([], name: "c.jsonl", in: dir)
        _ = TestSupport.write([], name: "a.jsonl.zst", in: dir)
        _ = TestSupport.write([], name: "b/z.zst", in: dir)
        _ = TestSupport.write([], name: "notes.txt", in: dir)
        _ = TestSupport.write([], name: ".hidden.jsonl", in: dir)
        let names = InputFile.expand([dir.path, "-"]).map { $0.name.replacingOccurrences(of: dir.path + "/", with: "") }
        #expect(names == ["a.jsonl.zst", "b/z.zst", "c.jsonl", "-"])
    }
}
