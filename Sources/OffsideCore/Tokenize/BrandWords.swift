/// Names of messengers, mail services and payment apps, for the two folds
/// that must know a word to decide: an `@` read as `a` (`wh@tsapp`) and a
/// one-letter word kept apart from a spaced run (`t e l e g r a m y` is
/// "telegram y", Spanish "and").
///
/// Threading: immutable; shared.
enum BrandWords {
    static let all: [[UInt8]] = [
        "whatsapp", "whatsap", "watsapp", "whats", "wasap", "wassap", "telegram", "skype", "signal", "viber", "wechat",
        "discord", "snapchat", "instagram", "insta", "facebook", "messenger", "gmail", "hotmail", "outlook", "yahoo",
        "email", "mail", "paypal", "venmo", "zelle", "cashapp", "revolut", "payoneer", "skrill", "binance", "kakao",
    ].map { Array($0.utf8) }

    /// Whether the `count` bytes read by `byte(k)` spell a brand, ASCII
    /// letters compared in lower case; `@` may stand for `a` when `atIsA`.
    @inline(__always)
    static func spell(count: Int, atIsA: Bool = false, _ byte: (Int) -> UInt8) -> Bool {
        all.contains { brand in
            guard brand.count == count else { return false }
            for k in 0..<count {
                var c = byte(k)
                if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                if c != brand[k] && !(atIsA && c == UInt8(ascii: "@") && brand[k] == UInt8(ascii: "a")) { return false }
            }
            return true
        }
    }
}
