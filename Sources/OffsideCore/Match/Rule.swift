/// One pattern of a rule, over normalised text.
public enum RulePattern: Sendable, Equatable {
    case literal(String)
    case regex(String)

    /// The expression handed to the engine: literals escaped byte by byte
    /// so every character matches itself, and every non-ASCII character
    /// replaced by what the normaliser makes of it in either case (see
    /// `ScalarFoldTable.folds(ofEitherCase:)`), so a pattern is written as
    /// people write (`gebühr`, `телеграм`, `微信`) and meets the normalised
    /// text (`gebuhr`, `teлerpam`, `微信`).
    public var expression: String {
        switch self {
        case .regex(let source):
            return Self.folded(source, isLiteral: false)
        case .literal(let text):
            return Self.folded(text, isLiteral: true)
        }
    }

    /// In a regex, ASCII is the author's syntax and stays as written; a
    /// fold's ASCII punctuation (a fullwidth `．` folds to `.`) is escaped.
    /// In a literal, everything but ASCII letters and digits is escaped.
    private static func folded(_ text: String, isLiteral: Bool) -> String {
        var out = ""
        func append(_ byte: UInt8, escaping: Bool) {
            if escaping && !isWordByte(byte) && !(byte >= 0x80 && !isLiteral) && !(byte == 0x20 && !isLiteral) {
                out += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            } else {
                out.unicodeScalars.append(UnicodeScalar(byte))
            }
        }
        var pending: [UInt8] = []   // non-ASCII bytes of a regex, kept raw
        func flush() {
            if !pending.isEmpty { out += String(decoding: pending, as: UTF8.self); pending.removeAll() }
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                flush()
                append(UInt8(scalar.value), escaping: isLiteral)
                continue
            }
            let folds = ScalarFoldTable.shared.folds(ofEitherCase: scalar)
            if folds.count == 1 && !isLiteral && folds[0].allSatisfy({ $0 >= 0x80 || isWordByte($0) }) {
                pending += folds[0]   // the common case: raw bytes, no group
                continue
            }
            flush()
            if folds.count > 1 { out += "(?:" }
            for (k, bytes) in folds.enumerated() {
                if k > 0 { out += "|" }
                if isLiteral {
                    for byte in bytes { append(byte, escaping: true) }
                } else {
                    var raw: [UInt8] = []
                    for byte in bytes {
                        if byte >= 0x80 { raw.append(byte); continue }
                        out += String(decoding: raw, as: UTF8.self); raw.removeAll()
                        append(byte, escaping: true)
                    }
                    out += String(decoding: raw, as: UTF8.self)
                }
            }
            if folds.count > 1 { out += ")" }
        }
        flush()
        return out
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

/// Words that must (`any`) or must not (`none`) appear within `within` bytes
/// of a match in the normalised text. A word matches where it starts a word
/// (preceded by a non-alphanumeric byte or the start of the text); its end is
/// free, so `pay` also matches `payment`, unless the word ends in `\b`
/// (`bot\b` matches `bot` and `bot.` but not `both`). `negatedBy` words cancel a match
/// only inside its own phrase (between commas, sentence ends and contrast
/// words), so "don't fund the milestone, I'll bill you directly" keeps the
/// offer that "I don't bill directly" negates.
public struct ContextRule: Sendable, Equatable {
    public var within: Int
    public var any: [String]
    public var none: [String]
    public var negatedBy: [String] = []
}

/// The validator a rule's matches must pass, if any.
public enum ValidatorKind: String, Sendable, CaseIterable {
    case none, email, phone, iban, card, btc, eth, tron, url
    case payRate = "pay_rate"
}

public enum SuppressScope: String, Sendable, CaseIterable {
    /// The suppressing match's clause (a refusal).
    case clause
    /// The whole message.
    case message
    /// The pasted document the match introduces (`PastedBlock`): the lines
    /// after its own, less a short closing paragraph.
    case block
    /// The quoted lines of a reply (`QuotedLines`): lines that start with `>`.
    case quoted
    /// The lines inside a Markdown code fence (`CodeFence`).
    case fenced
}

/// A rule of a pack, as loaded and checked.
public struct Rule: Sendable, Equatable {
    public var id: String
    public var category: Category
    public var severity: Int
    public var description: String
    public var patterns: [RulePattern]
    public var validator: ValidatorKind
    public var context: ContextRule?
    /// Categories this rule's matches cancel in the same clause of the same
    /// message: a refusal ("I don't share my email before a contract")
    /// negates the request or offer it declines.
    public var suppresses: [Category] = []
    /// Where `suppresses` applies: the suppressing match's clause (a
    /// refusal), the pasted document it introduces, or the whole message (a shared address makes the same
    /// message's request for contact moot: a request gives none).
    public var suppressScope: SuppressScope = .clause
    /// An entry of the pack's `allowlists`: its matches only cancel the
    /// categories in `suppresses` and never become findings ("heads up,
    /// someone asked me for an activation fee" warns of a scam, it runs
    /// none). Its `category` is the first category it cancels, for
    /// bookkeeping only.
    public var isAllowlist = false
    /// When not empty, a match counts only as a reply: one of the two
    /// messages before it in the conversation has a finding of one of these
    /// categories ("done, check your phone" after a number was given). The
    /// conversation stage decides; the match stage finds it as usual.
    public var follows: [Category] = []
    /// A messenger rule whose match names a channel and gives no detail (no
    /// handle, number or link): "happy to talk on Skype". The conversation
    /// stage may judge it a tolerated call offer (`CallOfferRules`).
    public var channelOnly = false
    /// A refusal rule whose match defers a call or contact to the contract
    /// ("once you accept the offer"): the same message's channel and
    /// request are a call offered for after it (`CallOfferRules`).
    public var defersToContract = false
    /// When set, the rule has no patterns: it fires on a message the pack's
    /// scorer rates at least this likely to be of the rule's category, and
    /// only where no pattern rule of that category fired in the message.
    public var scorerThreshold: Double? = nil
    /// When not empty, the rule has no patterns: it fires on a message
    /// whose other findings include every one of these categories and none
    /// of the rule's own ("I'll pay you by Maybank, the site's cut is too
    /// high": a way to pay named to avoid the fee is payment outside). The
    /// resolver adds it after refusals have suppressed what they negate.
    public var impliedBy: [Category] = []
    public var matchExamples: [String]
    public var noMatchExamples: [String]
}

/// A loaded rule pack: its identity, its rules, and the SHA-256 of its source
/// so reports say exactly which pack produced them.
public struct RulePack: Sendable {
    public var name: String
    public var version: Int
    public var rules: [Rule]
    /// Hosts whose links are not contact details: the platform's own domains
    /// and portfolio sites (`platform_hosts` and `portfolio_hosts`).
    public var allowedHosts: [String] = []
    /// The n-gram scorer the pack's `scorer` rules read (`scorer:` at the top).
    public var scorer: ScorerModel? = nil
    /// Of the pack's YAML, and of its scorer's text too when it has one.
    public var sha256: String
    /// Where it came from: a path, or `built-in`.
    public var source: String
}

extension RulePack {
    /// The pack without its scorer rules (`--no-scorer`): the phrase rules alone.
    public func withoutScorer() -> RulePack {
        var pack = self
        pack.rules.removeAll { $0.scorerThreshold != nil }
        pack.scorer = nil
        return pack
    }

    /// Each reply rule's `follows` categories, by rule id: what the
    /// conversation stage needs to judge its matches.
    public var followsByRule: [String: [Category]] {
        Dictionary(uniqueKeysWithValues: rules.lazy.filter { !$0.follows.isEmpty }.map { ($0.id, $0.follows) })
    }

    /// The scorer's rules (`scorer:`), for the conversation stage: their
    /// findings are readings, not phrases, and do not open a violation.
    public var scoredRuleIDs: Set<String> {
        Set(rules.lazy.filter { $0.scorerThreshold != nil }.map(\.id))
    }

    /// The `channel_only` and `defers_to_contract` rules, for the
    /// conversation stage.
    public var callOfferRules: CallOfferRules {
        CallOfferRules(channelOnly: Set(rules.lazy.filter(\.channelOnly).map(\.id)),
                       deferToContract: Set(rules.lazy.filter(\.defersToContract).map(\.id)))
    }
}
