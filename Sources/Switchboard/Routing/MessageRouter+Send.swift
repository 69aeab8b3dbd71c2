import Tracing

extension MessageRouter {
    /// Sends `message` through the best instance (see ``MessageRouter``), failing over where it surely
    /// did not go out.
    ///
    /// - Parameters:
    ///   - phone: The number to send from; `nil` lets ``strategy`` pick any connected instance.
    ///   - origin: Automated sends are refused for chats in handoff.
    /// - Throws: The instance's error when it failed ambiguously (``SwitchboardError/isAmbiguous``
    ///   set, not re-sent elsewhere) or refused for handoff; ``SwitchboardError/Kind/notFound`` or
    ///   ``SwitchboardError/Kind/instanceNotReady`` naming the phone and listing the known instances
    ///   when there is no route; ``SwitchboardError/Kind/rateLimited`` with the shortest wait when
    ///   every candidate is cooling; otherwise the last candidate's error, listing every attempt.
    ///
    /// Traced as a `switchboard.send` span (a child of the caller's trace) holding the pick
    /// (`switchboard.route.pick`) and each attempt (`switchboard.adapter.send`, whose adapter adds
    /// the HTTP round trip).
    public func send(_ message: OutboundMessage, from phone: Phone? = nil,
                     origin: SendOrigin = .automated) async throws(SwitchboardError) -> SentMessage {
        let tracer = SwitchboardTracing.tracer
        return try await SwitchboardTracing.withSpan("switchboard.send", tracer: tracer) { span throws(SwitchboardError) in
            span.set(SwitchboardTracing.Attribute.messageKind, message.content.feature.rawValue)
            return try await routedSend(message, from: phone, origin: origin, tracer: tracer)
        }
    }

    private func routedSend(_ message: OutboundMessage, from phone: Phone?,
                            origin: SendOrigin, tracer: (any Tracer)?) async throws(SwitchboardError) -> SentMessage {
        let strategy = strategy
        let now = clock.now()
        // With no handoff check to pass first, the first candidate is begun as it is planned: one
        // lock and one clock read before the provider is called.
        let guarded = origin == .automated ? handoffs : nil
        let candidates = try SwitchboardTracing.withSyncSpan("switchboard.route.pick", tracer: tracer) { span throws(SwitchboardError) in
            let picked = try table.withLock {
                $0.plan(from: phone, strategy: strategy, at: now, beginningFirst: guarded == nil)
            }.get()
            span.set(SwitchboardTracing.Attribute.candidates, picked.count)
            return picked
        }
        var attempts: [(RouteID, SwitchboardError)] = []
        var refusedPhones: Set<Phone> = []
        var begun = guarded == nil
        for id in candidates {
            defer { begun = false }
            guard let provider = providersByName[id.provider] else { continue }
            // A provider that refused a number for sending too fast (rate limited) refused the
            // number, not the instance: the same number on another provider is no healthier.
            if !refusedPhones.isEmpty, let held = phoneHeld(by: id), refusedPhones.contains(held) { continue }
            // A chat handed off on this instance is refused at once: it is about the chat, not the
            // instance's health. One store read, no request.
            if let guarded {
                try await guarded.check(message.to, provider: id.provider, instance: id.instance)
            }
            guard begun || table.withLock({ $0.begin(id, at: clock.now()) }) else { continue }
            do {
                return try await attempt(message, with: provider, through: id, tracer: tracer)
            } catch {
                if !error.surelyNotSent { throw ambiguous(error, through: id) }
                if error.kind == .handoffActive { throw error }  // the provider's own refusal (native handoff)
                logger.notice("send through \(id) failed, failing over: \(error)")
                attempts.append((id, error))
                if error.kind == .rateLimited, let held = phoneHeld(by: id) { refusedPhones.insert(held) }
            }
        }
        if let refusal = attempts.last?.1, refusal.kind == .rateLimited, let phone, refusedPhones.contains(phone) {
            throw refusal  // the number was refused: its wait, not a cooling summary
        }
        if let cooling = table.withLock({ $0.coolingErrorIfAllCooling(from: phone, at: clock.now()) }) {
            throw cooling
        }
        guard var last = attempts.last?.1 else {
            // Every candidate was taken by a concurrent failure, yet not all are cooling: try again.
            return try await routedSend(message, from: phone, origin: origin, tracer: tracer)
        }
        let tried = attempts.map { "\($0.0): \($0.1.kind.rawValue)" }.joined(separator: ", ")
        last.message += " (tried \(attempts.count) instance\(attempts.count == 1 ? "" : "s"): \(tried))"
        throw last
    }

    /// The phone an instance of the table holds.
    private func phoneHeld(by id: RouteID) -> Phone? {
        table.withLock { $0.entries[id]?.instance.phone }
    }

    private func ambiguous(_ error: SwitchboardError, through id: RouteID) -> SwitchboardError {
        var error = error
        error.isAmbiguous = true
        if error.provider == nil { error.provider = id.provider }
        error.message += " (ambiguous: the message may have been sent through \(id); it was not re-sent through another instance)"
        return error
    }
}

extension MessageRouter {
    /// Sends `message` through one named instance, with the same handoff guard, health and
    /// cooldown bookkeeping as a routed send, and no failover. Throws
    /// ``SwitchboardError/Kind/notFound`` for an instance the table does not hold and
    /// ``SwitchboardError/Kind/instanceNotReady`` for one not connected or cooling.
    public func send(_ message: OutboundMessage, via provider: String, instance: String,
                     origin: SendOrigin = .automated) async throws(SwitchboardError) -> SentMessage {
        let id = RouteID(provider: provider, instance: instance)
        guard let adapter = providersByName[provider], knows(provider: provider, instance: instance) else {
            throw SwitchboardError.notFound("no instance \(id) in the routing table").from(provider: provider)
        }
        if origin == .automated, let handoffs {
            try await handoffs.check(message.to, provider: provider, instance: instance)
        }
        guard table.withLock({ $0.begin(id, at: clock.now()) }) else {
            throw SwitchboardError.instanceNotReady("instance \(id) is not connected or is cooling down; see routes()")
                .from(provider: provider)
        }
        let tracer = SwitchboardTracing.tracer
        return try await SwitchboardTracing.withSpan("switchboard.send", tracer: tracer) { span throws(SwitchboardError) in
            span.set(SwitchboardTracing.Attribute.messageKind, message.content.feature.rawValue)
            do throws(SwitchboardError) {
                return try await attempt(message, with: adapter, through: id, tracer: tracer)
            } catch {
                throw error.surelyNotSent ? error : ambiguous(error, through: id)
            }
        }
    }

    /// One send through an instance already begun, recording its success or failure in the
    /// instance's health, in `switchboard_sends_total` and in a `switchboard.adapter.send` span;
    /// the provider's error is given back as it is.
    private func attempt(_ message: OutboundMessage, with provider: any MessagingProvider,
                         through id: RouteID, tracer: (any Tracer)?) async throws(SwitchboardError) -> SentMessage {
        let kind = message.content.feature
        let started = ContinuousClock.now
        return try await SwitchboardTracing.withSpan("switchboard.adapter.send", ofKind: .client, tracer: tracer) { span throws(SwitchboardError) in
            span.set(SwitchboardTracing.Attribute.provider, id.provider)
            span.set(SwitchboardTracing.Attribute.instance, id.instance)
            span.set(SwitchboardTracing.Attribute.messageKind, kind.rawValue)
            do throws(SwitchboardError) {
                let sent = try await provider.send(message, from: id.instance)
                let now = clock.now()
                table.withLock { $0.recordSuccess(id, at: now) }
                sendMetrics.record(provider: id.provider, kind: kind, outcome: nil, duration: ContinuousClock.now - started)
                return sent
            } catch {
                let now = clock.now()
                let policy = cooldown
                let cooling = table.withLock { $0.recordFailure(id, error, at: now, policy: policy) }
                sendMetrics.record(provider: id.provider, kind: kind, outcome: error.kind, duration: ContinuousClock.now - started)
                if cooling != nil { SwitchboardMetrics.recordCooldown(provider: id.provider, reason: error.kind) }
                throw error
            }
        }
    }
}
