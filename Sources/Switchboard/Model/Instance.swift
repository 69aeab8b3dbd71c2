import Foundation

/// One linked WhatsApp number on one provider: its own session, pairing state and webhook.
public struct Instance: Hashable, Sendable, Codable {
    /// The configured name of the provider that hosts it (for example `wasup-eu`).
    public var provider: String
    /// The provider's id for the instance.
    public var id: String
    /// A human name, where the provider keeps one.
    public var name: String?
    /// The session's status.
    public var status: InstanceStatus
    /// The connected phone number, once paired.
    public var phone: Phone?
    /// The webhook URL the provider delivers to, where it reports one.
    public var webhookURL: String?

    /// Creates an instance value.
    public init(provider: String, id: String, name: String? = nil, status: InstanceStatus,
                phone: Phone? = nil, webhookURL: String? = nil) {
        self.provider = provider
        self.id = id
        self.name = name
        self.status = status
        self.phone = phone
        self.webhookURL = webhookURL
    }
}

/// What to create: every field optional, the provider fills in the rest.
public struct InstanceDraft: Hashable, Sendable, Codable {
    /// A custom id, where the provider accepts one.
    public var id: String?
    /// A human name.
    public var name: String?
    /// Where inbound events should be delivered.
    public var webhookURL: String?

    /// Creates a draft.
    public init(id: String? = nil, name: String? = nil, webhookURL: String? = nil) {
        self.id = id
        self.name = name
        self.webhookURL = webhookURL
    }
}

/// A change to an instance; `nil` fields are left as they are.
public struct InstanceUpdate: Hashable, Sendable, Codable {
    /// A new human name.
    public var name: String?
    /// A new webhook URL.
    public var webhookURL: String?

    /// Creates an update.
    public init(name: String? = nil, webhookURL: String? = nil) {
        self.name = name
        self.webhookURL = webhookURL
    }
}
