import Foundation
import Testing
@testable import OffsideCore

/// The scorer reproduces scripts/train-scorer's own arithmetic, and a model
/// file that is not one says where.
@Suite struct ScorerModelTests {
    /// scorer-vectors.jsonl holds texts (normalised already) and the
    /// probabilities the script computed from the written file.
    @Test func theBuiltInScorerGivesTheScriptsProbabilities() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("scorer-vectors.jsonl")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count >= 20)
        let model = ScorerModel.builtIn
        let scorer = MessageScorer(model: model)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let text = object["text"] as! String
            let expected = object["probabilities"] as! [String: Double]
            #expect(Set(expected.keys) == Set(model.categories.map(\.rawValue)))
            Array(text.utf8).withUnsafeBytes { scorer.score($0) }
            for (c, category) in model.categories.enumerated() {
                #expect(abs(scorer.probabilities[c] - expected[category.rawValue]!) < 1e-4, "\(category.rawValue): \(text)")
            }
        }
    }

    static let tiny = """
        # a model small enough to work out by hand
        categories\tcontact.request\trefusal
        bias\t-3\t-1
        w\telsewhere\t1\t10\t0
        w\ttalk elsewhere\t2\t1\t0
        c\t no \t1\t0\t4
        """

    /// score = bias + (sum of weight × idf) / sqrt(sum of idf²), per group.
    @Test func scoresByTheFormula() throws {
        let model = try ScorerModel(tsv: Self.tiny, source: "tiny.tsv")
        let scorer = MessageScorer(model: model)
        let evidence = Array("lets talk elsewhere".utf8).withUnsafeBytes { text in
            scorer.score(text)
            return scorer.evidence(in: text, column: 0)
        }
        let logit: Double = -3 + 12 / Double(5).squareRoot()
        #expect(abs(scorer.probabilities[0] - 1 / (1 + exp(-logit))) < 1e-9)
        let refusal: Double = 1 / (1 + exp(1))
        #expect(abs(scorer.probabilities[1] - refusal) < 1e-9)
        // The evidence covers the strongest grams: "elsewhere" and "talk elsewhere".
        #expect(evidence == 5..<19)
    }

    /// `damping` is added to each group's norm: few grams weigh less.
    @Test func dampingWeighsFewGramsLess() throws {
        let model = try ScorerModel(tsv: "damping\t4\n" + Self.tiny, source: "tiny.tsv")
        let scorer = MessageScorer(model: model)
        Array("elsewhere".utf8).withUnsafeBytes { scorer.score($0) }
        let logit: Double = -3 + 10 / Double(4 + 1).squareRoot()
        #expect(abs(scorer.probabilities[0] - 1 / (1 + exp(-logit))) < 1e-9)
        #expect(throws: RulePackError.self) { try ScorerModel(tsv: "damping\t-1\n" + Self.tiny, source: "tiny.tsv") }
    }

    /// What `rules explain` lists: each gram as written, with its share of the logit.
    @Test func explainsByItsStrongestGrams() throws {
        let model = try ScorerModel(tsv: Self.tiny, source: "tiny.tsv")
        let grams = Array("no, lets talk elsewhere".utf8).withUnsafeBytes {
            MessageScorer(model: model).strongestGrams(in: $0, category: .contactRequest)
        }
        #expect(grams.map(\.gram) == ["\"elsewhere\"", "\"talk elsewhere\""])
        #expect(abs(grams[0].weight - 10 / Double(5).squareRoot()) < 1e-6)
        let refusal = Array("no".utf8).withUnsafeBytes { MessageScorer(model: model).strongestGrams(in: $0, category: .refusal) }
        #expect(refusal.map(\.gram) == ["\"_no_\""])
    }

    @Test func aBadLineIsAnErrorWithItsLineNumber() {
        #expect(throws: RulePackError.self) { try ScorerModel(tsv: "categories\tcontact.request\nbias\t0\nx\tgram\t1\t1", source: "m.tsv") }
        do {
            _ = try ScorerModel(tsv: "categories\tcontact.request\nbias\t0\nw\tgram\t1", source: "m.tsv")
            Issue.record("a gram line without its weight loaded")
        } catch {
            #expect(error.description.hasPrefix("m.tsv:3: "))
            #expect(error.description.contains("one weight per category"))
        }
        #expect(throws: RulePackError.self) { try ScorerModel(tsv: "categories\tcontact.nothing\n", source: "m.tsv") }
        #expect(throws: RulePackError.self) { try ScorerModel(tsv: "categories\tcontact.request\nbias\t0\n", source: "m.tsv") }
    }
}
