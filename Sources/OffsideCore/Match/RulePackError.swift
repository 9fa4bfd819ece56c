/// A rule pack that cannot be used. Every case says where: the pack's source,
/// the YAML line when known, and the rule id when the problem is in a rule.
/// Nothing is scanned with a pack that produced one of these.
public struct RulePackError: Error, CustomStringConvertible, Sendable {
    public let source: String
    public let line: Int?
    public let ruleID: String?
    public let message: String

    public init(source: String, line: Int? = nil, ruleID: String? = nil, message: String) {
        self.source = source
        self.line = line
        self.ruleID = ruleID
        self.message = message
    }

    public var description: String {
        var text = source
        if let line { text += ":\(line)" }
        text += ": "
        if let ruleID { text += "rule \(ruleID): " }
        return text + message
    }
}
