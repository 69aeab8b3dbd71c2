/// Something that sends a message from a phone (or from any instance): the ``Router``, or a
/// wrapper around it. The ``Outbox`` dispatches through one.
public protocol OutboundSender: Sendable {
    /// Sends `message`; see ``Router/send(_:from:origin:)`` for what the errors mean.
    func send(_ message: OutboundMessage, from phone: Phone?, origin: SendOrigin) async throws(SwitchboardError) -> SentMessage
}
