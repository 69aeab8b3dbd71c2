import Foundation

extension SwitchboardClient {
    /// Sends a message now through the best connected instance holding `phone` (any connected
    /// instance when `nil`), across providers, failing over only where it surely did not go out.
    /// Refused with ``SwitchboardError/Kind/handoffActive`` when the chat is handed off to a human.
    public func send(_ message: OutboundMessage, from phone: Phone? = nil) async throws(SwitchboardError) -> SentMessage {
        try await ready()
        let sent = try await router.send(message, from: phone, origin: .automated)
        await remember(sent)
        return sent
    }

    /// Sends a message now through one instance, with the same handoff guard, health and cooldown
    /// as a routed send, and no failover.
    public func send(_ message: OutboundMessage, via provider: String, instance: String) async throws(SwitchboardError) -> SentMessage {
        try await ready()
        let sent = try await router.send(message, via: provider, instance: instance, origin: .automated)
        await remember(sent)
        return sent
    }

    /// Sends a message now through `instance` (see ``send(_:via:instance:)``).
    public func send(_ message: OutboundMessage, via instance: Instance) async throws(SwitchboardError) -> SentMessage {
        try await send(message, via: instance.provider, instance: instance.id)
    }

    /// Replies in the chat of `event`, through the instance it arrived on, through the router's
    /// handoff guard, health and cooldown. When the event is a message and its provider can quote
    /// one exactly (``Feature/replyTo``), the reply quotes it; elsewhere (Wasup) it is
    /// a plain message in the same chat, so the same code replies on every provider.
    public func reply(to event: InboundEvent, _ content: OutboundContent) async throws(SwitchboardError) -> SentMessage {
        guard let chat = event.chat else {
            throw .invalidRequest("event \(event.id) belongs to no chat; there is nothing to reply to")
        }
        var quoted: MessageID?
        if case .message(let message) = event.body,
           try provider(named: event.provider).capabilities.support(for: .replyTo) == .provider {
            quoted = message.id
        }
        return try await send(OutboundMessage(to: chat, content: content, replyTo: quoted),
                              via: event.provider, instance: event.instance)
    }

    /// Commits a message to the outbox, to be sent by ``run()``'s dispatcher (retried where it
    /// surely did not go out); returns its entry. The same `idempotencyKey` again is the same
    /// message, never a second one.
    @discardableResult
    public func enqueue(_ message: OutboundMessage, from phone: Phone? = nil,
                        idempotencyKey: String? = nil) async throws(SwitchboardError) -> OutboxEntry {
        try await ready()
        return try await outbox.enqueue(message, from: phone, origin: .automated, idempotencyKey: idempotencyKey)
    }

    /// Remembers a sent message's id, so a reaction to it is recognized as to one's own message.
    func remember(_ sent: SentMessage) async {
        guard let id = sent.id else { return }
        do {
            try await store.rememberSent(id, instance: sent.instance, provider: sent.provider, at: options.clock.now())
        } catch {
            logger.warning("client: sent message id not remembered: \(error)")
        }
    }
}
