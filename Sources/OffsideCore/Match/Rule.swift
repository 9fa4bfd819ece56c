/// One pattern of a rule, over normalised text.
public enum RulePattern: Sendable, Equatable {
    case literal(String)
    case regex(String)

    /// The expression handed to the engine: literals are escaped byte by byte
    /// so every character matches itself.
    public var expression: String {
        switch self {
        case .regex(let source):
            return source
        case .literal(let text):
            var out = ""
            for byte in text.utf8 {
                let isWordByte = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                if isWordByte { out.unicodeScalars.append(UnicodeScalar(byte)) }
                else { out += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }
            }
            return out
        }
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
/// free, so `pay` also matches `payment`. `negatedBy` words cancel a match
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
    case clause, message
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
    /// refusal), or the whole message (a shared address makes the same
    /// message's request for contact moot: a request gives none).
    public var suppressScope: SuppressScope = .clause
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
    public var sha256: String
    /// Where it came from: a path, or `built-in`.
    public var source: String
}
