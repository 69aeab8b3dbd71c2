/// A store that tells when rows were added, so that idle dispatchers wake at once instead of at
/// their next poll. Optional: a dispatcher asks `store as? any StoreChangeNotifying` and polls as
/// before when the store cannot tell (``SQLiteStore`` cannot: SQLite has no notifications).
///
/// `PostgresStore` (module `SwitchboardPostgres`) adopts it with PostgreSQL's `LISTEN/NOTIFY`, so a
/// row enqueued or recorded by any replica wakes the dispatchers of every replica.
public protocol StoreChangeNotifying: Sendable {
    /// A new sequence that yields when rows were added to the outbox or the inbox (by this process
    /// or another sharing the store). Elements are coalesced wake-ups, not one per row: after one,
    /// claim until nothing is due. The sequence ends when the store closes.
    func changes() -> AsyncStream<StoreChange>
}

/// What changed in a store: where a dispatcher should look again.
public enum StoreChange: String, Hashable, Sendable, CaseIterable {
    /// Entries were added to the outbox.
    case outbox
    /// Entries were recorded in the inbox.
    case inbox
}

extension Wakeup {
    /// Signals this wake-up on every change of `kind` that `store` announces, when it is a
    /// ``StoreChangeNotifying`` store, until the returned task is cancelled; `nil` for a store that
    /// cannot tell (its dispatcher polls).
    func follow(_ store: any Sendable, _ kind: StoreChange) -> Task<Void, Never>? {
        guard let notifying = store as? any StoreChangeNotifying else { return nil }
        let changes = notifying.changes()
        return Task { [self] in
            for await change in changes where change == kind { signal() }
        }
    }
}
