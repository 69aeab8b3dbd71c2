import Foundation

extension SwitchboardClient.Options {
    /// Delivery tracking, silence detection and reconciliation (issue 18).
    public struct Tracking: Sendable {
        /// How long after its send an outbox message without a delivery receipt counts as stuck.
        public var stuckAfter: Duration = .seconds(600)
        /// How long a connected instance may go without an event before it gets a health probe.
        public var silenceAfter: Duration = .seconds(1800)
        /// How often silence is looked for and receipts are read from history (for providers whose
        /// webhooks carry none).
        public var checkInterval: Duration = .seconds(60)
        /// How far back receipts are read from history: older messages stay as they are.
        public var receiptWindow: Duration = .seconds(24 * 3600)
        /// How far before the last recorded event a reconciliation starts reading.
        public var reconciliationOverlap: Duration = .seconds(120)
        /// Whether ``SwitchboardClient/run()`` first reconciles every connected instance since its
        /// last recorded event (what arrived while the process was down).
        public var reconcileOnStart = true

        /// Default tracking.
        public init() {}
    }
}

extension SwitchboardClient {
    /// The receipt recorded for outbox entry `id` (`nil`: none yet, or the entry is not sent).
    public func delivery(of id: Int64) async throws(SwitchboardError) -> DeliveryRecord? {
        try await ready()
        return try await deliveries.record(of: id)
    }

    /// Waits until outbox entry `id` is delivered (or read, or played), a receipt says it failed,
    /// or `timeout` passes; returns its receipt as it then stands (`nil`: none came). Throws
    /// ``SwitchboardError/Kind/notFound`` for an unknown entry.
    public func awaitDelivery(of id: Int64, timeout: Duration) async throws(SwitchboardError) -> DeliveryRecord? {
        try await ready()
        return try await deliveries.awaitDelivery(of: id, timeout: timeout, pollInterval: options.pollInterval)
    }

    /// Outbox messages sent more than ``Options/Tracking/stuckAfter`` ago with no delivery receipt,
    /// oldest first.
    public func stuckMessages(limit: Int = 100) async throws(SwitchboardError) -> [OutboxEntry] {
        try await ready()
        return try await deliveries.stuck(limit: limit)
    }

    /// Reads receipts from the history of providers whose webhooks carry none (``run()`` does it
    /// every ``Options/Tracking/checkInterval``); returns how many records changed.
    @discardableResult
    public func pollReceipts() async throws(SwitchboardError) -> Int {
        try await ready()
        return await deliveries.pollReceipts(providers: providers, window: options.tracking.receiptWindow)
    }

    /// Reads `instance`'s history since `since` (by default, its last recorded event) and hands
    /// each inbound message never seen to the inbox, once (see ``Reconciler``).
    public func reconcile(provider: String, instance: String, since: Date? = nil) async throws(SwitchboardError) -> ReconciliationReport {
        try await ready()
        return try await reconciler.reconcile(provider: provider, instance: instance, since: since)
    }

    /// Probes the connected instances that went quiet (``run()`` does it every
    /// ``Options/Tracking/checkInterval``); a report per instance probed.
    @discardableResult
    public func checkSilence() async throws(SwitchboardError) -> [SilenceReport] {
        try await ready()
        return await silence.check()
    }

    /// Reconciles every connected instance since its last recorded event; a report per instance.
    @discardableResult
    public func reconcileConnected() async throws(SwitchboardError) -> [ReconciliationReport] {
        try await ready()
        var reports: [ReconciliationReport] = []
        for route in router.routes() where route.status == .connected {
            do {
                reports.append(try await reconciler.reconcile(provider: route.provider, instance: route.instance))
            } catch {
                logger.warning("client: \(route.provider)/\(route.instance) not reconciled: \(error)")
            }
        }
        return reports
    }

    /// Reconciles at start (when asked), then looks for silence and reads receipts every
    /// ``Options/Tracking/checkInterval`` until cancelled.
    func runTracking() async {
        if options.tracking.reconcileOnStart {
            _ = try? await reconcileConnected()
        }
        await repeatUntilCancelled(every: options.tracking.checkInterval, waitFirst: true) {
            await silence.check()
            await deliveries.pollReceipts(providers: providers, window: options.tracking.receiptWindow)
        }
    }
}
