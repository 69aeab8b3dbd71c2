import Metrics
import Synchronization

/// One router's `switchboard_sends_total` counters and `switchboard_send_duration_seconds` timers,
/// made on first use and kept, as swift-metrics means its handles to be used.
///
/// Making them anew for every send asked the factory twice a send (a lock, and on Prometheus a
/// registry look-up by name and labels) and allocated both handles and their label arrays: a tenth
/// of a routed send's own time (issue 17). The labels are the same low-cardinality ones
/// (`SwitchboardMetrics`), so the table stays as small as the set of metrics itself.
///
/// A handle is made by the factory bootstrapped when this router first sends with those labels;
/// as with any swift-metrics user, bootstrap `MetricsSystem` before creating the client.
final class SendMetrics: Sendable {
    fileprivate struct Labels: Equatable {
        let provider: String
        let kind: Feature
        let outcome: SwitchboardError.Kind?
    }

    /// One label set's handles.
    struct Handles {
        fileprivate let labels: Labels
        let sends: Counter
        let duration: Timer
        /// Whether the handles were made by a real backend: with none bootstrapped (swift-metrics'
        /// no-op factory), a send's time is not measured at all, saving two clock reads a send.
        let timed: Bool
    }

    /// A list, searched in order: it holds one entry per provider, kind and outcome seen, a few
    /// dozen at most, and comparing labels (the provider names are the router's own strings)
    /// costs less than hashing them (issue 17).
    private let handles = Mutex<[Handles]>([])

    /// The handles for sends through `provider` with that outcome (`nil`: sent), made on first use.
    func handles(provider: String, kind: Feature, outcome: SwitchboardError.Kind?) -> Handles {
        let labels = Labels(provider: provider, kind: kind, outcome: outcome)
        return handles.withLock { list in
            if let found = list.first(where: { $0.labels == labels }) { return found }
            let made = Handles(
                labels: labels,
                sends: Counter(label: SwitchboardMetrics.sends, dimensions: [
                    ("provider", provider), ("kind", kind.rawValue), ("outcome", outcome?.rawValue ?? "sent"),
                ]),
                duration: Timer(label: SwitchboardMetrics.sendDuration, dimensions: [("provider", provider), ("kind", kind.rawValue)]),
                timed: !(MetricsSystem.factory is NOOPMetricsHandler))
            list.append(made)
            return made
        }
    }

    /// Counts one send and, when it was timed from `started`, its time.
    func record(_ handles: Handles, since started: ContinuousClock.Instant?) {
        handles.sends.increment()
        if let started { handles.duration.recordNanoseconds((ContinuousClock.now - started).nanoseconds) }
    }
}
