import Foundation

extension Outbox {
    /// Applies ``interrupted`` to the messages a previous process left ``OutboxState/sending``;
    /// returns how many there were. ``run(pollInterval:recovering:)`` calls it first; call it yourself only
    /// when dispatching with ``dispatchDue()``, and never while another dispatcher works on the
    /// same file (its in-flight messages would look interrupted).
    @discardableResult
    public func recoverInterrupted() async throws(SwitchboardError) -> Int {
        let (state, note) = switch interrupted {
        case .resend: (OutboxState.queued, "interrupted while sending (the process stopped); queued again")
        case .markAmbiguous: (OutboxState.ambiguous, "interrupted while sending (the process stopped); it may have been sent")
        }
        let count = try await store.reclaimExpiredOutbox(to: state, note: note, at: .distantFuture)
        if count > 0 { logger.warning("\(count) message(s) were left sending by a previous process: \(state)") }
        return count
    }

    /// Sends every message due now, at most ``concurrency`` at once, and returns when none is due
    /// and none is in flight; returns how many attempts were made. Messages queued for a later
    /// retry are left for a later call.
    @discardableResult
    public func dispatchDue() async -> Int {
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            var attempts = 0
            var drained = false
            while true {
                if !drained, inFlight < concurrency, !isDraining {
                    do throws(SwitchboardError) {
                        let now = clock.now()
                        if let entry = try await store.claimNextDue(at: now, leaseUntil: now.adding(lease)) {
                            group.addTask { await self.deliver(entry) }
                            inFlight += 1
                            attempts += 1
                            continue
                        }
                    } catch {
                        logger.error("outbox: cannot claim a message: \(error)")
                    }
                    drained = true
                }
                guard inFlight > 0 else { return attempts }
                await group.next()
                inFlight -= 1
                drained = false  // a finished send frees a slot; look again (new or retried messages)
            }
        }
    }

    /// Recovers interrupted sends, then dispatches until the calling task is cancelled: at once
    /// when a message is enqueued (by another process too, when the store is
    /// ``StoreChangeNotifying``), when a retry falls due, and at least every `pollInterval` (to
    /// see messages other processes enqueued into a store that cannot tell). One `run` per outbox at a time: a second
    /// concurrent call returns at once.
    ///
    /// - Parameter recovering: Whether to apply ``interrupted`` first (``recoverInterrupted()``).
    ///   Pass `false` when several processes dispatch from one file: a starting process cannot
    ///   tell another's in-flight messages from a dead one's.
    public func run(pollInterval: Duration = .seconds(1), recovering: Bool = true) async {
        guard running.withLock({ running in
            defer { running = true }
            return !running
        }) else {
            logger.error("outbox: run() is already running; this call returns")
            return
        }
        defer { running.withLock { $0 = false } }
        if recovering {
            do { try await recoverInterrupted() } catch { logger.error("outbox: cannot recover interrupted sends: \(error)") }
        }
        // A store that announces inserts (PostgreSQL's LISTEN/NOTIFY) wakes this dispatcher for
        // messages other processes enqueue; the poll interval is then only a safety net.
        let listener = wakeup.follow(store, .outbox)
        defer { listener?.cancel() }
        while !Task.isCancelled, !isDraining {
            await takeOverExpiredClaims()
            await dispatchDue()
            guard !isDraining else { return }
            var wait = pollInterval
            if let due = try? await store.nextOutboxDue() {
                wait = min(wait, .interval(due.timeIntervalSince(clock.now())))
            }
            await wakeup.wait(upTo: max(wait, .milliseconds(1)))
        }
    }

    /// Stops claiming messages: a running ``run(pollInterval:recovering:)`` returns once the sends
    /// in flight have finished. For graceful shutdown; there is no way back.
    public func drain() {
        draining.withLock { $0 = true }
        wakeup.signal()
    }

    var isDraining: Bool { draining.withLock { $0 } }

    /// Applies ``interrupted`` to the claims of dispatchers that died (their lease expired).
    func takeOverExpiredClaims() async {
        let (state, note) = switch interrupted {
        case .resend: (OutboxState.queued, "its dispatcher stopped while sending (lease expired); queued again")
        case .markAmbiguous: (OutboxState.ambiguous, "its dispatcher stopped while sending (lease expired); it may have been sent")
        }
        do {
            let count = try await store.reclaimExpiredOutbox(to: state, note: note, at: clock.now())
            if count > 0 { logger.warning("outbox: took over \(count) expired claim(s): \(state)") }
        } catch {
            logger.error("outbox: cannot take over expired claims: \(error)")
        }
    }

    /// Sends one claimed entry and records what became of it. With a ``pacer``, the entry's number
    /// is asked first: a message that would break a cap is held (queued again for the time it may
    /// go, the attempt not counted), and a provider's refusal pauses the number (see `Outbox+Pacing.swift`).
    func deliver(_ claimed: OutboxEntry) async {
        var entry = claimed
        var message = entry.message
        var reservation: Pacer.Reservation?
        if let pacer, let phone = entry.from {
            switch await pace(entry, from: phone, with: pacer) {
            case .none: return
            case .some(let granted): reservation = granted
            }
            if let hint = pacer.typing(for: message, from: phone) { message.typing = hint }
        }
        do throws(SwitchboardError) {
            let sent = try await sender.send(message, from: entry.from, origin: entry.origin)
            entry.state = .sent
            entry.provider = sent.provider
            entry.instance = sent.instance
            entry.messageID = sent.id
            entry.lastError = nil
            entry.lastErrorKind = nil
            if reservation == nil, let pacer { await countUnpaced(sent, to: entry.message.to, with: pacer) }
        } catch {
            if let pacer, let reservation, error.surelyNotSent, !error.isAmbiguous {
                await release(reservation, with: pacer)
            }
            if let pacer, let phone = entry.from, error.kind == .rateLimited, error.surelyNotSent, !error.isAmbiguous {
                return await refused(entry, from: phone, error, with: pacer)
            }
            entry.lastError = error.description
            entry.lastErrorKind = error.kind
            if error.isAmbiguous || !error.surelyNotSent {
                entry.state = .ambiguous
                entry.provider = error.provider
            } else if let delay = retry.delay(after: error, attempts: entry.attempts) {
                entry.state = .queued
                entry.nextAttemptAt = clock.now().adding(delay)
            } else {
                entry.state = .failed
            }
        }
        entry.updatedAt = clock.now()
        entry.leaseExpiresAt = nil
        do {
            try await store.updateOutbox(entry)
        } catch {
            // The entry stays `sending`; the next start treats it as interrupted.
            logger.error("outbox: cannot record the result of entry \(entry.id) (\(entry.state)): \(error)")
        }
    }
}
