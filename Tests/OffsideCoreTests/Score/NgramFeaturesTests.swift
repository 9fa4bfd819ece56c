import Testing
@testable import OffsideCore

/// The grams are the contract with scripts/train-scorer: the same text must
/// give the same grams on both sides, or the weights mean nothing.
@Suite struct NgramFeaturesTests {
    func grams(_ text: String) -> [NgramFeatures.Group: [UInt64: [Range<Int>]]] {
        var out: [NgramFeatures.Group: [UInt64: [Range<Int>]]] = [.words: [:], .chars: [:]]
        Array(text.utf8).withUnsafeBytes { bytes in
            NgramFeatures().forEach(in: bytes) { group, hash, range in out[group]![hash, default: []].append(range) }
        }
        return out
    }

    func hashes(_ grams: [String]) -> Set<UInt64> { Set(grams.map { FNV1a.hash($0.utf8) }) }

    @Test func wordsAndPairsOfWords() {
        let found = grams("pay me,now")
        #expect(Set(found[.words]!.keys) == hashes(["wpay", "wme", "wnow", "wpay me", "wme now"]))
        #expect(found[.words]![FNV1a.hash("wme now".utf8)] == [4..<10])
    }

    @Test func wordsAreAsciiLettersDigitsAndAtDollarPercent() {
        let found = grams("50% café a@b")
        #expect(Set(found[.words]!.keys) == hashes(["w50%", "wcaf", "wa@b", "w50% caf", "wcaf a@b"]))
    }

    /// Padded pieces: " ab " gives " ab", "ab " and " ab ".
    @Test func characterGramsOfPaddedPieces() {
        let found = grams("ab  x")
        #expect(Set(found[.chars]!.keys) == hashes(["c ab", "cab ", "c ab ", "c x "]))
        #expect(found[.chars]![FNV1a.hash("c ab".utf8)] == [0..<2])
    }

    /// Scalars, not bytes: "é" is one of the three. The default lengths are 3 and 4.
    @Test func characterGramsCountScalars() {
        let found = grams("é\tz")
        #expect(Set(found[.chars]!.keys) == hashes(["c é ", "c z "]))
        let five = grams("日本語です")
        #expect(five[.chars]!.keys.contains(FNV1a.hash("c 日本語".utf8)))
        #expect(five[.chars]!.keys.contains(FNV1a.hash("c語です ".utf8)))
        #expect(five[.chars]!.count == 5 + 4)
    }

    @Test func emptyAndSpaceOnlyTextsGiveNothing() {
        #expect(grams("").values.allSatisfy { $0.isEmpty })
        #expect(grams("   ").values.allSatisfy { $0.isEmpty })
    }
}

extension NgramFeaturesTests {
    @Test func theModelChoosesTheLengths() {
        var found: Set<UInt64> = []
        Array("abc".utf8).withUnsafeBytes { bytes in
            NgramFeatures(charGrams: 5...5).forEach(in: bytes) { group, hash, _ in if group == .chars { found.insert(hash) } }
        }
        #expect(found == hashes(["c abc "]))
    }
}
