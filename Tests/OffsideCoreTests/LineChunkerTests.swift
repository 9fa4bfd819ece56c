import Testing
@testable import OffsideCore

@Suite struct LineChunkerTests {
    func chunks(of text: String, bufferSize: Int, maxLine: Int) throws -> [LineChunk] {
        let path = TestSupport.write(Array(text.utf8), name: "in.jsonl", in: TestSupport.temporaryDirectory())
        let chunker = LineChunker(reader: try ArchiveReader(input: InputFile(path: path)),
                                  pool: ChunkBufferPool(bufferSize: bufferSize, maxKept: 4), maxLineLength: maxLine)
        var result: [LineChunk] = []
        while let chunk = try chunker.next() { result.append(chunk) }
        return result
    }

    @Test func chunksHoldWholeLinesAndLoseNothing() throws {
        let text = (1...500).map { "line \($0) " + String(repeating: "x", count: $0 % 37) }.joined(separator: "\n")  // no final newline
        let pieces = try chunks(of: text, bufferSize: 256, maxLine: 1 << 20)
        #expect(pieces.count > 10)
        for piece in pieces.dropLast() { #expect(piece.bytes.last == 0x0A) }
        #expect(pieces.flatMap { Array($0.bytes) } == Array(text.utf8))
    }

    @Test func longLinesGrowTheBufferUpToTheLimit() throws {
        let long = String(repeating: "y", count: 1000)
        let pieces = try chunks(of: "a\n\(long)\nb\n", bufferSize: 64, maxLine: 4096)
        #expect(pieces.flatMap { Array($0.bytes) } == Array("a\n\(long)\nb\n".utf8))
        #expect(pieces.allSatisfy { $0.oversizedLineLength == nil })
    }

    @Test func overlongLinesAreSkippedAndReported() throws {
        let long = String(repeating: "z", count: 10_000)
        let pieces = try chunks(of: "a\n\(long)\nb\n", bufferSize: 64, maxLine: 1024)
        let marker = pieces.first { $0.oversizedLineLength != nil }
        #expect(marker?.oversizedLineLength == 10_000)
        let kept = pieces.filter { $0.oversizedLineLength == nil }.flatMap { Array($0.bytes) }
        #expect(String(decoding: kept, as: UTF8.self) == "a\nb\n")
    }
}

/// Gives `bytes` in pieces of `piece`, then fails.
private final class FailingSource: UncompressedSource {
    let bytes: [UInt8]
    let piece: Int
    var offset = 0

    init(_ text: String, piece: Int) {
        bytes = Array(text.utf8)
        self.piece = piece
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard offset < bytes.count else { throw .truncated(path: "cut.zst", offset: 99) }
        let n = min(piece, buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + n)]))
        }
        offset += n
        return n
    }
}

@Suite struct LineChunkerErrorTests {
    /// A cut archive: the lines read before the cut are still scanned (the
    /// cut-off line too, where it is counted as malformed), then the error.
    @Test func linesBeforeAnInputErrorAreHandedOutFirst() throws {
        let text = "one\ntwo\nthree\nfo"
        let chunker = LineChunker(reader: FailingSource(text, piece: 5), pool: ChunkBufferPool(bufferSize: 1024, maxKept: 2))
        let chunk = try #require(try chunker.next())
        #expect(String(decoding: chunk.bytes, as: UTF8.self) == text)
        #expect(throws: InputError.self) { try chunker.next() }
        #expect(try chunker.next() == nil)
    }
}
