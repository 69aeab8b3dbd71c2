import Foundation

/// What an instance's status event says beyond the status itself: WhatsApp's own limits on
/// messaging new contacts, as the engine reports them while the session stays connected.
///
/// Pacing holds new-conversation sends from the instance's number until ``newContactsHeldUntil``
/// and keeps replies in existing chats flowing (see ``Pacer``).
public struct InstanceStatusDetails: Hashable, Sendable, Codable {
    /// Whether messaging new contacts is restricted now (WhatsApp's "reach-out timelock").
    public var newContactsRestricted: Bool
    /// When that restriction ends, when known.
    public var newContactsRestrictedUntil: Date?
    /// The per-cycle quota of new contacts, when reported.
    public var newContactQuota: NewContactQuota?

    /// Creates details.
    public init(newContactsRestricted: Bool = false, newContactsRestrictedUntil: Date? = nil,
                newContactQuota: NewContactQuota? = nil) {
        self.newContactsRestricted = newContactsRestricted
        self.newContactsRestrictedUntil = newContactsRestrictedUntil
        self.newContactQuota = newContactQuota
    }

    /// Until when new conversations must wait: the restriction's end, or the quota cycle's end
    /// when the quota is used up (the later of the two); `nil` when nothing holds them.
    public var newContactsHeldUntil: Date? {
        var until: Date?
        if newContactsRestricted { until = newContactsRestrictedUntil ?? .distantFuture }
        if let quota = newContactQuota, quota.isCapped {
            let end = quota.cycleEnd ?? .distantFuture
            until = max(until ?? end, end)
        }
        return until
    }
}

/// WhatsApp's per-cycle quota on messaging new contacts.
public struct NewContactQuota: Hashable, Sendable, Codable {
    /// The provider's word for where the quota stands (`FIRST_WARNING`, `CAPPED`, ...).
    public var status: String
    /// Whether the quota is used up: sends to new contacts fail until ``cycleEnd``.
    public var isCapped: Bool
    /// New contacts allowed per cycle.
    public var total: Int?
    /// New contacts messaged this cycle.
    public var used: Int?
    /// When the cycle (and the cap) ends.
    public var cycleEnd: Date?

    /// Creates a quota.
    public init(status: String, isCapped: Bool, total: Int? = nil, used: Int? = nil, cycleEnd: Date? = nil) {
        self.status = status
        self.isCapped = isCapped
        self.total = total
        self.used = used
        self.cycleEnd = cycleEnd
    }
}
