import Foundation
import Logging

extension SwitchboardClient {
    /// How the client behaves; every value has a default that suits one process.
    public struct Options: Sendable {
        /// How long graceful shutdown lets sends and handlers in flight finish before cancelling them.
        public var shutdownDeadline: Duration = .seconds(10)
        /// How often the routing table is refreshed from the providers' listings.
        public var refreshInterval: Duration = .seconds(60)
        /// How often housekeeping (inbox retention, handoff mirroring) runs.
        public var housekeepingInterval: Duration = .seconds(3600)
        /// How often the gauges read from the store and the routing table (outbox and inbox entries
        /// by state, the oldest queued entry's age, routes by status) are recorded.
        public var metricsInterval: Duration = .seconds(10)
        /// How long handled inbound events and deduplication keys are kept.
        public var retention: Duration = .seconds(7 * 24 * 3600)
        /// Outbox sends in flight at once.
        public var outboxConcurrency = 4
        /// How long a dispatcher holds a message it is sending. A replica that dies leaves its
        /// sends to be taken over (per ``recoverInterruptedSends``'s policy, `.resend` when `nil`)
        /// when this runs out.
        public var outboxLease: Duration = .seconds(120)
        /// When failed outbox sends are tried again.
        public var outboxRetry = OutboxRetryPolicy()
        /// What happens at start to sends a previous process left in flight. Several replicas on
        /// one database: leave it `nil`, and only expired claims are taken over.
        public var recoverInterruptedSends: InterruptedSendPolicy? = .resend
        /// Inbound events handled at once (each of a different chat).
        public var inboxConcurrency = 4
        /// How long a dispatcher holds an inbound event it took: longer than a handler may run.
        /// A replica that dies leaves its events to be taken over when this runs out.
        public var inboxLease: Duration = .seconds(300)
        /// Whether events a previous process left in hand are handed over again at start (at
        /// once, not when their leases run out). Several replicas on one database: set `false`.
        public var recoverInterruptedEvents = true
        /// When a handler that threw gets the event again, and when it is parked.
        public var inboxRetry = InboxRetryPolicy()
        /// How often idle dispatchers look for work other processes committed.
        public var pollInterval: Duration = .seconds(1)
        /// How long failing instances are skipped.
        public var cooldown = CooldownPolicy()
        /// Delivery tracking, silence detection and reconciliation (issue 18).
        public var tracking = Tracking()
        /// The seed of pacing's random gaps between sends (`nil`: a random seed); tests give one.
        public var pacingSeed: UInt64?
        /// The clock (injectable, for tests in virtual time).
        public var clock: any TimeSource = SystemTimeSource()
        /// Where the client logs.
        public var logger = Logger(label: "switchboard")

        /// Default options.
        public init() {}
    }
}
