import Foundation

/// What the app answers to an inbound message, where the provider acts on webhook answers
/// (Wasup sends `reply` as a message and `skip` suppresses its own automation).
public enum WebhookReply: Hashable, Sendable {
    /// Send this text back to the chat.
    case reply(String)
    /// Do nothing more for this message.
    case skip
}

/// The HTTP answer to give the provider for one delivery, and what the delivery held.
public struct WebhookAnswer: Sendable {
    /// The status to answer: 200 accepted (duplicates included), 400 not a delivery,
    /// 401 not authentic, 404 unknown provider endpoint, 500 could not be recorded (the provider
    /// should retry).
    public var status: Int
    /// The body to answer.
    public var body: Data
    /// Its media type.
    public var contentType: String
    /// The new events recorded in the inbox (duplicates are not).
    public var events: [InboundEvent]
    /// How many events were dropped as duplicates.
    public var duplicates: Int
    /// Why the delivery was refused, for non-2xx answers.
    public var error: SwitchboardError?

    /// Creates an answer.
    public init(status: Int, body: Data = Data("{}".utf8), contentType: String = "application/json",
                events: [InboundEvent] = [], duplicates: Int = 0, error: SwitchboardError? = nil) {
        self.status = status
        self.body = body
        self.contentType = contentType
        self.events = events
        self.duplicates = duplicates
        self.error = error
    }

    package static func refused(_ status: Int, _ error: SwitchboardError) -> WebhookAnswer {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": error.message])) ?? Data()
        return WebhookAnswer(status: status, body: body, error: error)
    }
}
