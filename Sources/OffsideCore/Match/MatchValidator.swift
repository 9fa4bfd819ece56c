import Foundation

/// Confirms or rejects a pattern match with checks a regex cannot make:
/// checksums, lengths, and the text around the match (a price, a date, an
/// invoice number is not a phone number).
///
/// Threading: stateless; safe from any thread.
public enum MatchValidator {
    /// - Parameters:
    ///   - normalized: the match in the normalised text (lower-case, folded).
    ///   - original: the message's whole original text; `range` is the match in it.
    public static func accepts(_ kind: ValidatorKind, normalized: UnsafeRawBufferPointer,
                               original: UnsafeRawBufferPointer, range: Range<Int>) -> Bool {
        switch kind {
        case .none: return true
        case .email: return EmailValidator.accepts(normalized)
        case .phone: return PhoneValidator.accepts(original: original, range: range)
        case .iban: return ChecksumValidators.iban(normalized)
        case .card: return ChecksumValidators.luhnCard(normalized)
        case .btc: return ChecksumValidators.bitcoin(UnsafeRawBufferPointer(rebasing: original[range]))
        case .eth: return ChecksumValidators.ethereum(normalized)
        case .tron: return ChecksumValidators.tron(UnsafeRawBufferPointer(rebasing: original[range]))
        case .url: return URLValidator.accepts(normalized)
        }
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
@inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
@inline(__always) func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) }

/// Email addresses, including the common `name at host dot com` forms.
enum EmailValidator {
    /// Domains reserved for examples and tests (RFC 2606 / 6761): test data in
    /// code is not contact sharing. The full Public Suffix List check comes
    /// with the obfuscation work.
    static let reservedSuffixes = [".example", ".test", ".invalid", ".localhost", ".local"]
    static let reservedDomains: Set<String> = ["example.com", "example.org", "example.net", "localhost", "email.com", "domain.com"]

    static func accepts(_ span: UnsafeRawBufferPointer) -> Bool {
        guard let address = canonical(span) else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = String(parts[1])
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }) else { return false }
        let tld = labels.last!
        guard tld.count >= 2, tld.utf8.allSatisfy(isLetter) else { return false }
        if reservedDomains.contains(domain) || reservedDomains.contains(labels.suffix(2).joined(separator: ".")) { return false }
        return !reservedSuffixes.contains(where: { domain.hasSuffix($0) })
    }

    /// `j.smith (at) outlook dot com` → `j.smith@outlook.com`; nil if the span
    /// has no at-sign in any form.
    static func canonical(_ span: UnsafeRawBufferPointer) -> String? {
        var text = String(decoding: span, as: UTF8.self).lowercased()
        // A plain address (the usual case) has nothing to rewrite.
        if text.utf8.contains(0x40) && !text.utf8.contains(where: { $0 == 0x20 || $0 == 0x28 || $0 == 0x5B || $0 == 0x7B }) {
            return text
        }
        for (pattern, replacement) in [("(at)", "@"), ("[at]", "@"), ("{at}", "@"), ("(dot)", "."), ("[dot]", "."), ("{dot}", "."),
                                       (" at ", "@"), (" dot ", ".")] {
            text = text.replacingOccurrences(of: pattern, with: replacement)
        }
        text.removeAll(where: { $0 == " " })
        return text.contains("@") ? text : nil
    }
}
