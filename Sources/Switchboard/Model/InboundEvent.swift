import Foundation

/// One thing that happened on an instance, reported by its provider's webhook, in neutral form.
public struct InboundEvent: Hashable, Sendable, Codable {
    /// The configured provider name that delivered it.
    public var provider: String
    /// The instance it happened on.
    public var instance: String
    /// A stable id for deduplication: the provider's event id, or a hash of the delivery.
    public var id: String
    /// When it happened, by the provider's clock.
    public var timestamp: Date?
    /// What happened.
    public var body: Body
    /// For an ``Body/instanceStatus(_:phone:)`` event: what the provider said beyond the status
    /// (limits on messaging new contacts), when it said anything.
    public var statusDetails: InstanceStatusDetails?

    /// Creates an event.
    public init(provider: String, instance: String, id: String, timestamp: Date? = nil, body: Body,
                statusDetails: InstanceStatusDetails? = nil) {
        self.provider = provider
        self.instance = instance
        self.id = id
        self.timestamp = timestamp
        self.body = body
        self.statusDetails = statusDetails
    }

    /// What happened.
    public enum Body: Hashable, Sendable, Codable {
        /// A message arrived or was sent from the phone (`fromMe`).
        case message(Message)
        /// A reaction was set; an empty emoji means it was removed.
        case reaction(Reaction)
        /// A sent message's delivery state changed.
        case ack(Ack)
        /// The instance's session changed state.
        case instanceStatus(InstanceStatus, phone: Phone?)
        /// A message was deleted for everyone.
        case revoked(message: MessageID, chat: ChatID?)
        /// A message was edited.
        case edited(message: MessageID, chat: ChatID?, text: String)
        /// An incoming call.
        case call(from: ChatID?, id: String?)
        /// Someone's presence (typing, online) changed.
        case presence(chat: ChatID?, state: String)
        /// Anything else, with its provider type name and raw JSON payload.
        case other(type: String, raw: String)
    }

    /// The chat the event belongs to, when it belongs to one.
    public var chat: ChatID? {
        switch body {
        case .message(let message): message.chat
        case .reaction(let reaction): reaction.chat
        case .ack(let ack): ack.chat
        case .revoked(_, let chat), .edited(_, let chat, _), .presence(let chat, _): chat
        case .call(let from, _): from
        case .instanceStatus, .other: nil
        }
    }
}

/// A message as seen in a chat: inbound events and message history share this shape.
public struct Message: Hashable, Sendable, Codable {
    /// The provider's id.
    public var id: MessageID
    /// The chat it belongs to.
    public var chat: ChatID
    /// Who wrote it (in a group, the participant; otherwise the chat's person).
    public var from: ChatID?
    /// The phone behind `from` when it is a LID and the phone is known.
    public var fromPhone: Phone?
    /// Whether the linked phone sent it (an operator or this library).
    public var fromMe: Bool
    /// When it was sent.
    public var timestamp: Date?
    /// The text or caption.
    public var text: String?
    /// The media, for media messages.
    public var media: InboundMedia?
    /// The location, for location messages.
    public var location: Location?
    /// The vCard, for contact messages.
    public var vCard: String?
    /// The message this one quotes.
    public var replyTo: MessageID?
    /// Whether an API client (this library or another) sent it rather than a person on the phone,
    /// where the provider says so. An operator's `fromMe` message has `false`.
    public var sentThroughAPI: Bool = false

    /// Creates a message.
    public init(id: MessageID, chat: ChatID, from: ChatID? = nil, fromPhone: Phone? = nil, fromMe: Bool,
                timestamp: Date? = nil, text: String? = nil, media: InboundMedia? = nil,
                location: Location? = nil, vCard: String? = nil, replyTo: MessageID? = nil, sentThroughAPI: Bool = false) {
        self.sentThroughAPI = sentThroughAPI
        self.id = id
        self.chat = chat
        self.from = from
        self.fromPhone = fromPhone
        self.fromMe = fromMe
        self.timestamp = timestamp
        self.text = text
        self.media = media
        self.location = location
        self.vCard = vCard
        self.replyTo = replyTo
    }
}

/// Media attached to a received message.
public struct InboundMedia: Hashable, Sendable, Codable {
    /// Where to download it, when the provider gives a URL.
    public var url: String?
    /// Its MIME type.
    public var mimeType: String?

    /// Creates a media reference.
    public init(url: String?, mimeType: String?) {
        self.url = url
        self.mimeType = mimeType
    }
}

/// A reaction to a message.
public struct Reaction: Hashable, Sendable, Codable {
    /// The message reacted to.
    public var message: MessageID
    /// The chat.
    public var chat: ChatID?
    /// Who reacted.
    public var from: ChatID?
    /// The emoji; empty when the reaction was removed.
    public var emoji: String

    /// Creates a reaction.
    public init(message: MessageID, chat: ChatID?, from: ChatID?, emoji: String) {
        self.message = message
        self.chat = chat
        self.from = from
        self.emoji = emoji
    }
}

/// A delivery receipt.
public struct Ack: Hashable, Sendable, Codable {
    /// How far a message got.
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        /// Left the phone.
        case sent
        /// Reached the recipient's device.
        case delivered
        /// Read.
        case read
        /// A voice note or video was played.
        case played
        /// Failed to send.
        case failed
    }

    /// The message.
    public var message: MessageID
    /// The chat.
    public var chat: ChatID?
    /// The new status.
    public var status: Status

    /// Creates an ack.
    public init(message: MessageID, chat: ChatID?, status: Status) {
        self.message = message
        self.chat = chat
        self.status = status
    }
}
