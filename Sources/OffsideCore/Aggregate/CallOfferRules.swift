/// Which findings offer a call the policy tolerates (DESIGN.md: a call after
/// a contract is allowed while money and terms stay on the platform):
///
/// - a call deferred to the contract ("once you accept the offer, a quick
///   Skype call"): in a message where a `defers_to_contract` refusal rule
///   matched, the channel named (`channel_only`) and the request for the
///   call are tolerated, whoever writes;
/// - a freelancer naming a channel beside their own refusal ("happy to talk
///   on Skype, but the contract and payment stay here"), whom DESIGN.md
///   credits rather than flags. A client's call before a contract stays a
///   violation, promise or not: it moves the conversation off first.
///
/// A handle, number or address given in such a message is still shared now,
/// and stays a violation. Built from the pack's rules; a merge reads the ids
/// from its partials' header.
///
/// Threading: a value.
public struct CallOfferRules: Sendable, Equatable {
    /// `channel_only` messenger rules: a channel named, no detail given.
    public var channelOnly: Set<String>
    /// `defers_to_contract` refusal rules.
    public var deferToContract: Set<String>

    public init(channelOnly: Set<String> = [], deferToContract: Set<String> = []) {
        self.channelOnly = channelOnly
        self.deferToContract = deferToContract
    }

    var isEmpty: Bool { channelOnly.isEmpty && deferToContract.isEmpty }

    /// What one message's findings (one writer's) say about its calls.
    func message(_ findings: ArraySlice<Finding>) -> (deferring: Bool, refusing: Bool) {
        guard !isEmpty else { return (false, false) }
        var deferring = false, refusing = false
        for f in findings where f.category == .refusal {
            refusing = true
            if deferToContract.contains(f.rule) { deferring = true }
        }
        return (deferring, refusing)
    }

    func isCallOffer(_ f: Finding, deferring: Bool, refusing: Bool) -> Bool {
        guard deferring || refusing else { return false }
        let namesChannel = channelOnly.contains(f.rule)
        if deferring && (namesChannel || f.category == .contactRequest) { return true }
        return refusing && namesChannel && f.senderRole == .freelancer
    }
}
