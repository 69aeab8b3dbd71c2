/// What a send produced.
public struct SentMessage: Hashable, Sendable, Codable {
    /// The configured provider name that sent it.
    public var provider: String
    /// The instance that sent it.
    public var instance: String
    /// The provider's message id, where its API returns one.
    public var id: MessageID?
    /// What was sent differently from what was asked (only when the message allowed degradation),
    /// for example "buttons sent as a numbered text list". `nil` when sent as asked.
    public var degradation: String?

    /// Creates a result.
    public init(provider: String, instance: String, id: MessageID?, degradation: String? = nil) {
        self.provider = provider
        self.instance = instance
        self.id = id
        self.degradation = degradation
    }
}
