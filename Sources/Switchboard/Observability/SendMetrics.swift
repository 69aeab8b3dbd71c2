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
    private struct Labels: Equatable {
        let provider: String
        let kind: Feature
        let outcome: SwitchboardError.Kind?
    }

    private struct Handles {
        let labels: Labels
        let sends: Counter
        let duration: Timer
    }

    /// A list, searched in order: it holds one entry per provider, kind and outcome seen, a few
    /// dozen at most, and comparing labels (the provider names are the router's own strings)
    /// costs less than hashing them (issue 17).
    private let handles = Mutex<[Handles]>([])

    /// Counts one send through `provider` and its time; `outcome` is the failure's kind, `nil`
    /// for a send that succeeded.
    func record(provider: String, kind: Feature, outcome: SwitchboardError.Kind?, duration: Duration) {
        let labels = Labels(provider: provider, kind: kind, outcome: outcome)
        let found = handles.withLock { list in
            if let found = list.first(where: { $0.labels == labels }) { return found }
            let made = Handles(
                labels: labels,
                sends: Counter(label: SwitchboardMetrics.sends, dimensions: [
                    ("provider", provider), ("kind", kind.rawValue), ("outcome", outcome?.rawValue ?? "sent"),
                ]),
                duration: Timer(label: SwitchboardMetrics.sendDuration, dimensions: [("provider", provider), ("kind", kind.rawValue)]))
            list.append(made)
            return made
        }
        found.sends.increment()
        found.duration.recordNanoseconds(duration.nanoseconds)
    }
}
