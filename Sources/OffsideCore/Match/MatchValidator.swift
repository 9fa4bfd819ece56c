/// Confirms or rejects a pattern match with checks a regex cannot make:
/// checksums, lengths, public suffixes, and the text around the match (a
/// price, a date, an invoice number is not a phone number).
///
/// Threading: immutable; shared by all workers.
public struct MatchValidator: Sendable {
    public let urls: URLValidator

    public init(urls: URLValidator) {
        self.urls = urls
    }

    /// Where a match sits: in the message's normalised text (what the
    /// patterns saw) and in its original text (case-sensitive checksums).
    public struct Site {
        public var normalized: UnsafeRawBufferPointer
        public var local: Range<Int>
        public var original: UnsafeRawBufferPointer
        public var range: Range<Int>

        public init(normalized: UnsafeRawBufferPointer, local: Range<Int>, original: UnsafeRawBufferPointer, range: Range<Int>) {
            self.normalized = normalized
            self.local = local
            self.original = original
            self.range = range
        }

        var matched: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: normalized[local]) }
        var matchedOriginal: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: original[range]) }
    }

    /// Whether a number's original text disguises it: letters in it, or any
    /// difference from the matched text other than a typographic separator
    /// (an en dash, a bullet, a no-break space) folded to its ASCII one.
    /// `08.00–21.00` is written plainly, however the dash was typed, and
    /// keeps the amount, time and version checks that spelled digits skip.
    static func isWrittenApart(original: UnsafeRawBufferPointer, matched: UnsafeRawBufferPointer) -> Bool {
        var i = 0, j = 0
        while i < original.count {
            let c = original[i]
            if isLetter(c) { return true }
            if j < matched.count && c == matched[j] {
                i += 1; j += 1
            } else if c >= 0xC0, j < matched.count, matched[j] == UInt8(ascii: "-") || matched[j] == UInt8(ascii: ".") || matched[j] == 0x20 {
                i += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2  // the whole separator scalar
                j += 1
            } else {
                return true
            }
        }
        return j != matched.count
    }

    public func accepts(_ kind: ValidatorKind, _ site: Site) -> Bool {
        switch kind {
        case .none: return true
        case .email: return EmailValidator.accepts(site.matched)
        case .phone:
            // Written to be read as a number (spelled, spaced, keycaps): the
            // original differs from what the pattern matched.
            let spelledOut = Self.isWrittenApart(original: site.matchedOriginal, matched: site.matched)
            return PhoneValidator.accepts(text: site.normalized, range: site.local, spelledOut: spelledOut)
        case .iban: return ChecksumValidators.iban(site.matched)
        case .card: return ChecksumValidators.luhnCard(site.matched)
        case .btc: return CryptoAddressValidators.bitcoin(site.matchedOriginal)
        case .eth: return CryptoAddressValidators.ethereum(site.matchedOriginal)
        case .tron: return CryptoAddressValidators.tron(site.matchedOriginal)
        case .url: return urls.accepts(site.matched)
        case .payRate: return PayRateValidator.accepts(text: site.normalized, range: site.local)
        }
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
@inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
@inline(__always) func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) }

/// Email addresses (the normaliser has already turned `(at)`/`dot` words into
/// `@` and `.`): a local part and a domain whose ending is a public suffix
/// from the Public Suffix List with a registrable name before it, so
/// `logo@2x.png`, `lodash@4.17.21` and `user@localhost` are not addresses.
enum EmailValidator {
    /// Names reserved for documentation and tests (RFC 2606, RFC 6761), the
    /// placeholder domains people type in examples, and the domain payment
    /// sandboxes give their generated test users (Mercado Pago's
    /// `test_user_123@testuser.com`), which no person reads mail at.
    static let reservedDomains: Set<String> = ["example.com", "example.org", "example.net", "email.com", "domain.com",
                                               "yourdomain.com", "company.com", "mail.com.example", "test.com",
                                               "testuser.com"]

    static func accepts(_ span: UnsafeRawBufferPointer) -> Bool {
        let address = String(decoding: span, as: UTF8.self).lowercased()
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = String(parts[1]).trimmingTrailingDots()
        guard domain.count <= 253, let registrable = PublicSuffixList.shared.registrableDomain(domain) else { return false }
        // A one-letter registrable name is almost never a mailbox host and
        // is what leet brand words leave behind (`payp@l.me`).
        guard let name = registrable.split(separator: ".").first, name.count >= 2 else { return false }
        return !reservedDomains.contains(registrable)
    }
}

extension String {
    func trimmingTrailingDots() -> String {
        var s = Substring(self)
        while s.hasSuffix(".") { s = s.dropLast() }
        return String(s)
    }
}
