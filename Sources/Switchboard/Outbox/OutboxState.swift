/// Where a message in the ``Outbox`` stands.
///
/// ```
/// queued ──claim──▶ sending ──▶ sent
///   ▲                  │ ├────▶ failed      (not retryable, or out of attempts)
///   └── retryable, ────┘ └────▶ ambiguous   (may have gone out: never re-sent by itself)
///       surely not sent
/// ```
public enum OutboxState: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Committed and waiting for its turn (or for its next attempt).
    case queued
    /// Taken by a dispatcher; the request may be on the wire.
    case sending
    /// The provider accepted it.
    case sent
    /// It surely did not go out and will not be tried again by itself.
    case failed
    /// It may or may not have gone out (a timeout after the request was written, a 5xx on the
    /// send). Not retried by itself: an operator decides (``Outbox/requeue(id:)``).
    case ambiguous

    /// Whether nothing more will happen to the message by itself.
    public var isFinal: Bool { self == .sent || self == .failed || self == .ambiguous }

    /// The state's name (`queued`, ...), as `switchboard outbox --state` takes it.
    public var description: String { rawValue }
}
