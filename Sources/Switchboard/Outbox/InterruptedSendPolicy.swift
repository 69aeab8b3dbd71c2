/// What the ``Outbox`` does, when it starts, with messages a previous process left
/// ``OutboxState/sending`` (it stopped, or was killed, while they were on the wire).
///
/// Whether such a message went out cannot be known: the request may not have been written, or the
/// provider may have accepted it a moment before the process died. At most the dispatcher's
/// concurrency is in that state at once, so that is the most either choice can get wrong.
public enum InterruptedSendPolicy: String, Hashable, Sendable, Codable {
    /// Queue them again: no message is lost; at most `concurrency` may be delivered twice.
    /// The default: a lost message is worse than a rare double.
    case resend
    /// Mark them ``OutboxState/ambiguous``: none is delivered twice; some may never be delivered
    /// unless an operator requeues them.
    case markAmbiguous
}
