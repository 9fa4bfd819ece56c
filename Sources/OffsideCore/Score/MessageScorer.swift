import Foundation

/// Scores one message's normalised text with a `ScorerModel`: per category
/// the probability the model gives; and, asked for one category (a rule
/// fired), the stretch of text its strongest grams came from (up to three,
/// if they lie within `evidenceSpan` bytes), so a finding points at "could
/// we continue this conversation somewhere" rather than at one word of it.
/// Evidence is a second pass because few messages need it: keeping the
/// strongest grams per category in the first one cost as much as scoring.
/// State is sized once per model; scoring a message allocates nothing.
///
/// Threading: not thread-safe; one per worker.
public final class MessageScorer {
    public let model: ScorerModel
    private let features: NgramFeatures
    // Raw buffers, not arrays: they are touched per gram, and array
    // properties of a class pay exclusivity and uniqueness checks there.
    /// Per group (words, chars) and category: sum of weight × idf.
    private let sums: UnsafeMutablePointer<Double>
    /// Per group: sum of idf² over the grams seen.
    private let norms = UnsafeMutablePointer<Double>.allocate(capacity: 2)
    /// Per category, after `score`.
    public private(set) var probabilities: [Double]

    static let kept = 3
    static let evidenceSpan = 160

    public init(model: ScorerModel) {
        self.model = model
        self.features = NgramFeatures(charGrams: model.charGrams)
        sums = .allocate(capacity: 2 * model.categories.count)
        probabilities = Array(repeating: 0, count: model.categories.count)
    }

    deinit {
        sums.deallocate()
        norms.deallocate()
    }

    /// Scores `text` (one message's normalised bytes); read the results from
    /// `probabilities`.
    public func score(_ text: UnsafeRawBufferPointer) {
        let count = model.categories.count
        sums.update(repeating: 0, count: 2 * count)
        norms[0] = 0
        norms[1] = 0
        features.forEach(in: text) { group, hash, _ in
            guard let row = model.row(of: hash) else { return }
            let sum = sums + group.rawValue * count
            norms[group.rawValue] += Double(row[count])
            for c in 0..<count { sum[c] += Double(row[c]) }
        }
        let scale = self.scale
        for c in 0..<count {
            let logit = model.bias[c] + sums[c] * scale.words + sums[count + c] * scale.chars
            probabilities[c] = 1 / (1 + exp(-logit))
        }
    }

    /// Per group, what one gram's weight is worth in the last scored text.
    private var scale: (words: Double, chars: Double) {
        (norms[0] > 0 ? 1 / (model.damping + norms[0]).squareRoot() : 0,
         norms[1] > 0 ? 1 / (model.damping + norms[1]).squareRoot() : 0)
    }

    /// For the text just scored: the union of the ranges of the grams that
    /// weigh most for the category in `column`, strongest first, as long as
    /// it stays within `evidenceSpan` bytes; empty when none weighs for it.
    public func evidence(in text: UnsafeRawBufferPointer, column c: Int) -> Range<Int> {
        let scale = self.scale
        // The strongest `kept`, strongest first; a fixed tuple, no allocation.
        var top: (Double, Range<Int>, Double, Range<Int>, Double, Range<Int>) = (0, 0..<0, 0, 0..<0, 0, 0..<0)
        features.forEach(in: text) { group, hash, range in
            guard let row = model.row(of: hash) else { return }
            let weight = Double(row[c]) * (group == .words ? scale.words : scale.chars)
            if weight > top.0 {
                top = (weight, range, top.0, top.1, top.2, top.3)
            } else if weight > top.2 {
                top = (top.0, top.1, weight, range, top.2, top.3)
            } else if weight > top.4 {
                top.4 = weight
                top.5 = range
            }
        }
        guard top.0 > 0 else { return 0..<0 }
        func widened(_ union: Range<Int>, by weight: Double, _ range: Range<Int>) -> Range<Int> {
            let joined = min(union.lowerBound, range.lowerBound)..<max(union.upperBound, range.upperBound)
            return weight > 0 && joined.count <= Self.evidenceSpan ? joined : union
        }
        return widened(widened(top.1, by: top.2, top.3), by: top.4, top.5)
    }

    /// The grams of `text` that push `category` up most, strongest first,
    /// with their share of the score: what `rules explain` shows.
    public func strongestGrams(in text: UnsafeRawBufferPointer, category: Category, limit: Int = 6) -> [(gram: String, weight: Double)] {
        guard let c = model.categories.firstIndex(of: category) else { return [] }
        let count = model.categories.count
        var seen: [UnsafePointer<Float>: (sum: Double, group: Int)] = [:]
        var norms = [0.0, 0.0]
        features.forEach(in: text) { group, hash, _ in
            guard let row = model.row(of: hash) else { return }
            norms[group.rawValue] += Double(row[count])
            seen[row, default: (0, group.rawValue)].sum += Double(row[c])
        }
        let scaled = seen.map { row, entry in
            (gram: Self.display(model.gram(ofRow: row)), weight: entry.sum / (model.damping + norms[entry.group]).squareRoot())
        }
        return Array(scaled.filter { $0.weight > 0 }.sorted { $0.weight > $1.weight }.prefix(limit))
    }

    /// A gram as a reader sees it: its text in quotes, pad spaces shown as `_`.
    static func display(_ gram: String) -> String {
        let body = gram.dropFirst()
        return gram.first == "c" ? "\"\(body.replacingOccurrences(of: " ", with: "_"))\"" : "\"\(body)\""
    }
}
