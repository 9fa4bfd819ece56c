/// Finds the pieces of a contact detail that people split over several
/// short messages (`my number:` / `+1 415` / `555 0199`, `john.keller` /
/// `@gmail.com`), so the conversation stage can join them. Only short
/// messages are looked at, and only their ends: a piece is what a message
/// ends with (or begins with, for the second half of an address).
///
/// Threading: stateless.
public enum ContactFragmentDetector {
    public enum Kind: UInt8, Sendable {
        /// Only a cue ("my number:", "my email is"): what follows is the detail.
        case cue
        /// Digits with the separators people type between them.
        case digits
        /// The start of an address: `john.keller@`, `maria@gmail`, or a bare
        /// local part after an email cue.
        case emailHead
        /// The end of an address: `@gmail.com`, or a bare domain.
        case emailTail
    }

    public struct Piece: Sendable, Equatable {
        public var kind: Kind
        /// Byte range of the piece in the message's normalised text.
        public var range: Range<Int>
        /// The message names a phone or messenger number ("number", "call",
        /// "whatsapp") or an email ("email", "mail").
        public var phoneCue: Bool
        public var emailCue: Bool
    }

    /// Messages longer than this are sentences, not pieces of a detail.
    public static let maxMessageBytes = 72

    public static func detect(_ text: UnsafeRawBufferPointer) -> Piece? {
        guard text.count <= maxMessageBytes, text.count > 0 else { return nil }
        var end = text.count
        while end > 0, isTrailingPunctuation(text[end - 1]) { end -= 1 }
        guard end > 0 else { return nil }
        // Cue words are looked up only once a piece's shape is there: most
        // short messages ("thanks!", "ok, Friday") have none.
        var cueFlags: Int8?
        func flags() -> Int8 {
            let flags = cueFlags ?? wordFlags(text, end: end)
            cueFlags = flags
            return flags
        }
        func cues() -> (phone: Bool, email: Bool) { (flags() & phoneFlag != 0, flags() & emailFlag != 0) }
        /// "rest is", "and then", "last digits", "first part:": a short lead
        /// that says this message carries on a detail, not a count or a price.
        func continues(before start: Int) -> Bool {
            start <= maxContinuationLead && flags() & continuationFlag != 0
        }

        if let digits = trailingDigits(text, end: end) {
            let prefixHasContent = text[..<digits.lowerBound].contains { isAlnum($0) }
            if !prefixHasContent || cues().phone || continues(before: digits.lowerBound) {
                let (phone, email) = prefixHasContent ? cues() : (false, false)
                return Piece(kind: .digits, range: digits, phoneCue: phone, emailCue: email)
            }
        }
        if let tail = leadingEmailTail(text, end: end) {
            return Piece(kind: .emailTail, range: tail, phoneCue: false, emailCue: false)
        }
        if let tail = trailingEmailTail(text, end: end), continues(before: tail.lowerBound) {
            return Piece(kind: .emailTail, range: tail, phoneCue: false, emailCue: false)
        }
        if let head = trailingEmailHead(text, end: end, emailCue: { cues().email }) {
            let (phone, email) = cues()
            return Piece(kind: .emailHead, range: head, phoneCue: phone, emailCue: email)
        }
        if text[end - 1] == 0x3A || (end <= 40 && endsLikeACue(text, end: end)) {
            let (phone, email) = cues()
            if phone || email { return Piece(kind: .cue, range: 0..<end, phoneCue: phone, emailCue: email) }
        }
        return nil
    }

    /// `…: +1 (415) 555` → the run of digits and separators at the end, with
    /// at least three digits (or a `+` and a calling code).
    static func trailingDigits(_ text: UnsafeRawBufferPointer, end: Int) -> Range<Int>? {
        var start = end
        var digitCount = 0
        while start > 0 {
            let c = text[start - 1]
            if isDigit(c) { digitCount += 1 } else if !isPhoneSeparator(c) { break }
            start -= 1
        }
        // Leading separators belong to the words before, except `+` and `(`.
        while start < end, text[start] != 0x2B, text[start] != 0x28, !isDigit(text[start]) { start += 1 }
        guard start < end, isDigit(text[end - 1]) else { return nil }
        guard digitCount >= 3 || (text[start] == 0x2B && digitCount >= 1) else { return nil }
        if start > 0 {
            let before = text[start - 1]
            // `v2`, `x100`, `$150`, `#123`: a version, a size, a price, an id.
            if isAlnum(before) || before == 0x24 || before == 0x23 || before == 0xA3 || before == 0xAC { return nil }
        }
        return start..<end
    }

    /// The last word, when it is the first half of an address.
    static func trailingEmailHead(_ text: UnsafeRawBufferPointer, end: Int, emailCue: () -> Bool) -> Range<Int>? {
        var start = end
        while start > 0, isAddressByte(text[start - 1]) || text[start - 1] == 0x40 { start -= 1 }
        guard start < end, start == 0 || text[start - 1] == 0x20 || text[start - 1] == 0x3A else { return nil }
        let word = UnsafeRawBufferPointer(rebasing: text[start..<end])
        guard word.contains(where: isLetter), word.first != 0x40 else { return nil }
        let ats = word.filter { $0 == 0x40 }.count
        if ats == 1 {
            // `john.keller@`, or `maria@gmail` with the suffix still to come.
            if word.last == 0x40 { return start..<end }
            let domain = word[(word.firstIndex(of: 0x40)! + 1)...]
            return domain.contains(0x2E) ? nil : start..<end
        }
        // A bare local part: after an email cue, or shaped like one
        // (`john.keller`, `ana_silva`), waiting for an `@domain` message.
        let shaped = word.contains(0x2E) || word.contains(0x5F)
        return ats == 0 && word.count >= 3 && (shaped || emailCue()) ? start..<end : nil
    }

    /// A message that starts with `@domain.tld`, or is only `domain.tld` or
    /// `rest@domain.tld` (the second half of `maria.r` / `ossi@outlook.com`).
    static func leadingEmailTail(_ text: UnsafeRawBufferPointer, end: Int) -> Range<Int>? {
        // `...@gmail.com`: dots that mark a continuation are not the address.
        var begin = 0
        while begin < end, text[begin] == 0x2E { begin += 1 }
        var stop = begin
        var ats = 0
        while stop < end, isAddressByte(text[stop]) || (text[stop] == 0x40 && ats == 0) {
            if text[stop] == 0x40 { ats += 1 }
            stop += 1
        }
        guard stop - begin > 2 else { return nil }
        let word = UnsafeRawBufferPointer(rebasing: text[begin..<stop])
        guard word.dropFirst().contains(0x2E), let last = word.last, isLetter(last) else { return nil }
        if word.first == 0x40 { return begin..<stop }
        return stop == end && begin == 0 ? begin..<stop : nil
    }

    /// `and the domain is @studio.net`: the message's last word is `@` and
    /// a domain (the continuation lead is checked by the caller).
    static func trailingEmailTail(_ text: UnsafeRawBufferPointer, end: Int) -> Range<Int>? {
        var start = end
        while start > 0, isAddressByte(text[start - 1]) { start -= 1 }
        guard start > 1, text[start - 1] == 0x40, text[start - 2] == 0x20 else { return nil }
        let domain = UnsafeRawBufferPointer(rebasing: text[start..<end])
        guard domain.count > 2, domain.dropFirst().contains(0x2E), let last = domain.last, isLetter(last) else { return nil }
        return (start - 1)..<end
    }

    static func endsLikeACue(_ text: UnsafeRawBufferPointer, end: Int) -> Bool {
        var start = end
        while start > 0, isLetter(text[start - 1]) { start -= 1 }
        return cueWords.value(text.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, count: end - start) > 0
    }

    /// The union of the cue flags of the words before `end`.
    static func wordFlags(_ text: UnsafeRawBufferPointer, end: Int) -> Int8 {
        let base = text.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var flags: Int8 = 0
        var i = 0
        while i < end {
            guard isLetter(text[i]) else { i += 1; continue }
            let start = i
            while i < end, isLetter(text[i]) { i += 1 }
            let value = cueWords.value(base + start, count: i - start)
            if value > 0 { flags |= value }
        }
        return flags & (phoneFlag | emailFlag | continuationFlag)
    }

    @inline(__always) static func isTrailingPunctuation(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x21 || c == 0x2C || c == 0x3B || c == 0x3F || c == 0x2E
    }

    @inline(__always) static func isPhoneSeparator(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x2B || c == 0x2D || c == 0x2E || c == 0x28 || c == 0x29 || c == 0x2F
    }

    @inline(__always) static func isAddressByte(_ c: UInt8) -> Bool {
        isAlnum(c) || c == 0x2E || c == 0x5F || c == 0x2D || c == 0x2B || c == 0x25
    }

    static let phoneFlag: Int8 = 1, emailFlag: Int8 = 2, lastWordFlag: Int8 = 4, continuationFlag: Int8 = 8

    /// A continuation lead is at most this many bytes: "the rest of it is".
    static let maxContinuationLead = 24

    /// Cue words (normalised: lower case, accents off; up to 8 letters):
    /// words that say a number or an address follows, and how a cue-only
    /// message ends ("my number is", "text me at", "reach me on").
    static let cueWords: ShortWordTable = {
        var flags: [String: Int8] = [:]
        for word in ["number", "num", "phone", "tel", "cell", "mobile", "whatsapp", "wa", "wapp", "zap", "call", "text", "sms",
                     "telegram", "signal", "viber", "contact", "reach", "numero", "nummer", "telefono", "telefone", "celular",
                     "movil", "handy", "portable", "telefon"] {
            flags[word, default: 0] |= phoneFlag
        }
        for word in ["email", "mail", "gmail", "correo", "courriel", "endereco"] { flags[word, default: 0] |= emailFlag }
        for word in ["is", "at", "on", "es", "e", "ist", "est", "here", "below"] { flags[word, default: 0] |= lastWordFlag }
        // Words that carry a detail on from the message before ("rest is
        // 50142", "last digits 0199", "first part: +1 646", "and the domain
        // is @…"), in the languages the cue words cover.
        for word in ["then", "rest", "digits", "part", "first", "last", "next", "half", "second", "domain", "ends", "starts",
                     "resto", "luego", "despues", "depois", "final", "dann", "reste", "puis", "ensuite", "sisa", "lalu",
                     "ultimos", "primeiro", "primero", "letzten", "derniers"] {
            flags[word, default: 0] |= continuationFlag
        }
        return ShortWordTable(flags.map { ($0.key, $0.value) })
    }()
}
