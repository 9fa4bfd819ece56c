/// Windows and bounds of the conversation stage.
public struct ConversationOptions: Sendable {
    /// A detail split over messages is joined only within this many
    /// consecutive messages of the conversation (the cue included)…
    public var joinMessages: Int
    /// …and this many seconds from its first piece to its last.
    public var joinSeconds: Int
    /// A detail answers the other party's request only this many messages
    /// and seconds after it.
    public var answerMessages: Int
    public var answerSeconds: Int
    /// Conversations kept in memory; beyond it the least recently active
    /// are forgotten, so memory stays flat over millions of conversations.
    public var maxConversations: Int

    public init(joinMessages: Int = 4, joinSeconds: Int = 600, answerMessages: Int = 20, answerSeconds: Int = 172_800,
                maxConversations: Int = 200_000) {
        self.joinMessages = max(2, joinMessages)
        self.joinSeconds = max(1, joinSeconds)
        self.answerMessages = max(1, answerMessages)
        self.answerSeconds = max(1, answerSeconds)
        self.maxConversations = max(16, maxConversations)
    }
}
