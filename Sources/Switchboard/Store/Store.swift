/// Everything Switchboard keeps between runs, behind one protocol: the routing table, the outbox,
/// the inbox and its deduplication keys, chats in handoff, what LIDs stand for, instance aliases
/// the ids of sent messages and each sending number's pacing.
///
/// ``SQLiteStore`` is the embedded implementation; `PostgresStore` (module `SwitchboardPostgres`)
/// lets several replicas share one. The parts are separate protocols so that a component asks
/// only for what it uses. Every method is `async`: nothing waits for a database on the
/// cooperative thread pool.
public protocol Store: InstanceStore, OutboxStore, InboxStore, LIDStore, HandoffStore, InstanceAliasStore, SentMessageStore,
                       DeliveryStore, InstanceActivityStore, PacingStore {
    /// Closes the store: connections are released; later calls throw. Calling it twice is harmless.
    func close() async
    /// Returns once the store can be used; throws one line saying why not (naming the store, never
    /// a password). A store opened in the background (PostgreSQL: reaching the server, checking the
    /// password and the schema version) reports here what failed; ``SwitchboardClient/run()`` and
    /// the CLI call it at start so that a bad store fails there, not on some later call.
    func ready() async throws(SwitchboardError)
}

extension Store {
    /// Stores opened synchronously (SQLite) are ready once created.
    public func ready() async throws(SwitchboardError) {}
}
