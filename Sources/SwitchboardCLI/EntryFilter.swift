import ArgumentParser

/// `--state S` and `--limit N` of the commands that list a queue's entries (`switchboard inbox`,
/// `switchboard outbox`): which state, by the name of one of `State`'s cases, and how many at most.
struct EntryFilter<State: RawRepresentable & CaseIterable>: ParsableArguments where State.RawValue == String {
    @Option(help: ArgumentHelp("Only this state: \(EntryFilter.names)."))
    var state: String?
    @Option(help: "At most this many.") var limit = 100

    /// `queued, sending, sent, ...`: every state's name, in order.
    static var names: String { State.allCases.map(\.rawValue).joined(separator: ", ") }

    /// The state `--state` names (`nil`: every state); a usage error that lists the known names
    /// when none is called so.
    func selected() throws -> State? {
        guard let state else { return nil }
        guard let selected = State(rawValue: state) else { throw UsageError("unknown state \"\(state)\" (known: \(Self.names))") }
        return selected
    }
}
