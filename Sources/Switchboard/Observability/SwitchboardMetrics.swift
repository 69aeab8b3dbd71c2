import Foundation
import Metrics

/// The names and labels of every metric Switchboard records, through swift-metrics: the app picks
/// the backend (`MetricsSystem.bootstrap`), `switchboard listen --metrics PORT` serves them for
/// Prometheus.
///
/// Labels are low-cardinality by construction: configured provider names, message kinds
/// (``Feature`` names), error kinds, states and HTTP status codes. No label ever holds an instance
/// id, a phone, a chat, a URL or a secret; a webhook for a provider that is not configured is
/// counted as `unknown`, so a caller cannot mint label values.
package enum SwitchboardMetrics {
    /// `switchboard_sends_total{provider,kind,outcome}`: sends through an instance; `outcome` is
    /// `sent` or the failure's ``SwitchboardError/Kind``.
    package static let sends = "switchboard_sends_total"
    /// `switchboard_send_duration_seconds{provider,kind}`: one send's time at the adapter.
    package static let sendDuration = "switchboard_send_duration_seconds"
    /// `switchboard_cooldowns_total{provider,reason}`: cooldowns started after a failure.
    package static let cooldowns = "switchboard_cooldowns_total"
    /// `switchboard_routes{provider,status}`: instances in the routing table by status.
    package static let routes = "switchboard_routes"
    /// `switchboard_routes_cooling{provider}`: instances cooling down now.
    package static let routesCooling = "switchboard_routes_cooling"
    /// `switchboard_outbox_entries{state}`: outbox entries by state.
    package static let outboxEntries = "switchboard_outbox_entries"
    /// `switchboard_outbox_oldest_queued_age_seconds`: how long the oldest queued entry has waited.
    package static let outboxOldestQueuedAge = "switchboard_outbox_oldest_queued_age_seconds"
    /// `switchboard_inbox_entries{state}`: inbox entries by state (`pending`, `failed`, ...).
    package static let inboxEntries = "switchboard_inbox_entries"
    /// `switchboard_inbox_dispatch_lag_seconds`: from an event's arrival to its handler's success.
    package static let inboxDispatchLag = "switchboard_inbox_dispatch_lag_seconds"
    /// `switchboard_webhooks_total{provider,status}`: webhook deliveries by the HTTP status answered.
    package static let webhooks = "switchboard_webhooks_total"

    /// Counts a cooldown started on an instance of `provider` after a failure of `reason`.
    package static func recordCooldown(provider: String, reason: SwitchboardError.Kind) {
        Counter(label: cooldowns, dimensions: [("provider", provider), ("reason", reason.rawValue)]).increment()
    }

    /// Counts one webhook delivery and the status it was answered with.
    package static func recordWebhook(provider: String, status: Int) {
        Counter(label: webhooks, dimensions: [("provider", provider), ("status", String(status))]).increment()
    }

    /// Records how long an event waited from its arrival to being handled.
    package static func recordDispatchLag(_ seconds: TimeInterval) {
        Timer(label: inboxDispatchLag).recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }

    /// Sets the gauges read from the store and the routing table: outbox and inbox entries by state,
    /// the oldest queued entry's age, routes by status and cooling.
    package static func recordSnapshot(outbox: [OutboxState: Int], oldestQueued: Date?, inbox: [InboxState: Int],
                                       routes: [Route], providers: [String], at now: Date) {
        for state in OutboxState.allCases {
            Gauge(label: outboxEntries, dimensions: [("state", state.rawValue)]).record(outbox[state] ?? 0)
        }
        Gauge(label: outboxOldestQueuedAge).record(oldestQueued.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        for state in InboxState.allCases {
            Gauge(label: inboxEntries, dimensions: [("state", state.rawValue)]).record(inbox[state] ?? 0)
        }
        for provider in providers {
            let mine = routes.filter { $0.provider == provider }
            for status in InstanceStatus.allCases {
                Gauge(label: self.routes, dimensions: [("provider", provider), ("status", status.rawValue)])
                    .record(mine.count { $0.status == status })
            }
            Gauge(label: routesCooling, dimensions: [("provider", provider)]).record(mine.count { $0.cooldownRemaining != nil })
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
