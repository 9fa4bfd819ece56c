import Foundation
import Testing
@testable import OffsideCore

@Suite struct DecodeAheadTests {
    static let text = Array(((1...3000).map { TestSupport.record(id: "m\($0)", text: "message number \($0)") }
        .joined(separator: "\n") + "\n").utf8)

    /// `text` cut into `parts` frames (and skippable frames between), as
    /// `pzstd` or `cat a.zst b.zst` write them.
    static func frames(_ parts: Int, skippable: Bool = true) -> [UInt8] {
        frameList(parts, skippable: skippable).flatMap { $0 }
    }

    static func frameList(_ parts: Int, skippable: Bool = true) -> [[UInt8]] {
        var list: [[UInt8]] = []
        let size = (text.count + parts - 1) / parts
        for start in stride(from: 0, to: text.count, by: size) {
            if skippable { list.append(TestSupport.skippableFrame([UInt8(start & 0xFF), 7, 7])) }
            list.append(TestSupport.zstdFrame(Array(text[start..<min(start + size, text.count)])))
        }
        return list
    }

    /// Every byte a source gives before its end or error, and the error.
    static func drain(_ source: any UncompressedSource, bufferSize: Int = 777) -> (bytes: [UInt8], error: InputError?) {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        while true {
            let n = buffer.withUnsafeMutableBytes { raw in Result { () throws(InputError) in try source.read(into: raw) } }
            switch n {
            case .success(0): return (out, nil)
            case let .success(count): out += buffer[0..<count]
            case let .failure(error): return (out, error)
            }
        }
    }

    /// Reads every input through `DecodeAhead` with small units and blocks,
    /// so that units, blocks and waits are many.
    static func decodeAll(_ paths: [String], decoders: Int = 3) -> [(bytes: [UInt8], error: InputError?, compressed: Bool, compressedBytes: Int64)] {
        let ahead = DecodeAhead(inputs: paths.map { InputFile(path: $0) },
                                options: .init(decoders: decoders, blockSize: 1000, blocksPerUnit: 2, rangeTarget: 1))
        defer { ahead.close() }
        return paths.indices.map { index in
            let input = ahead.input(index)
            let (bytes, error) = drain(input, bufferSize: 4093)
            input.finish()
            return (bytes, error, input.isCompressed, input.compressedBytesRead)
        }
    }

    static func stream(_ path: String) -> (bytes: [UInt8], error: InputError?) {
        do {
            return drain(try ArchiveReader(input: InputFile(path: path)))
        } catch {
            return ([], error)
        }
    }

    @Test func framesAreCutIntoRangesAtFrameBoundaries() throws {
        let archive = Self.frames(6)
        let path = TestSupport.write(archive, name: "six.zst", in: TestSupport.temporaryDirectory())
        let walker = try #require(ZstdFrameRanges(path: path, rangeTarget: 1))
        var ranges: [Range<Int64>] = []
        while let range = walker.next() { ranges.append(range) }
        // A skippable frame and a frame per part; each range a whole frame.
        #expect(ranges.count == 12)
        #expect(ranges.first?.lowerBound == 0)
        #expect(ranges.last?.upperBound == Int64(archive.count))
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        var joined: [UInt8] = []
        for range in ranges {
            let reader = try ArchiveReader(input: InputFile(path: path), range: range)
            let (bytes, error) = Self.drain(reader)
            #expect(error == nil)
            joined += bytes
        }
        #expect(joined == Self.text)
    }

    @Test func rangesGatherFramesUpToTheirTarget() throws {
        let archive = Self.frames(6, skippable: false)
        let path = TestSupport.write(archive, name: "six.zst", in: TestSupport.temporaryDirectory())
        let walker = try #require(ZstdFrameRanges(path: path, rangeTarget: archive.count / 2))
        var ranges: [Range<Int64>] = []
        while let range = walker.next() { ranges.append(range) }
        #expect(ranges.count == 2)
    }

    @Test func aSingleFramePlainOrCutFileIsOneRangeOrNone() throws {
        let dir = TestSupport.temporaryDirectory()
        let single = TestSupport.write(TestSupport.zstdFrame(Self.text), name: "one.zst", in: dir)
        let walker = try #require(ZstdFrameRanges(path: single, rangeTarget: 1))
        #expect(walker.next() != nil)
        #expect(walker.next() == nil)
        #expect(ZstdFrameRanges(path: TestSupport.write(Self.text, name: "plain.jsonl", in: dir)) == nil)
        #expect(ZstdFrameRanges(path: dir.path) == nil)
        #expect(ZstdFrameRanges(path: dir.appendingPathComponent("missing.zst").path) == nil)
        // A cut last frame: the frames before it are ranges of their own,
        // the cut one is left to the stream decoder, which names the byte.
        let archive = Self.frames(3, skippable: false)
        let cut = TestSupport.write(Array(archive[0..<(archive.count - 5)]), name: "cut.zst", in: dir)
        let cutWalker = try #require(ZstdFrameRanges(path: cut, rangeTarget: 1))
        var ranges: [Range<Int64>] = []
        while let range = cutWalker.next() { ranges.append(range) }
        #expect(ranges.count == 3)
        #expect(ranges.last?.upperBound == Int64(archive.count - 5))
    }

    @Test func decodedInputsMatchTheStreamDecoderByteForByteAndErrorForError() throws {
        let dir = TestSupport.temporaryDirectory()
        var corruptMiddle = Self.frames(5)
        // Damage the third frame's compressed blocks (not its header).
        let thirdFrame = Self.frameList(5)[0..<4].reduce(0) { $0 + $1.count }
        for i in (thirdFrame + 30)..<(thirdFrame + 60) { corruptMiddle[i] ^= 0x5A }
        let paths = [
            TestSupport.write(Self.frames(7), name: "multi.zst", in: dir),
            TestSupport.write(Self.text, name: "plain.jsonl", in: dir),
            dir.appendingPathComponent("missing.zst").path,
            TestSupport.write(Array(Self.frames(4)[0..<(Self.frames(4).count - 9)]), name: "cut.zst", in: dir),
            TestSupport.write(corruptMiddle, name: "corrupt.zst", in: dir),
            TestSupport.write(TestSupport.zstdFrame(Self.text, level: 19), name: "single.zst", in: dir),
            TestSupport.write([], name: "empty.jsonl", in: dir),
            TestSupport.write(Self.frames(3), name: "multi-again.zst", in: dir),
        ]
        for decoders in [1, 2, 5] {
            let decoded = Self.decodeAll(paths, decoders: decoders)
            for (path, result) in zip(paths, decoded) {
                let expected = Self.stream(path)
                #expect(result.bytes == expected.bytes, "\(path), \(decoders) decoders")
                #expect(result.error?.description == expected.error?.description, "\(path), \(decoders) decoders")
            }
            #expect(decoded[0].bytes == Self.text && decoded[0].compressed)
            #expect(decoded[0].compressedBytes == Int64(Self.frames(7).count))
            #expect(!decoded[1].compressed && decoded[1].compressedBytes == Int64(Self.text.count))
            #expect(decoded[2].error?.description.contains("cannot open") == true)
            #expect(decoded[3].error?.description.contains("truncated") == true)
            // Nothing before the damage is lost: the first two frames' lines.
            #expect(decoded[4].error?.description.contains("corrupt") == true)
            #expect(decoded[4].bytes.count >= 2 * ((Self.text.count + 4) / 5))
            #expect(decoded[7].bytes == Self.text)
        }
    }

    @Test func theStreamDecoderReturnsWhatItDecodedBeforeAnError() throws {
        let archive = Self.frames(3, skippable: false)
        let path = TestSupport.write(Array(archive[0..<(archive.count - 5)]), name: "cut.zst", in: TestSupport.temporaryDirectory())
        // One read asks for everything: the first two frames come back,
        // then the error.
        let (bytes, error) = Self.drain(try ArchiveReader(input: InputFile(path: path)), bufferSize: 1 << 20)
        #expect(bytes.count > 2 * Self.text.count / 3 - 10)
        #expect(Array(bytes) == Array(Self.text[0..<bytes.count]))
        guard case .truncated = error else { Issue.record("expected truncated, got \(String(describing: error))"); return }
    }

    @Test func anInputFinishedEarlyDropsItsUnreadUnits() throws {
        let dir = TestSupport.temporaryDirectory()
        let paths = [TestSupport.write(Self.frames(9), name: "a.zst", in: dir),
                     TestSupport.write(Self.frames(4), name: "b.zst", in: dir)]
        let ahead = DecodeAhead(inputs: paths.map { InputFile(path: $0) },
                                options: .init(decoders: 2, blockSize: 512, blocksPerUnit: 1, rangeTarget: 1))
        defer { ahead.close() }
        let first = ahead.input(0)
        var buffer = [UInt8](repeating: 0, count: 100)
        let n = try buffer.withUnsafeMutableBytes { raw in try first.read(into: raw) }
        #expect(n == 100)
        first.finish()
        let second = ahead.input(1)
        #expect(Self.drain(second).bytes == Self.text)
    }
}

@Suite struct DecodeAheadScheduleTests {
    /// Many small schedules (decoders, block sizes, units ahead, inputs
    /// finished early), seeded: every input read to its end gives exactly
    /// its bytes, and nothing hangs.
    @Test func everyScheduleGivesEachInputItsBytes() throws {
        let dir = TestSupport.temporaryDirectory()
        let archives = (1...4).map { parts in
            TestSupport.write(DecodeAheadTests.frames(parts * 3, skippable: parts % 2 == 0), name: "a\(parts).zst", in: dir)
        }
        let plain = TestSupport.write(DecodeAheadTests.text, name: "p.jsonl", in: dir)
        var random = SplitMix64(seed: 42)
        for round in 0..<40 {
            let paths = (0..<Int.random(in: 1...5, using: &random)).map { _ in
                Bool.random(using: &random) ? plain : archives.randomElement(using: &random)!
            }
            let options = DecodeAhead.Options(decoders: Int.random(in: 1...4, using: &random),
                                              blockSize: Int.random(in: 100...5000, using: &random),
                                              blocksPerUnit: Int.random(in: 1...3, using: &random),
                                              unitsAhead: Int.random(in: 1...6, using: &random),
                                              rangeTarget: Int.random(in: 1...20_000, using: &random))
            let ahead = DecodeAhead(inputs: paths.map { InputFile(path: $0) }, options: options)
            for index in paths.indices {
                let input = ahead.input(index)
                if Int.random(in: 0..<4, using: &random) == 0 {
                    // Read a little, then move on.
                    var buffer = [UInt8](repeating: 0, count: 10)
                    _ = try buffer.withUnsafeMutableBytes { raw in try input.read(into: raw) }
                } else {
                    let (bytes, error) = DecodeAheadTests.drain(input, bufferSize: Int.random(in: 1...9000, using: &random))
                    #expect(error == nil)
                    #expect(bytes == DecodeAheadTests.text, "round \(round), input \(index), \(options)")
                }
                input.finish()
            }
            ahead.close()
        }
    }
}
