/// Hides contact and account details in evidence so that reports can be
/// shared inside Trust & Safety without spreading them: `j***@g****.com`,
/// `+1 ***-***-0199`, `t.me/s*******`. Phrases without personal data ("pay
/// outside the platform") are shown as written.
///
/// Threading: stateless; safe from any thread.
public enum Redactor {
    public static func redact(_ evidence: String, category: Category) -> String {
        switch category {
        case .contactEmail, .contactPhone, .contactURL, .contactMessenger, .paymentMethod, .scamPersonalInfo: break
        default: return evidence
        }
        // Nearly all evidence is ASCII: the same rules on bytes. The
        // Character path took 7% of a one-thread scan's samples (grapheme
        // breaking and numeric-property lookups per finding).
        var utf8 = evidence
        switch utf8.withUTF8({ redactASCII($0, category: category) }) {
        case .unchanged: return evidence
        case .redacted(let text): return text
        case .notASCII: return redactCharacters(evidence, category: category)
        }
    }

    enum ASCIIRedaction: Equatable {
        case unchanged, redacted(String), notASCII
    }

    /// `redact` for ASCII text without a carriage return (CR LF is one
    /// Character, two bytes), byte for byte the same result.
    static func redactASCII(_ u: UnsafeBufferPointer<UInt8>, category: Category) -> ASCIIRedaction {
        var marked = false, digits = 0, letters = 0
        for c in u {
            if c >= 0x80 || c == 0x0D { return .notASCII }
            if isDigit(c) { digits += 1 } else if isLetter(c) { letters += 1 }
            if c == UInt8(ascii: "@") || c == UInt8(ascii: "/") || c == UInt8(ascii: ":") { marked = true }
        }
        switch category {
        case .contactEmail, .contactPhone, .contactURL: break
        default: guard marked || digits > 0 else { return .unchanged }
        }
        if let at = u.firstIndex(of: UInt8(ascii: "@")), at > 0, u[at...].contains(UInt8(ascii: ".")) {
            return .redacted(redactEmailASCII(u, at: at))
        }
        if digits >= 7 && letters <= 4 { return .redacted(redactDigitsASCII(u)) }
        return .redacted(redactHandleASCII(u))
    }

    private static func redactEmailASCII(_ u: UnsafeBufferPointer<UInt8>, at: Int) -> String {
        var localStart = at
        while localStart > 0, isAddressByte(u[localStart - 1]) { localStart -= 1 }
        var domainEnd = at + 1
        while domainEnd < u.count, isAddressByte(u[domainEnd]) { domainEnd += 1 }
        let lastDot = u[(at + 1)..<domainEnd].lastIndex(of: UInt8(ascii: ".")) ?? domainEnd
        var out: [UInt8] = []
        out.reserveCapacity(u.count + 8)
        out.append(contentsOf: u[..<localStart])
        if localStart < at { out.append(u[localStart]) }
        // Byte by byte: appending a literal's `utf8` view here cost more
        // than the rest of the redaction.
        for _ in 0..<3 { out.append(UInt8(ascii: "*")) }
        out.append(UInt8(ascii: "@"))
        let hostLength = lastDot - (at + 1)
        if hostLength > 0 { out.append(u[at + 1]) }
        for _ in 0..<max(3, hostLength - 1) { out.append(UInt8(ascii: "*")) }
        out.append(contentsOf: u[lastDot...])
        return String(decoding: out, as: UTF8.self)
    }

    private static func isAddressByte(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: "%")
    }

    private static func redactDigitsASCII(_ u: UnsafeBufferPointer<UInt8>) -> String {
        // Digits from the fourth-last on are kept, and a country code of up
        // to three digits right after the first `+` when more text follows.
        var firstKept = u.count, seen = 0
        for i in u.indices.reversed() where isDigit(u[i]) {
            seen += 1
            firstKept = i
            if seen == 4 { break }
        }
        var code = 0..<0
        if let plus = u.firstIndex(of: UInt8(ascii: "+")) {
            var i = plus + 1
            while i < u.count, isDigit(u[i]) { i += 1 }
            if i - (plus + 1) <= 3 && i < u.count { code = (plus + 1)..<i }
        }
        var out = Array(u)
        for i in out.indices where isDigit(out[i]) && i < firstKept && !code.contains(i) { out[i] = UInt8(ascii: "*") }
        return String(decoding: out, as: UTF8.self)
    }

    private static func redactHandleASCII(_ u: UnsafeBufferPointer<UInt8>) -> String {
        let cut = (u.lastIndex { c in
            c == UInt8(ascii: "/") || c == UInt8(ascii: ":") || c == UInt8(ascii: "@") || c == UInt8(ascii: " ")
                || c == UInt8(ascii: "#") || c == UInt8(ascii: "$")
        }.map { $0 + 1 }) ?? 0
        guard cut < u.count else { return String(decoding: u, as: UTF8.self) }
        var out = Array(u[...cut])
        for _ in 0..<max(3, u.count - cut - 1) { out.append(UInt8(ascii: "*")) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `redact` by characters, for evidence with non-ASCII text.
    static func redactCharacters(_ evidence: String, category: Category) -> String {
        let sensitive: Bool
        switch category {
        case .contactEmail, .contactPhone, .contactURL, .contactMessenger, .paymentMethod, .scamPersonalInfo:
            sensitive = evidence.contains(where: { $0.isNumber || $0 == "@" || $0 == "/" || $0 == ":" })
                || category == .contactEmail || category == .contactPhone || category == .contactURL
        default:
            sensitive = false
        }
        guard sensitive else { return evidence }
        if let at = emailAt(evidence) { return redactEmail(evidence, at: at) }
        let digitCount = evidence.reduce(0) { $0 + ($1.isASCII && $1.isNumber ? 1 : 0) }
        if digitCount >= 7 && evidence.filter({ $0.isLetter }).count <= 4 { return redactDigits(evidence) }
        return redactHandle(evidence)
    }

    private static func emailAt(_ text: String) -> String.Index? {
        guard let at = text.firstIndex(of: "@"), text[at...].contains("."), at > text.startIndex else { return nil }
        return at
    }

    /// `john.smith@gmail.com` → `j***@g****.com`.
    static func redactEmail(_ text: String, at: String.Index) -> String {
        var localStart = at
        while localStart > text.startIndex, isAddressCharacter(text[text.index(before: localStart)]) {
            localStart = text.index(before: localStart)
        }
        let local = text[localStart..<at]
        let afterAt = text.index(after: at)
        var domainEnd = afterAt
        while domainEnd < text.endIndex, isAddressCharacter(text[domainEnd]) { domainEnd = text.index(after: domainEnd) }
        let domain = text[afterAt..<domainEnd]
        let lastDot = domain.lastIndex(of: ".") ?? domain.endIndex
        let host = domain[domain.startIndex..<lastDot]
        let tld = domain[lastDot...]
        let maskedLocal = local.prefix(1) + "***"
        let maskedHost = host.prefix(1) + String(repeating: "*", count: max(3, host.count - 1))
        return String(text[..<localStart]) + maskedLocal + "@" + maskedHost + tld + String(text[domainEnd...])
    }

    private static func isAddressCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "." || c == "_" || c == "-" || c == "+" || c == "%"
    }

    /// Every digit but the last four becomes `*`; a leading `+` and country
    /// code of up to three digits stay: `+1 415 555 0199` → `+1 *** *** 0199`.
    static func redactDigits(_ text: String) -> String {
        let characters = Array(text)
        let digitPositions = characters.indices.filter { characters[$0].isASCII && characters[$0].isNumber }
        var keep = Set(digitPositions.suffix(4))
        if let plus = characters.firstIndex(of: "+") {
            var i = plus + 1
            var code: [Int] = []
            while i < characters.count, characters[i].isNumber { code.append(i); i += 1 }
            if code.count <= 3 && i < characters.count { keep.formUnion(code) }
        }
        return String(characters.indices.map { index -> Character in
            characters[index].isASCII && characters[index].isNumber && !keep.contains(index) ? "*" : characters[index]
        })
    }

    /// Keeps what leads up to the handle (`t.me/`, `skype: `) and the handle's
    /// first character.
    static func redactHandle(_ text: String) -> String {
        let characters = Array(text)
        let delimiters: Set<Character> = ["/", ":", "@", " ", "#", "$"]
        let cut = (characters.lastIndex(where: { delimiters.contains($0) }).map { $0 + 1 }) ?? 0
        guard cut < characters.count else { return text }
        let handle = characters[cut...]
        return String(characters[..<cut]) + String(handle.prefix(1)) + String(repeating: "*", count: max(3, handle.count - 1))
    }

    /// Hides details in the text around a finding, where other addresses,
    /// numbers or handles may sit unflagged: every word with an `@`, a link
    /// (a `/` after a dotted host), or four or more digits keeps its first
    /// character, and
    /// digit runs split by spaces or dashes (`415 555 0199`) keep their last
    /// two digits.
    public static func scrub(_ text: String) -> String {
        // Nearly every excerpt is ASCII: the same rules on bytes, without
        // grapheme and Unicode-property lookups (a report's excerpts took a
        // second of one core on the Character path).
        var text = text
        if let scrubbed = text.withUTF8({ scrubASCII($0) }) { return scrubbed }
        return scrubCharacters(text)
    }

    /// `scrub` for ASCII text, byte for byte the same result; nil when the
    /// text is not ASCII.
    static func scrubASCII(_ utf8: UnsafeBufferPointer<UInt8>) -> String? {
        var needed = false
        for c in utf8 {
            if c >= 0x80 { return nil }
            if isDigit(c) || c == UInt8(ascii: "@") || c == UInt8(ascii: "/") { needed = true }
        }
        guard needed else { return String(decoding: utf8, as: UTF8.self) }
        var out = Array(utf8)
        // Words: masked after their first byte when they hold an `@`, a link
        // or four or more digits.
        var start = 0
        while start <= out.count {
            var end = start
            while end < out.count && out[end] != 0x20 { end += 1 }
            var digits = 0, at = false, slash = -1, dotBeforeSlash = false
            for k in start..<end {
                let c = out[k]
                if isDigit(c) { digits += 1 }
                if c == UInt8(ascii: "@") { at = true }
                if c == UInt8(ascii: "/") && slash < 0 { slash = k }
                if c == UInt8(ascii: ".") && slash < 0 { dotBeforeSlash = true }
            }
            if at || (slash >= 0 && dotBeforeSlash) || digits >= 4 {
                for k in (start + 1)..<max(start + 1, end) where isAlnum(out[k]) { out[k] = UInt8(ascii: "*") }
            }
            start = end + 1
        }
        // Digit groups spread over several words keep their last two digits.
        var i = 0
        while i < out.count {
            guard isDigit(out[i]) else { i += 1; continue }
            var j = i
            var digitIndices: [Int] = []
            while j < out.count {
                let c = out[j]
                guard isDigit(c) || c == 0x20 || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "(")
                    || c == UInt8(ascii: ")") || c == UInt8(ascii: "*") else { break }
                if isDigit(c) { digitIndices.append(j) }
                j += 1
            }
            if digitIndices.count >= 5 { for k in digitIndices.dropLast(2) { out[k] = UInt8(ascii: "*") } }
            i = j
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `scrub` by characters, for text with non-ASCII letters and digits.
    static func scrubCharacters(_ text: String) -> String {
        guard text.contains(where: { $0.isNumber || $0 == "@" || $0 == "/" }) else { return text }
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let digits = word.filter { $0.isASCII && $0.isNumber }.count
            let link = word.firstIndex(of: "/").map { word[..<$0].contains(".") } ?? false
            guard word.contains("@") || link || digits >= 4 else { return String(word) }
            return String(word.prefix(1)) + String(word.dropFirst().map { $0.isLetter || $0.isNumber ? "*" : $0 })
        }.joined(separator: " ")
        // Digit groups spread over several words.
        var characters = Array(words)
        var i = 0
        while i < characters.count {
            guard characters[i].isASCII && characters[i].isNumber else { i += 1; continue }
            var j = i
            var digitIndices: [Int] = []
            while j < characters.count, characters[j].isNumber || " -.()".contains(characters[j]) || characters[j] == "*" {
                if characters[j].isASCII && characters[j].isNumber { digitIndices.append(j) }
                j += 1
            }
            if digitIndices.count >= 5 { for k in digitIndices.dropLast(2) { characters[k] = "*" } }
            i = j
        }
        words = String(characters)
        return words
    }
}
