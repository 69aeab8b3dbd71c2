/// One thing an adapter can do. Cases, reports and the CLI's feature matrix are generated from these.
public enum Feature: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// Create instances through the API.
    case instancesCreate = "instances.create"
    /// List every instance of a deployment.
    case instancesList = "instances.list"
    /// Rename an instance or change its webhook.
    case instancesUpdate = "instances.update"
    /// Delete instances.
    case instancesDelete = "instances.delete"
    /// Pair by scanning a QR code.
    case pairingQR = "pairing.qr"
    /// Pair by typing an 8-character code on the phone.
    case pairingCode = "pairing.code"
    /// Log out, forgetting the credentials.
    case logout = "pairing.logout"
    /// Set the display name.
    case profileName = "profile.name"
    /// Set the "about" text.
    case profileAbout = "profile.about"
    /// Set or remove the profile picture.
    case profilePicture = "profile.picture"
    /// Send plain text.
    case sendText = "send.text"
    /// Send text with a link preview.
    case sendLinkPreview = "send.link-preview"
    /// Send an image.
    case sendImage = "send.image"
    /// Send a video.
    case sendVideo = "send.video"
    /// Send an audio file.
    case sendAudio = "send.audio"
    /// Send a voice note.
    case sendVoiceNote = "send.voice"
    /// Send a document.
    case sendDocument = "send.document"
    /// Send a location pin.
    case sendLocation = "send.location"
    /// Send a contact card.
    case sendContact = "send.contact"
    /// Send reply buttons.
    case sendButtons = "send.buttons"
    /// Send a list picker.
    case sendList = "send.list"
    /// Send a poll.
    case sendPoll = "send.poll"
    /// Quote a message in a reply.
    case replyTo = "send.reply-to"
    /// Add and remove reactions.
    case reactions = "reactions"
    /// Show or stop "typing…" in a chat on demand (``MessagingProvider/setTyping(_:in:_:)``).
    case typing = "typing"
    /// Honour an ``OutboundMessage/typing`` hint on a send. A provider may simulate typing as part
    /// of a send without offering a separate typing switch, so this is a feature of its own.
    case typingHint = "send.typing-hint"
    /// Mark messages as read.
    case markSeen = "seen"
    /// Read a chat's recent messages.
    case messageHistory = "messages.history"
    /// Hand chats to a human and back.
    case handoff = "handoff"
    /// Set the webhook URL through the API.
    case webhookSet = "webhook.set"
    /// Ask for a test delivery.
    case webhookTest = "webhook.test"
    /// Webhooks report delivery receipts (sent, delivered, read, played).
    case inboundAcks = "webhook.acks"
    /// Webhooks report the instance's status changes.
    case inboundStatus = "webhook.status"
    /// Deliveries can be verified as authentic.
    case webhookSignature = "webhook.signature"
    /// Resolve a LID to a phone number.
    case lidLookup = "lid.lookup"

    /// Orders features by name.
    public static func < (lhs: Feature, rhs: Feature) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What an adapter can do, as data.
public struct Capabilities: Hashable, Sendable, Codable {
    /// How a feature is provided.
    public enum Support: String, Hashable, Sendable, Codable {
        /// The provider's API does it.
        case provider
        /// Switchboard does it on the provider's behalf (handoff kept in the library's store, say).
        case library
        /// Sent in a close form only when the message allows degradation (buttons as a numbered list).
        case degraded
    }

    /// Every supported feature and how.
    public var features: [Feature: Support]

    /// Creates capabilities from a table.
    public init(_ features: [Feature: Support]) { self.features = features }

    /// Every feature in `provided` supported by the provider itself.
    public init(provider provided: Set<Feature>, library: Set<Feature> = [], degraded: Set<Feature> = []) {
        var table: [Feature: Support] = [:]
        for feature in provided { table[feature] = .provider }
        for feature in library { table[feature] = .library }
        for feature in degraded { table[feature] = .degraded }
        self.features = table
    }

    /// Whether `feature` can be used at all (exactly, by the library or degraded).
    public func supports(_ feature: Feature) -> Bool { features[feature] != nil }

    /// How `feature` is provided, or `nil` when it is not.
    public func support(for feature: Feature) -> Support? { features[feature] }

    /// Throws ``SwitchboardError/unsupported(_:_:)`` unless `feature` is supported.
    package func require(_ feature: Feature) throws(SwitchboardError) {
        guard supports(feature) else { throw .unsupported(feature) }
    }
}
