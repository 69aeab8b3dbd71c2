/// One thing an adapter can do. Cases, reports and the CLI's feature matrix are generated from these.
public enum Feature: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case instancesCreate = "instances.create"
    case instancesList = "instances.list"
    case instancesUpdate = "instances.update"
    case instancesDelete = "instances.delete"
    case pairingQR = "pairing.qr"
    case pairingCode = "pairing.code"
    case logout = "pairing.logout"
    case profileName = "profile.name"
    case profileAbout = "profile.about"
    case profilePicture = "profile.picture"
    case sendText = "send.text"
    case sendLinkPreview = "send.link-preview"
    case sendImage = "send.image"
    case sendVideo = "send.video"
    case sendAudio = "send.audio"
    case sendVoiceNote = "send.voice"
    case sendDocument = "send.document"
    case sendLocation = "send.location"
    case sendContact = "send.contact"
    case sendButtons = "send.buttons"
    case sendList = "send.list"
    case sendPoll = "send.poll"
    case replyTo = "send.reply-to"
    case reactions = "reactions"
    /// Showing or stopping "typing…" in a chat on demand (``MessagingProvider/setTyping(_:in:_:)``).
    case typing = "typing"
    /// Honouring an ``OutboundMessage/typing`` hint on a send. A provider may simulate typing as part
    /// of a send without offering a separate typing switch, so this is a feature of its own.
    case typingHint = "send.typing-hint"
    case markSeen = "seen"
    case messageHistory = "messages.history"
    case handoff = "handoff"
    case webhookSet = "webhook.set"
    case webhookTest = "webhook.test"
    case webhookSignature = "webhook.signature"
    case lidLookup = "lid.lookup"

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
    public func require(_ feature: Feature) throws(SwitchboardError) {
        guard supports(feature) else { throw .unsupported(feature) }
    }
}
