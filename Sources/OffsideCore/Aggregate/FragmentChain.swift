/// Consecutive pieces of one contact detail from one sender (`my number:` /
/// `+1 415` / `555 0199`), and the longest prefix of them that validates as a
/// phone number or an email address. The chain is judged when it closes, so
/// `+44 7700` / `900` / `123` is not cut short at a shorter number that
/// happens to fit some country's plan.
///
/// Threading: a value owned by one conversation's state.
struct FragmentChain {
    enum Shape { case phone, email, undecided }

    private(set) var pieces: [ContactFragment] = []
    private(set) var shape: Shape = .undecided
    /// How many leading pieces make the longest valid detail, and what it is.
    private(set) var validCount = 0
    private(set) var validCategory: Category?
    var isValidThroughLastPiece: Bool { validCount == pieces.count }
    let senderKey: UInt64
    let startMillis: Int64
    let startMessage: Int

    init?(_ first: ContactFragment, senderKey: UInt64, millis: Int64, message: Int) {
        guard first.kind != .emailTail, !first.ownDetail else { return nil }
        self.senderKey = senderKey
        self.startMillis = millis
        self.startMessage = message
        pieces = [first]
        shape = Self.shape(of: first.kind)
    }

    private static func shape(of kind: ContactFragmentDetector.Kind) -> Shape {
        switch kind {
        case .cue: return .undecided
        case .digits: return .phone
        case .emailHead, .emailTail: return .email
        }
    }

    /// Adds the next piece if it can continue this detail.
    mutating func append(_ piece: ContactFragment) -> Bool {
        let pieceShape = Self.shape(of: piece.kind)
        guard piece.kind != .cue, shape == .undecided || pieceShape == shape else { return false }
        if shape == .undecided && piece.kind == .emailTail { return false }
        if pieceShape == .email {
            // An address is one head then one tail.
            let hasHead = pieces.contains { $0.kind == .emailHead }
            guard (piece.kind == .emailHead && !hasHead) || (piece.kind == .emailTail && hasHead) else { return false }
        }
        shape = pieceShape
        pieces.append(piece)
        evaluate()
        return true
    }

    private mutating func evaluate() {
        let detailPieces = pieces.filter { $0.kind != .cue }
        guard detailPieces.count >= 2 else { return }
        switch shape {
        case .phone:
            let joined = detailPieces.map(\.normalized).joined(separator: " ")
            let cue = pieces.contains { $0.phoneCue }
            guard cue || joined.hasPrefix("+") else { return }
            var bytes = Array(joined.utf8)
            let ok = bytes.withUnsafeMutableBytes { PhoneValidator.accepts(text: UnsafeRawBufferPointer($0), range: 0..<$0.count) }
            if ok { validCount = pieces.count; validCategory = .contactPhone }
        case .email:
            guard let address = Self.address(detailPieces) else { return }
            var bytes = Array(address.utf8)
            if bytes.withUnsafeMutableBytes({ EmailValidator.accepts(UnsafeRawBufferPointer($0)) }) {
                validCount = pieces.count
                validCategory = .contactEmail
            }
        case .undecided:
            return
        }
    }

    /// `john.keller` + `@gmail.com`, `john.keller@` + `gmail.com`,
    /// `maria@gmail` + `.com`-less tails are joined without a space; two
    /// halves with no `@` between them are not an address.
    static func address(_ pieces: [ContactFragment]) -> String? {
        guard pieces.count == 2 else { return nil }
        let head = pieces[0].normalized, tail = pieces[1].normalized
        let joined = head + tail
        return joined.filter { $0 == "@" }.count == 1 ? joined : nil
    }

    /// The joined finding, when the chain holds a valid detail over two or
    /// more messages. `severity` is the pack's for the category.
    func finding(severity: Int) -> Finding? {
        guard validCount >= 2, let category = validCategory else { return nil }
        let used = Array(pieces.prefix(validCount))
        let details = used.filter { $0.kind != .cue }
        // Named by the message that completes the detail, as a reader would
        // label it; `message_ids` lists every piece, the cue included.
        guard let last = details.last else { return nil }
        var finding = last.message
        finding.rule = category == .contactPhone ? "contact.phone.split" : "contact.email.split"
        finding.category = category
        finding.severity = severity
        finding.start = last.start
        finding.end = last.end
        finding.evidence = details.map(\.original).joined(separator: category == .contactPhone ? " " : "")
        // The pieces as written, one per message.
        finding.excerpt = details.map(\.original).joined(separator: " / ")
        finding.excerptStart = last.start
        finding.messageIDs = used.map(\.message.messageID)
        return finding
    }
}
