import Foundation

/// Instance lifecycle through the client: each call updates the routing table at once, so the
/// next send needs no refresh.
extension SwitchboardClient {
    /// Creates an instance on the named provider and adds its route.
    public func createInstance(provider name: String, _ draft: InstanceDraft = InstanceDraft()) async throws(SwitchboardError) -> Instance {
        try await ready()
        let provider = try provider(named: name)
        var instance = try await provider.createInstance(draft)
        instance.provider = name
        await router.update(instance)
        return instance
    }

    /// One instance's current status and phone, as its provider says; its route is updated.
    public func instance(_ id: String, provider name: String) async throws(SwitchboardError) -> Instance {
        try await ready()
        var instance = try await provider(named: name).instance(id)
        instance.provider = name
        await router.update(instance)
        return instance
    }

    /// Starts pairing (QR or code); a session that comes back connected updates its route.
    public func connect(_ id: String, provider name: String, method: PairingMethod) async throws(SwitchboardError) -> PairingState {
        try await ready()
        let state = try await provider(named: name).connect(id, method: method)
        await apply(state, instance: id, provider: name)
        return state
    }

    /// Where pairing stands; a connected session updates its route.
    public func pairingState(_ id: String, provider name: String) async throws(SwitchboardError) -> PairingState {
        try await ready()
        let state = try await provider(named: name).pairingState(id)
        await apply(state, instance: id, provider: name)
        return state
    }

    /// Stops the session, keeping its credentials; the route is marked disconnected.
    public func disconnect(_ id: String, provider name: String) async throws(SwitchboardError) {
        try await ready()
        try await provider(named: name).disconnect(id)
        await router.updateStatus(provider: name, instance: id, status: .disconnected, phone: nil)
    }

    /// Logs the session out; the route is marked disconnected.
    public func logout(_ id: String, provider name: String) async throws(SwitchboardError) {
        try await ready()
        try await provider(named: name).logout(id)
        await router.updateStatus(provider: name, instance: id, status: .disconnected, phone: nil)
    }

    /// Deletes an instance and its route.
    public func deleteInstance(_ id: String, provider name: String) async throws(SwitchboardError) {
        try await ready()
        try await provider(named: name).deleteInstance(id)
        await router.remove(provider: name, instance: id)
    }

    private func apply(_ state: PairingState, instance id: String, provider name: String) async {
        var phone: Phone?
        if case .connected(let connected) = state { phone = connected }
        await router.updateStatus(provider: name, instance: id, status: state.status, phone: phone)
    }
}

/// Handoff through the client: the store is the source of truth (see ``HandoffGuard``).
extension SwitchboardClient {
    /// Hands a chat to a human (`true`: automated sends to it are refused) or gives it back.
    public func setHandoff(_ active: Bool, chat: ChatID, instance: String, provider: String) async throws(SwitchboardError) {
        try await ready()
        try await handoffs.setHandoff(active, chat: chat, provider: provider, instance: instance)
    }

    /// The chats of an instance in handoff, oldest first.
    public func handoffs(instance: String, provider: String) async throws(SwitchboardError) -> [Handoff] {
        try await ready()
        return try await handoffs.handoffs(provider: provider, instance: instance)
    }
}

/// Webhooks and inbound events through the client.
extension SwitchboardClient {
    /// Handles one webhook delivery for the named provider: verified, decoded and recorded in the
    /// inbox before the answer (see ``WebhookIngress``).
    public func receiveWebhook(provider name: String, _ delivery: WebhookDelivery) async -> WebhookAnswer {
        guard lifecycle.isOpen else {
            return WebhookAnswer.refused(503, .upstreamUnavailable("the Switchboard client is shutting down; retry later"))
        }
        do { try await ready() } catch { return .refused(503, error) }
        return await webhooks.receive(provider: name, delivery)
    }

    /// The inbox as a sequence, for apps that gave no handler: each event is handed over at least
    /// once and marked handled when the loop asks for the next one (see ``InboxEvents``).
    public func events() -> InboxEvents {
        InboxEvents(inbox: inbox, pollInterval: options.pollInterval) { entry in
            let event = try await self.attributed(entry.event)
            try await self.process(event)
            return event
        }
    }

    /// The library's own work on an inbound event, before the app's handler: an operator's resume
    /// keyword gives the chat back and queues the resume message (once, by idempotency key).
    func process(_ event: InboundEvent) async throws {
        try await pace(event)
        if let resume = try await handoffs.applyOperatorMessage(event) {
            // From the number the operator wrote from, so it goes out of the same instance.
            let phone = router.routes().first { $0.provider == event.provider && $0.instance == event.instance }?.phone
            try await outbox.enqueue(resume, from: phone, origin: .automated,
                                     idempotencyKey: "handoff-resume/\(event.provider)/\(event.instance)/\(event.id)")
        }
    }

    /// Runs the library's work, then the app's handler.
    func handle(_ event: InboundEvent, with handler: EventHandler) async throws {
        let event = try await attributed(event)
        try await process(event)
        try await handler(event, self)
    }
}

extension SwitchboardClient {
    /// Hands every inbound event due now to the library's own work and then `handler`, and
    /// returns once none is due: for apps (and tools) that drive dispatch themselves instead of
    /// running ``run()``. Returns how many handler calls were made.
    @discardableResult
    public func dispatchInbox(handler: @escaping Inbox.Handler) async -> Int {
        await inbox.dispatchDue { event in
            try await self.process(event)
            try await handler(event)
        }
    }
}
