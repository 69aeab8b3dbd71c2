/// Where an inbound event in the inbox stands.
///
/// ```
/// pending ──claim──▶ handling ──▶ handled
///   ▲                   │ └─────▶ failed   (out of attempts: parked, visible, replayable)
///   └──── handler threw ┘
/// ```
public enum InboxState: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Recorded, waiting for the handler (or for its next attempt).
    case pending
    /// Taken by a dispatcher; the handler is running.
    case handling
    /// The handler returned.
    case handled
    /// The handler threw on every attempt; parked until replayed.
    case failed

    /// The state's name (`pending`, ...), as `switchboard inbox --state` takes it.
    public var description: String { rawValue }
}
