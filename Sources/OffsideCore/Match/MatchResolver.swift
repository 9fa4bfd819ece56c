/// A match that passed its rule's validator and context, in one message.
public struct ResolvedMatch: Sendable, Equatable {
    /// Index of the message in its chunk.
    public var message: Int32
    public var rule: Int32
    /// Byte range in the message's original decoded text.
    public var start: Int32
    public var end: Int32
}

/// Turns the engine's raw matches over a chunk into findings-to-be: assigns
/// each match to its message (dropping any that cross a message boundary),
/// keeps per rule the leftmost-longest non-overlapping spans, and runs the
/// rule's validator and context on each. When the longest span at a start
/// fails its validator a shorter one at the same start may still pass.
/// Last, a match of a rule with `suppresses` (a refusal) drops the matches of
/// those categories in its clause of the same message; an allowlist's matches
/// do the same in their scope and are then dropped themselves. Then a rule
/// `implied_by` categories fires where a message's findings have them all.
///
/// Threading: not thread-safe (reuses its buffers); one per worker.
public final class MatchResolver {
    private struct Candidate {
        var message: Int32
        var rule: Int32
        var from: UInt32
        var to: UInt32
    }

    private struct Kept {
        var match: ResolvedMatch
        /// The span in the normalised text (chunk offsets).
        var from: UInt32
        var to: UInt32
    }

    private let compiled: CompiledRulePack
    private var candidates: [Candidate] = []
    private var kept: [Kept] = []
    private var survivors: [Kept] = []
    /// After `resolve`: per message whose refusals or allowlists matched,
    /// one bit per category they cancel anywhere in it (`Category.ordinal`),
    /// in message order. The scorer adds nothing of those categories there:
    /// the rules judged them declined, allowed or moot.
    public private(set) var cancelled: [(message: Int32, categories: UInt32)] = []

    public init(compiled: CompiledRulePack) {
        self.compiled = compiled
        candidates.reserveCapacity(1 << 12)
        kept.reserveCapacity(1 << 10)
    }

    /// - Parameters:
    ///   - spans: each message's place in `text`, in message order.
    ///   - original: a message's original decoded text, by message index.
    public func resolve(_ matches: GrowableBuffer<RawMatch>, spans: UnsafeBufferPointer<NormalizedSpan>,
                        text: NormalizedText, original: (Int) -> UnsafeRawBufferPointer,
                        into out: inout [ResolvedMatch]) {
        candidates.removeAll(keepingCapacity: true)
        kept.removeAll(keepingCapacity: true)
        cancelled.removeAll(keepingCapacity: true)
        let ruleOfPattern = compiled.database.ruleIndexOfPattern
        for k in 0..<matches.count {
            let m = matches[k]
            guard let message = Self.message(containing: Int(m.from), spans: spans) else { continue }
            guard Int(m.to) <= Int(spans[message].end) else { continue }
            candidates.append(Candidate(message: Int32(message), rule: ruleOfPattern[Int(m.pattern)], from: m.from, to: m.to))
        }
        guard !candidates.isEmpty else { return }
        candidates.sort { a, b in
            if a.message != b.message { return a.message < b.message }
            if a.rule != b.rule { return a.rule < b.rule }
            if a.from != b.from { return a.from < b.from }
            return a.to > b.to
        }
        let traits = compiled.traits
        var keptMessage: Int32 = -1
        var keptRule: Int32 = -1
        var keptEnd: UInt32 = 0
        var rejectedStart: (message: Int32, rule: Int32, from: UInt32) = (-1, -1, 0)
        for c in candidates {
            if c.message == keptMessage && c.rule == keptRule && c.from < keptEnd { continue }
            let span = spans[Int(c.message)]
            let messageText = UnsafeRawBufferPointer(start: text.bytes.base + Int(span.start), count: span.count)
            let local = (Int(c.from) - Int(span.start))..<(Int(c.to) - Int(span.start))
            let isShorterFallback = rejectedStart == (c.message, c.rule, c.from)
            // A shorter span at a start whose longest span failed is tried
            // only if it ends at a word boundary: `admin@example.co|m` is a
            // cut word, `+1 415 555 0199|. 2026` is a real end.
            if isShorterFallback && local.upperBound < messageText.count && isAlnum(messageText[local.upperBound])
                && isAlnum(messageText[local.upperBound - 1]) { continue }
            let rule = traits[Int(c.rule)]
            let originalText = original(Int(c.message))
            let range = text.originalRange(from: Int(c.from), to: Int(c.to), span: span)
            if rule.validator != .none {
                let site = MatchValidator.Site(normalized: messageText, local: local, original: originalText, range: range)
                guard compiled.validator.accepts(rule.validator, site) else {
                    rejectedStart = (c.message, c.rule, c.from)
                    continue
                }
            }
            if let context = compiled.contexts[Int(c.rule)], !context.accepts(message: messageText, match: local, disguised: {
                span.originBase >= 0 && DisguisedMatch.isDisguised(original: UnsafeRawBufferPointer(rebasing: originalText[range]),
                                                                   normalized: UnsafeRawBufferPointer(rebasing: messageText[local]))
            }) {
                rejectedStart = (c.message, c.rule, c.from)
                continue
            }
            keptMessage = c.message
            keptRule = c.rule
            keptEnd = c.to
            kept.append(Kept(match: ResolvedMatch(message: c.message, rule: c.rule, start: Int32(range.lowerBound),
                                                  end: Int32(range.upperBound)), from: c.from, to: c.to))
        }
        if compiled.hasSuppressors { applySuppression(spans: spans, text: text, original: original) }
        if !compiled.impliedRules.isEmpty { addImplied() }
        for k in kept { out.append(k.match) }
    }

    /// Drops matches negated by a suppressing match (a refusal) in the same
    /// clause, or the one before when it names the declined offer
    /// (`ClauseBounds.refusalReach`), or in the pasted document a work
    /// request introduces (`PastedBlock`), and the allowlists' own matches.
    /// `kept` is grouped by message.
    private func applySuppression(spans: UnsafeBufferPointer<NormalizedSpan>, text: NormalizedText,
                                  original: (Int) -> UnsafeRawBufferPointer) {
        let traits = compiled.traits
        var groupStart = 0
        survivors.removeAll(keepingCapacity: true)
        while groupStart < kept.count {
            let message = kept[groupStart].match.message
            var groupEnd = groupStart
            var cancelledHere: UInt32 = 0
            while groupEnd < kept.count && kept[groupEnd].match.message == message {
                let rule = traits[Int(kept[groupEnd].match.rule)]
                // A document opener with no document after it, a `>` with
                // no quoted line or a ``` with no fence, cancels nothing.
                if Self.scopeExists(rule.suppressScope, after: Int(kept[groupEnd].match.end), in: original(Int(message))) {
                    cancelledHere |= rule.suppressedCategories
                }
                groupEnd += 1
            }
            let hasSuppressor = cancelledHere != 0
            if hasSuppressor { cancelled.append((message, cancelledHere)) }
            let span = spans[Int(message)]
            let messageText = UnsafeRawBufferPointer(start: text.bytes.base + Int(span.start), count: span.count)
            for k in groupStart..<groupEnd {
                let candidate = kept[k]
                var suppressed = false
                if hasSuppressor {
                    let category = traits[Int(candidate.match.rule)].category
                    for s in groupStart..<groupEnd where s != k {
                        let suppressor = kept[s]
                        let suppressingRule = traits[Int(suppressor.match.rule)]
                        guard suppressingRule.suppresses(category) else { continue }
                        switch suppressingRule.suppressScope {
                        case .message: suppressed = true
                        case .block:
                            // Original offsets: the block is found by its line breaks.
                            if let block = PastedBlock.range(after: Int(suppressor.match.end), in: original(Int(message))),
                               block.contains(Int(candidate.match.start)) { suppressed = true }
                        case .quoted:
                            if QuotedLines.isQuoted(Int(candidate.match.start), in: original(Int(message))) { suppressed = true }
                        case .fenced:
                            if CodeFence.isFenced(Int(candidate.match.start), in: original(Int(message))) { suppressed = true }
                        case .clause: break
                        }
                        if suppressed { break }
                        guard suppressingRule.suppressScope == .clause else { continue }
                        let local = (Int(suppressor.from) - Int(span.start))..<(Int(suppressor.to) - Int(span.start))
                        let clause = ClauseBounds.refusalReach(around: local, in: messageText)
                        let from = Int(candidate.from) - Int(span.start)
                        let to = Int(candidate.to) - Int(span.start)
                        if from < clause.upperBound && to > clause.lowerBound { suppressed = true; break }
                    }
                }
                if !suppressed && traits[Int(candidate.match.rule)].emitsFindings { survivors.append(candidate) }
            }
            groupStart = groupEnd
        }
        swap(&kept, &survivors)
    }

    /// Whether a suppressor's scope holds anything in this message (original
    /// text): the block after a document opener, a quoted line, a fence.
    private static func scopeExists(_ scope: SuppressScope, after end: Int, in original: UnsafeRawBufferPointer) -> Bool {
        switch scope {
        case .clause, .message: return true
        case .block: return PastedBlock.range(after: end, in: original) != nil
        case .quoted: return QuotedLines.hasQuote(in: original)
        case .fenced: return CodeFence.hasFence(in: original)
        }
    }

    /// Adds the `implied_by` rules' matches after each message's own, after
    /// suppression: a refusal that negated the offer leaves nothing to imply.
    /// Nor is one implied where a refusal or allowlist cancelled its
    /// category. The match spans the implying matches, first start to last end.
    private func addImplied() {
        let traits = compiled.traits
        survivors.removeAll(keepingCapacity: true)
        var groupStart = 0
        var nextCancelled = 0
        while groupStart < kept.count {
            let message = kept[groupStart].match.message
            var groupEnd = groupStart
            while nextCancelled < cancelled.count && cancelled[nextCancelled].message < message { nextCancelled += 1 }
            let cancelledHere = nextCancelled < cancelled.count && cancelled[nextCancelled].message == message
                ? cancelled[nextCancelled].categories : 0
            var present: UInt32 = 0
            while groupEnd < kept.count && kept[groupEnd].match.message == message {
                present |= UInt32(1) << UInt32(traits[Int(kept[groupEnd].match.rule)].category.ordinal)
                survivors.append(kept[groupEnd])
                groupEnd += 1
            }
            for implied in compiled.impliedRules where present & implied.required == implied.required
                && (present | cancelledHere) & implied.category == 0 {
                var first: Kept?
                var start = Int32.max, end = Int32.min
                for k in groupStart..<groupEnd
                where implied.required & UInt32(1) << UInt32(traits[Int(kept[k].match.rule)].category.ordinal) != 0 {
                    if first == nil { first = kept[k] }
                    start = min(start, kept[k].match.start)
                    end = max(end, kept[k].match.end)
                }
                guard var match = first else { continue }
                match.match.rule = implied.rule
                match.match.start = start
                match.match.end = end
                survivors.append(match)
                present |= implied.category
            }
            groupStart = groupEnd
        }
        swap(&kept, &survivors)
    }

    /// The message whose span holds `offset`, by binary search.
    @inline(__always)
    static func message(containing offset: Int, spans: UnsafeBufferPointer<NormalizedSpan>) -> Int? {
        var low = 0
        var high = spans.count - 1
        while low <= high {
            let mid = (low + high) >> 1
            let span = spans[mid]
            if offset < Int(span.start) { high = mid - 1 }
            else if offset >= Int(span.end) { low = mid + 1 }
            else { return mid }
        }
        return nil
    }
}
