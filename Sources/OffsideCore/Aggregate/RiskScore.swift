import Foundation

/// The client risk score (0–100) and level, from terms a reviewer can check.
/// Only the client's own violations and what they led to count; tolerated
/// and exempt findings, and what the freelancer wrote, never raise it. The
/// formula is written out in the README ("How clients are scored"); keep the
/// two in step.
///
/// Threading: a value.
public struct RiskScore: Sendable, Equatable {
    public struct Term: Sendable, Equatable, Codable {
        public var term: String
        public var value: Double
    }

    public var score: Int
    public var level: String
    public var terms: [Term]

    /// Points at which the score reaches 63 (1 − 1/e): the curve's scale.
    public static let scale = 40.0
    public static let weights = (contact: 2.0, payment: 6.0, scam: 6.0, repetition: 2.0, fanOut: 6.0, initiated: 6.0,
                                 refusal: 5.0, persisted: 8.0)

    public init(client: ClientState) {
        var terms: [Term] = []
        func add(_ name: String, _ value: Double) {
            if value > 0 { terms.append(Term(term: name, value: (value * 100).rounded() / 100)) }
        }
        let w = Self.weights
        func strongest(_ where: (Category) -> Bool) -> Int {
            client.maxSeverity.filter { `where`($0.key) }.map(\.value).max() ?? 0
        }
        add("contact violation: highest severity ×2", Double(strongest(\.isContact)) * w.contact)
        add("payment outside: highest severity ×6", Double(strongest(\.isPayment)) * w.payment)
        let scam = client.maxSeverity.filter { $0.key.isScam }.map(\.value).reduce(0, +)
        add("scam flags: severity of each kind ×6", Double(scam) * w.scam)
        add("repetition: 2 × log2(violations)", client.violations > 1 ? w.repetition * log2(Double(client.violations)) : 0)
        add("fan-out: freelancers approached beyond the first ×6", Double(max(0, client.freelancersApproached.count - 1)) * w.fanOut)
        add("initiated: conversations where the client moved first ×6", Double(client.initiated) * w.initiated)
        add("refusals received ×5", Double(client.refusalsReceived) * w.refusal)
        add("persisted after a refusal ×8", Double(client.persistedAfterRefusal) * w.persisted)
        let raw = terms.reduce(0) { $0 + $1.value }
        let score = Int((100 * (1 - exp(-raw / Self.scale))).rounded())
        self.score = score
        self.terms = terms
        self.level = Self.level(for: score)
    }

    public static func level(for score: Int) -> String {
        switch score {
        case 0: return "none"
        case ..<25: return "low"
        case ..<50: return "medium"
        default: return "high"
        }
    }
}
