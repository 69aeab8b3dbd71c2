/// Where an instance's WhatsApp session stands, in the same five words for every provider.
public enum InstanceStatus: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// No live session. Credentials may still be kept (reconnecting then needs no pairing).
    case disconnected
    /// The session is starting up.
    case starting
    /// Waiting for the phone: a QR code to scan or a pairing code to enter.
    case pairing
    /// Linked and able to send.
    case connected
    /// The session failed; it needs a restart or a new pairing.
    case failed

    public var description: String { rawValue }
}
