/// What the policy (DESIGN.md) makes of a finding.
public enum Judgement: String, Sendable, Codable, CaseIterable {
    /// Counts against its writer: contact before a contract (or with the
    /// contract unknown), payment outside at any time, a scam flag.
    case violation
    /// Contact after a contract exists: a call on Skype or Zoom is allowed as
    /// long as money and terms stay on the platform. Also a call offered on
    /// those terms before one (`CallOfferRules`).
    case tolerated
    /// The pair is exempt (relationships file); listed, never scored.
    case exempt
    /// A refusal: credits its writer.
    case mitigating
}

/// Why a pair is exempt (DESIGN.md "Exempt").
public enum ExemptReason: String, Sendable, Codable {
    case conversionFeePaid = "conversion_fee_paid"
    case preExisting = "pre_existing"
    case overTwoYears = "over_two_years"
}

/// The policy, in one place.
///
/// Threading: stateless.
public enum Policy {
    /// - Parameter callOffer: the finding offers a call the policy allows
    ///   (`CallOfferRules`): deferred to the contract, or a freelancer's
    ///   beside their refusal, whom DESIGN.md credits rather than flags.
    public static func judge(_ category: Category, contract: ContractState, exemption: ExemptReason?,
                             callOffer: Bool = false) -> Judgement {
        if category == .refusal { return .mitigating }
        if exemption != nil && (category.isContact || category.isPayment) { return .exempt }
        if category.isContact && (contract == .active || contract == .ended || callOffer) { return .tolerated }
        return .violation
    }

    /// Moves that make a party the initiator of going off the platform:
    /// asking for or offering contact or payment outside.
    public static func isOffPlatformMove(_ category: Category) -> Bool {
        category.isContact || category.isPayment
    }

    /// Findings that ask for something the other party may answer.
    public static func isRequest(_ category: Category) -> Bool {
        category == .contactRequest || category == .contactMessenger || category == .paymentOffplatform
    }

    /// Findings that give a detail: what a request is answered with.
    public static func isDetail(_ category: Category) -> Bool {
        switch category {
        case .contactEmail, .contactPhone, .contactMessenger, .contactURL, .paymentMethod: return true
        default: return false
        }
    }
}
