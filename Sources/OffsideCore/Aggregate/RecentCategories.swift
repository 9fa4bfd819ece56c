/// The categories found in the last two messages of a conversation that had
/// any finding, so a reply rule (`follows:`) can ask what came just before.
///
/// Threading: a value owned by one conversation's state.
struct RecentCategories: Equatable {
    struct Message: Equatable {
        /// The message's place in its conversation (`State.messageCount`).
        var message: Int
        var millis: Int64
        /// Bit `Category.ordinal` set for each category found in it.
        var mask: UInt16
    }

    /// A place no reply can reach, for "nothing yet".
    static let none = Message(message: Int.min / 2, millis: .min, mask: 0)

    var last = RecentCategories.none
    var prior = RecentCategories.none

    var isEmpty: Bool { last.mask == 0 && prior.mask == 0 }

    static func mask(_ categories: some Sequence<Category>) -> UInt16 {
        categories.reduce(0) { $0 | 1 << $1.ordinal }
    }

    /// Notes a finding of `category` in message `message` (never earlier
    /// than the prior one kept).
    mutating func note(_ category: Category, message: Int, millis: Int64) {
        let bit: UInt16 = 1 << category.ordinal
        if message == last.message {
            last.mask |= bit
        } else if message > last.message {
            prior = last
            last = Message(message: message, millis: millis, mask: bit)
        } else if message == prior.message {
            prior.mask |= bit
        } else if message > prior.message {
            prior = Message(message: message, millis: millis, mask: bit)
        }
    }

    /// Whether one of the `window` messages before `message` had a finding
    /// in `mask`, at most `seconds` before `millis` when both times are known.
    func precede(_ message: Int, millis: Int64, mask: UInt16, window: Int, seconds: Int) -> Bool {
        func reaches(_ earlier: Message) -> Bool {
            earlier.mask & mask != 0 && earlier.message < message && message - earlier.message <= window
                && (millis == .min || earlier.millis == .min || millis - earlier.millis <= Int64(seconds) * 1000)
        }
        return reaches(last) || reaches(prior)
    }
}
