/// Something that sends a message from a phone (or from any instance): the ``MessageRouter``, or a
/// wrapper around it. The ``Outbox`` dispatches through one.
public protocol OutboundSender: Sendable {
    /// Sends `message`; see ``MessageRouter/send(_:from:origin:)`` for what the errors mean.
    func send(_ message: OutboundMessage, from phone: Phone?, origin: SendOrigin) async throws(SwitchboardError) -> SentMessage
}
