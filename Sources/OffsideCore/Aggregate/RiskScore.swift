import Foundation

/// The client risk score (0–100) and level, from terms a reviewer can check.
/// The formula is written out in the README ("How clients are scored"); keep
/// the two in step.
public struct RiskScore: Sendable, Equatable {
    public struct Term: Sendable, Equatable, Codable {
        public var term: String
        public var value: Double
    }

    public var score: Int
    public var level: String
    public var terms: [Term]

    /// Points before the curve that maps them to 0–100.
    public static let scale = 30.0

    public init(client: ClientState) {
        var terms: [Term] = []
        func add(_ name: String, _ value: Double) {
            if value > 0 { terms.append(Term(term: name, value: (value * 100).rounded() / 100)) }
        }
        add("own findings (severity, payment and scam ×1.5)", client.ownSeverity)
        add("other party's findings in the client's conversations (severity ×0.25)", client.partnerSeverity * 0.25)
        add("fan-out: freelancers approached beyond the first ×4", Double(max(0, client.freelancersApproached.count - 1) * 4))
        add("initiated an off-platform move ×2", Double(client.initiated * 2))
        add("refusals received from freelancers ×3", Double(client.refusalsReceived * 3))
        let raw = terms.reduce(0) { $0 + $1.value }
        let score = Int((100 * (1 - exp(-raw / RiskScore.scale))).rounded())
        self.score = score
        self.terms = terms
        self.level = RiskScore.level(for: score)
    }

    public static func level(for score: Int) -> String {
        switch score {
        case 0: return "none"
        case ..<30: return "low"
        case ..<65: return "medium"
        default: return "high"
        }
    }
}
