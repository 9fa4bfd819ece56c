/// The DESIGN.md category taxonomy; every rule belongs to exactly one.
public enum Category: String, CaseIterable, Sendable, Codable, Comparable {
    case contactEmail = "contact.email"
    case contactPhone = "contact.phone"
    case contactMessenger = "contact.messenger"
    case contactURL = "contact.url"
    case contactRequest = "contact.request"
    case paymentOffplatform = "payment.offplatform"
    case paymentMethod = "payment.method"
    case paymentFeeAvoidance = "payment.fee_avoidance"
    case scamPersonalInfo = "scam.personal_info"
    case scamEquipment = "scam.equipment"
    case scamTooGood = "scam.too_good"
    case scamCredentials = "scam.credentials"
    case refusal = "refusal"

    public static func < (a: Category, b: Category) -> Bool { a.rawValue < b.rawValue }

    // By case, not by name: the defaults a raw-value enum gets build the
    // name's string and hash or compare it, several times per finding.
    public static func == (a: Category, b: Category) -> Bool { a.ordinal == b.ordinal }
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }

    /// The case's place in the taxonomy, for bit sets and fast equality.
    var ordinal: UInt8 {
        switch self {
        case .contactEmail: 0
        case .contactPhone: 1
        case .contactMessenger: 2
        case .contactURL: 3
        case .contactRequest: 4
        case .paymentOffplatform: 5
        case .paymentMethod: 6
        case .paymentFeeAvoidance: 7
        case .scamPersonalInfo: 8
        case .scamEquipment: 9
        case .scamTooGood: 10
        case .scamCredentials: 11
        case .refusal: 12
        }
    }

    /// Contact details or a move off the platform (a violation before a contract).
    public var isContact: Bool { rawValue.hasPrefix("contact.") }
    /// Money leaving the platform (always a violation).
    public var isPayment: Bool { rawValue.hasPrefix("payment.") }
    public var isScam: Bool { rawValue.hasPrefix("scam.") }
}
