/// The small integers the `findings` table stores for its enumerated
/// columns (schema v4): a name per row was a fifth of each row and a text
/// bind per column. The codes are part of the file format: a code, once
/// given, never changes meaning; a new case takes a new code, and a new
/// migration rebuilds the `findings_readable` view from these tables.
///
/// Threading: stateless.
enum StoreCodes {
    /// `sender_role` and `initiator_role`.
    static let roles: [(code: Int64, name: String)] = [(1, "client"), (2, "freelancer")]
    static let contracts: [(code: Int64, name: String)] = [(0, "unknown"), (1, "none"), (2, "offered"), (3, "active"), (4, "ended")]
    static let judgements: [(code: Int64, name: String)] = [(0, "violation"), (1, "tolerated"), (2, "exempt"), (3, "mitigating")]
    static let exemptReasons: [(code: Int64, name: String)] = [(0, "conversion_fee_paid"), (1, "pre_existing"), (2, "over_two_years")]

    static func code(_ role: SenderRole) -> Int64 { Int64(role.rawValue) }
    static func code(_ contract: ContractState) -> Int64 { Int64(contract.rawValue) }

    static func code(_ judgement: Judgement) -> Int64 {
        switch judgement {
        case .violation: return 0
        case .tolerated: return 1
        case .exempt: return 2
        case .mitigating: return 3
        }
    }

    static func code(_ reason: ExemptReason) -> Int64 {
        switch reason {
        case .conversionFeePaid: return 0
        case .preExisting: return 1
        case .overTwoYears: return 2
        }
    }

    static func role(_ code: Int64) -> SenderRole? { UInt8(exactly: code).flatMap(SenderRole.init(rawValue:)) }
    static func contract(_ code: Int64) -> ContractState? { UInt8(exactly: code).flatMap(ContractState.init(rawValue:)) }
    static func judgement(_ code: Int64) -> Judgement? { judgements.first { $0.code == code }.flatMap { Judgement(rawValue: $0.name) } }
    static func exemptReason(_ code: Int64) -> ExemptReason? {
        exemptReasons.first { $0.code == code }.flatMap { ExemptReason(rawValue: $0.name) }
    }

    /// `CASE column WHEN code THEN 'name' … END`, for views and migrations.
    static func names(_ column: String, _ table: [(code: Int64, name: String)]) -> String {
        "CASE \(column) " + table.map { "WHEN \($0.code) THEN '\($0.name)'" }.joined(separator: " ") + " END"
    }

    /// `CASE column WHEN 'name' THEN code … END`: the other way, for the
    /// migration from text columns.
    static func codes(_ column: String, _ table: [(code: Int64, name: String)]) -> String {
        "CASE \(column) " + table.map { "WHEN '\($0.name)' THEN \($0.code)" }.joined(separator: " ") + " END"
    }
}
