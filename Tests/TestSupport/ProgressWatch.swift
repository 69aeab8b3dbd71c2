/// Tells a slow wait from a stuck one. Tests that wait for a child process to work through
/// hundreds of webhooks cannot use a fixed deadline: in a full test run on two cores the same
/// work takes twenty times longer than alone, and a CI machine slower still. A wait that gives
/// up only when its measure (lines handled, events printed) has not moved for `stall` fails a
/// stuck run just as surely, without failing a slow one.
package struct ProgressWatch {
    private let clock = ContinuousClock()
    private let stall: Duration
    private var measure: Int?
    private var since: ContinuousClock.Instant

    /// A watch that calls a measure stalled once it has stayed the same for `stall`.
    package init(stall: Duration = .seconds(120)) {
        self.stall = stall
        self.since = clock.now
    }

    /// Records `measure`; whether it has stayed the same for longer than the stall limit.
    package mutating func stalled(at measure: Int) -> Bool {
        let now = clock.now
        if measure != self.measure {
            self.measure = measure
            since = now
            return false
        }
        return now - since > stall
    }
}
