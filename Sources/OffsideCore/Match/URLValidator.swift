/// Links offered as a way to talk outside. A link counts only if its host
/// ends in a real public suffix (Public Suffix List), and not if it is on the
/// platform's own domains or on a portfolio host where freelancers show work
/// (both lists come from the rule pack and `--allow-host`).
///
/// Threading: immutable; shared by all workers.
public struct URLValidator: Sendable {
    /// Registrable domains (or longer host suffixes) that are never contact links.
    public let allowedHosts: Set<String>

    public init(allowedHosts: [String]) {
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
    }

    public func accepts(_ span: UnsafeRawBufferPointer) -> Bool {
        guard let host = Self.host(of: span) else { return false }
        guard PublicSuffixList.shared.registrableDomain(host) != nil else { return false }
        var suffix = Substring(host)
        while true {
            if allowedHosts.contains(String(suffix)) { return false }
            guard let dot = suffix.firstIndex(of: ".") else { return true }
            suffix = suffix[suffix.index(after: dot)...]
        }
    }

    /// The lower-case host of a link, without scheme, `www.`, port, path or
    /// the spaces people type around its dots and slashes. A bare name
    /// followed by a path (`linkedin / in / ana`, which only a rule naming
    /// the site matches) is that name's `.com`.
    static func host(of span: UnsafeRawBufferPointer) -> String? {
        var text = Substring(String(decoding: span, as: UTF8.self).lowercased().filter { $0 != " " })
        if let scheme = text.range(of: "://") { text = text[scheme.upperBound...] }
        if text.hasPrefix("www.") { text = text.dropFirst(4) }
        let host = text.prefix { $0 != "/" && $0 != ":" && $0 != "?" && $0 != "#" }
        if host.contains(".") { return String(host) }
        return !host.isEmpty && text.dropFirst(host.count).hasPrefix("/") ? host + ".com" : nil
    }
}
