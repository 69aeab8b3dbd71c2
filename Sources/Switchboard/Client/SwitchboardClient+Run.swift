import Foundation
import ServiceLifecycle

extension SwitchboardClient {
    /// Runs the client's background work until graceful shutdown (or cancellation): the route
    /// refresher, the outbox dispatcher, the inbox dispatcher (when the client has a handler) and
    /// housekeeping, in one task group. On graceful shutdown (or ``shutdown()``) it stops claiming
    /// work, lets sends and handlers in flight finish within ``Options/shutdownDeadline``, cancels
    /// what is left, then closes the transport and the store.
    ///
    /// It throws at once, before any work, when the store cannot be used (an unreachable
    /// PostgreSQL server, a wrong password, a newer schema): one line naming the store, never its
    /// password.
    public func run() async throws {
        try await store.ready()
        guard lifecycle.startRunning() else {
            throw SwitchboardError.invalidRequest("the Switchboard client is already running or is shut down")
        }
        do { try await ready() } catch { logger.error("client: \(error)") }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.runBackground() }
                group.addTask { await self.runDispatchers() }
            }
        } onGracefulShutdown: {
            self.beginStopping()
        }
        await close()
    }

    /// Shuts the client down: a running ``run()`` stops gracefully and closes; without one, the
    /// transport and the store are closed now. Returns once closed. Calling it again is harmless.
    public func shutdown() async {
        let (running, _) = lifecycle.requestStop()
        outbox.drain()
        inbox.drain()
        if running { await lifecycle.waitForClose() } else { await close() }
    }

    private func beginStopping() {
        _ = lifecycle.requestStop()
        outbox.drain()
        inbox.drain()
    }

    /// Refreshing and housekeeping: stopped at once when a stop is asked for.
    private func runBackground() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.router.runRefreshing(every: self.options.refreshInterval) }
            group.addTask { await self.runHousekeeping() }
            group.addTask { await self.runMetricsSnapshots() }
            group.addTask { await self.runTracking() }
            await lifecycle.waitForStop()
            group.cancelAll()
        }
    }

    /// The dispatchers: drained on a stop, cancelled when the deadline passes first.
    private func runDispatchers() async {
        await withTaskGroup(of: Bool.self) { group in
            var workers = 1
            let recovering = options.recoverInterruptedSends != nil
            let poll = options.pollInterval
            group.addTask { await self.outbox.run(pollInterval: poll, recovering: recovering); return false }
            if let handler {
                workers += 1
                let recoveringEvents = options.recoverInterruptedEvents
                group.addTask {
                    await self.inbox.run(pollInterval: poll, recovering: recoveringEvents) { event in try await self.handle(event, with: handler) }
                    return false
                }
            }
            group.addTask {
                await self.lifecycle.waitForStop()
                guard !Task.isCancelled else { return false }
                try? await Task.sleep(for: self.options.shutdownDeadline)
                return !Task.isCancelled
            }
            for await deadlinePassed in group {
                if deadlinePassed {
                    logger.warning("client: shutdown deadline passed; cancelling sends and handlers in flight")
                    group.cancelAll()
                    break
                }
                workers -= 1
                if workers == 0 {
                    group.cancelAll()
                    break
                }
            }
        }
    }

    /// Inbox retention and handoff mirroring, every ``Options/housekeepingInterval``.
    private func runHousekeeping() async {
        await repeatUntilCancelled(every: options.housekeepingInterval) { await housekeeping() }
    }

    /// One round of housekeeping: prunes the inbox past ``Options/retention`` and mirrors native
    /// providers' handoffs into the store.
    public func housekeeping() async {
        do {
            let pruned = try await inbox.prune(olderThan: options.retention)
            if pruned > 0 { logger.info("client: pruned \(pruned) inbox row(s) past retention") }
        } catch {
            logger.error("client: inbox retention failed: \(error)")
        }
        for route in router.routes() where route.status == .connected {
            do { try await handoffs.mirror(provider: route.provider, instance: route.instance) } catch {
                logger.warning("client: handoffs of \(route.provider)/\(route.instance) not mirrored: \(error)")
            }
        }
    }

    /// Closes the transport (when the client made it) and the store, once.
    func close() async {
        guard lifecycle.claimClose() else { return await lifecycle.waitForClose() }
        await ownedTransport?.shutdown()
        await store.close()
        lifecycle.finishClose()
    }
}
