import Foundation

extension SwitchboardClient {
    /// Records the gauges read from the store and the routing table once: outbox and inbox entries
    /// by state, the oldest queued outbox entry's age, routes by provider and status, and routes
    /// cooling. ``run()`` does it every ``Options/metricsInterval``; counters and timers (sends,
    /// webhooks, cooldowns, dispatch lag) are recorded as things happen.
    public func recordMetrics() async {
        do {
            let outboxCounts = try await store.outboxCounts()
            let oldest = try await store.outboxEntries(state: .queued, limit: 1).first?.createdAt
            let inboxCounts = try await store.inboxCounts()
            SwitchboardMetrics.recordSnapshot(outbox: outboxCounts, oldestQueued: oldest, inbox: inboxCounts,
                                              routes: router.routes(), providers: providers.map(\.name), at: options.clock.now())
        } catch {
            logger.warning("client: metrics not recorded: \(error)")
        }
    }

    /// Records the gauges until cancelled.
    func runMetricsSnapshots() async {
        await repeatUntilCancelled(every: options.metricsInterval) { await recordMetrics() }
    }
}
