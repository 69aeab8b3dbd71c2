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
        // No tracer bootstrapped: no span closures either, so two fewer async frames a send.
        guard let tracer = SwitchboardTracing.tracer else {
            return try await routedSend(message, from: phone, origin: origin, tracer: nil)
        }
        return try await SwitchboardTracing.withSpan("switchboard.send", tracer: tracer) { span throws(SwitchboardError) in
            span.set(SwitchboardTracing.Attribute.messageKind, message.content.feature.rawValue)
            return try await routedSend(message, from: phone, origin: origin, tracer: tracer)
        }
    }

    /// The failover loop. What it keeps across its awaits is small on purpose: the bookkeeping
    /// of failures is in ``RouteFailover``'s synchronous methods, so that this function's async
    /// frame, alive for as long as the send waits on the network, stays small (issue 17: it was
    /// 8.3 KB, a fifth of the memory a send in flight held).
    private func routedSend(_ message: OutboundMessage, from phone: Phone?,
                            origin: SendOrigin, tracer: (any Tracer)?) async throws(SwitchboardError) -> SentMessage {
        // With no handoff check to pass first, the first candidate is begun as it is planned: one
        // lock and one clock read before the provider is called.
        let guarded = origin == .automated ? handoffs : nil
        let candidates = try pick(from: phone, beginningFirst: guarded == nil, tracer: tracer)
        var failover = RouteFailover()
        var begun = guarded == nil
        for id in candidates {
            defer { begun = false }
            guard let provider = providersByName[id.provider], !failover.skips(id, in: self) else { continue }
            // A chat handed off on this instance is refused at once: it is about the chat, not the
            // instance's health. One store read, no request.
            if let guarded {
                try await guarded.check(message.to, provider: id.provider, instance: id.instance)
            }
            guard begun || begin(id) else { continue }
            do {
                return try await attempt(message, with: provider, through: id, tracer: tracer)
            } catch {
                try failover.record(error, through: id, in: self)
            }
        }
        try failover.giveUp(from: phone, in: self)
        // Every candidate was taken by a concurrent failure, yet not all are cooling: try again.
        return try await routedSend(message, from: phone, origin: origin, tracer: tracer)
    }

    /// Marks the start of a send through `id` (``RoutingTable/begin(_:at:)``). Out of line, as
    /// ``pick(from:beginningFirst:tracer:)`` is: what a synchronous step uses stays on the thread's
    /// stack instead of in the send's async frame.
    @inline(never)
    private func begin(_ id: RouteID) -> Bool {
        let now = clock.now()
        return table.withLock { $0.begin(id, at: now) }
    }

    /// The candidates for a send, in a `switchboard.route.pick` span when tracing.
    @inline(never)
    private func pick(from phone: Phone?, beginningFirst: Bool, tracer: (any Tracer)?) throws(SwitchboardError) -> RouteCandidates {
        let strategy = strategy
        let now = clock.now()
        let plan = { () throws(SwitchboardError) -> RouteCandidates in
            try self.table.withLock { $0.plan(from: phone, strategy: strategy, at: now, beginningFirst: beginningFirst) }.get()
        }
        guard tracer != nil else { return try plan() }
        return try SwitchboardTracing.withSyncSpan("switchboard.route.pick", tracer: tracer) { span throws(SwitchboardError) in
            let picked = try plan()
            span.set(SwitchboardTracing.Attribute.candidates, picked.count)
            return picked
        }
    }

    /// The phone an instance of the table holds.
    func phoneHeld(by id: RouteID) -> Phone? {
        table.withLock { $0.entries[id]?.instance.phone }
    }

    func ambiguous(_ error: SwitchboardError, through id: RouteID) -> SwitchboardError {
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
    /// instance's health, in `switchboard_sends_total` and, when tracing, in a
    /// `switchboard.adapter.send` span; the provider's error is given back as it is.
    @inline(never)
    private func attempt(_ message: OutboundMessage, with provider: any MessagingProvider,
                         through id: RouteID, tracer: (any Tracer)?) async throws(SwitchboardError) -> SentMessage {
        guard let tracer else { return try await measuredAttempt(message, with: provider, through: id) }
        return try await SwitchboardTracing.withSpan("switchboard.adapter.send", ofKind: .client, tracer: tracer) { span throws(SwitchboardError) in
            span.set(SwitchboardTracing.Attribute.provider, id.provider)
            span.set(SwitchboardTracing.Attribute.instance, id.instance)
            span.set(SwitchboardTracing.Attribute.messageKind, message.content.feature.rawValue)
            return try await measuredAttempt(message, with: provider, through: id)
        }
    }

    private func measuredAttempt(_ message: OutboundMessage, with provider: any MessagingProvider,
                                 through id: RouteID) async throws(SwitchboardError) -> SentMessage {
        let kind = message.content.feature
        let metrics = sendMetrics.handles(provider: id.provider, kind: kind, outcome: nil)
        let started = metrics.timed ? ContinuousClock.now : nil
        do {
            let sent = try await provider.send(message, from: id.instance)
            recordOutcome(through: id, kind: kind, error: nil, metrics: metrics, since: started)
            return sent
        } catch {
            recordOutcome(through: id, kind: kind, error: error, metrics: metrics, since: started)
            throw error
        }
    }

    /// Records a send's outcome in the instance's health and the metrics (a cooldown too, after
    /// a failure that starts one).
    @inline(never)
    private func recordOutcome(through id: RouteID, kind: Feature, error: SwitchboardError?,
                               metrics: SendMetrics.Handles, since started: ContinuousClock.Instant?) {
        let now = clock.now()
        guard let error else {
            table.withLock { $0.recordSuccess(id, at: now) }
            sendMetrics.record(metrics, since: started)
            return
        }
        let policy = cooldown
        let cooling = table.withLock { $0.recordFailure(id, error, at: now, policy: policy) }
        sendMetrics.record(sendMetrics.handles(provider: id.provider, kind: kind, outcome: error.kind), since: started)
        if cooling != nil { SwitchboardMetrics.recordCooldown(provider: id.provider, reason: error.kind) }
    }
}
