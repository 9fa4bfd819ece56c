/// The Public Suffix List (generated from Debian's `publicsuffix` package by
/// `scripts/gen-tables`): which domain endings are public, so `gmail.com` is a
/// registrable domain, `x.co.uk` is one too, and `logo@2x.png` is not an email.
///
/// Threading: immutable after its one-time construction; shared by all workers.
public final class PublicSuffixList: Sendable {
    public static let shared = PublicSuffixList(rules: PublicSuffixTable.rules)

    private let exact: Set<String>
    private let wildcards: Set<String>  // "*.ck" stored as "ck"
    private let exceptions: Set<String>  // "!www.ck" stored as "www.ck"
    /// Top-level labels (`com`, `br`, `xn--p1ai`).
    private let topLevel: Set<String>

    init(rules: String) {
        var exact = Set<String>(), wildcards = Set<String>(), exceptions = Set<String>(), topLevel = Set<String>()
        for line in rules.split(separator: "\n") {
            let rule = String(line)
            if rule.hasPrefix("!") { exceptions.insert(String(rule.dropFirst())); continue }
            if rule.hasPrefix("*.") { wildcards.insert(String(rule.dropFirst(2))); continue }
            exact.insert(rule)
            if !rule.contains(".") { topLevel.insert(rule) }
        }
        self.exact = exact
        self.wildcards = wildcards
        self.exceptions = exceptions
        self.topLevel = topLevel
    }

    /// True if `label` (lower-case) is a top-level domain in the list.
    public func isTopLevel(_ label: String) -> Bool { topLevel.contains(label) }

    /// The number of labels of `domain`'s public suffix, or 0 when its last
    /// label is not a known top-level domain (the default `*` rule of the
    /// list is deliberately not applied: an unknown ending is not a domain).
    public func suffixLabelCount(_ domain: String) -> Int {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard let last = labels.last, topLevel.contains(String(last)) else { return 0 }
        var best = 1
        for n in 2...max(2, labels.count) where n <= labels.count {
            let suffix = labels.suffix(n).joined(separator: ".")
            if exceptions.contains(suffix) { return n - 1 }
            if exact.contains(suffix) { best = n }
            if wildcards.contains(labels.suffix(n - 1).joined(separator: ".")) { best = max(best, n) }
        }
        return best
    }

    /// The registrable domain (one label more than the public suffix), or nil
    /// if `domain` is itself a public suffix or has an unknown ending.
    public func registrableDomain(_ domain: String) -> String? {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let suffix = suffixLabelCount(domain)
        guard suffix > 0, labels.count > suffix, labels.allSatisfy({ !$0.isEmpty }) else { return nil }
        return labels.suffix(suffix + 1).joined(separator: ".")
    }
}
