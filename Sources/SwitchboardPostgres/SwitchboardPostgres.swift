/// The PostgreSQL store (issue 16): several replicas of an app share one outbox, inbox, routing
/// table, handoff state and LID map. `PostgresStore` follows the async store protocols.
public enum SwitchboardPostgres {
    /// The lowest PostgreSQL major version the store is tested with (Debian 12's).
    public static let testedServerVersion = 15
}
