import Foundation

/// One row of the routing table, as ``MessageRouter/routes()`` shows it (`switchboard routes`).
public struct Route: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The configured provider name.
    public var provider: String
    /// The provider's instance id.
    public var instance: String
    /// The instance's name, where the provider keeps one.
    public var name: String?
    /// The session's status, as last seen (listing or status event).
    public var status: InstanceStatus
    /// The connected phone, where known.
    public var phone: Phone?
    /// When the status or phone was last learned.
    public var updated: Date
    /// The provider's position in the router's configuration (0 first).
    public var providerOrder: Int
    /// How sends through it have been going.
    public var health: InstanceHealth
    /// How long the cooldown still lasts, as of the snapshot; `nil` when not cooling.
    public var cooldownRemaining: Duration?

    /// Whether a send may go through it now: connected and not cooling.
    public var isAvailable: Bool { status == .connected && cooldownRemaining == nil }

    /// Creates a route.
    public init(provider: String, instance: String, name: String? = nil, status: InstanceStatus, phone: Phone?,
                updated: Date, providerOrder: Int, health: InstanceHealth = InstanceHealth(),
                cooldownRemaining: Duration? = nil) {
        self.provider = provider
        self.instance = instance
        self.name = name
        self.status = status
        self.phone = phone
        self.updated = updated
        self.providerOrder = providerOrder
        self.health = health
        self.cooldownRemaining = cooldownRemaining
    }

    /// `wasup-eu/inst-1 connected +447700900123 (cooling 4.2s)`.
    public var description: String {
        var text = "\(provider)/\(instance) \(status)"
        text += phone.map { " \($0)" } ?? " (no phone)"
        if let remaining = cooldownRemaining {
            text += " (cooling \(remaining.secondsText))"
        }
        return text
    }
}
