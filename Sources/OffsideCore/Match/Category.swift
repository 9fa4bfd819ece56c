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

    /// Contact details or a move off the platform (a violation before a contract).
    public var isContact: Bool { rawValue.hasPrefix("contact.") }
    /// Money leaving the platform (always a violation).
    public var isPayment: Bool { rawValue.hasPrefix("payment.") }
    public var isScam: Bool { rawValue.hasPrefix("scam.") }
}
