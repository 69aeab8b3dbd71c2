import Logging
import PostgresNIO
import Switchboard

extension PostgresStore {
    /// One step of the schema. Never edit a shipped migration: add the next one.
    struct Migration: Sendable {
        /// Its number: migrations apply in order, each once.
        let version: Int
        /// What it does, as recorded in `switchboard_schema`.
        let description: String
        /// Its statements, run in one transaction.
        let statements: [String]
    }

    /// The schema version this build writes and reads.
    public static var schemaVersion: Int { migrations.last?.version ?? 0 }

    /// Every table's name starts with `switchboard_`, so the store can share a database with an app.
    /// Dates are seconds since 1970 (`DOUBLE PRECISION`, so they round-trip exactly, as in SQLite);
    /// messages, events and settings are JSON text.
    static let migrations: [Migration] = [
        Migration(version: 1, description: "instances, outbox, inbox, handoffs, LIDs, aliases, sent ids", statements: [
            // The routing table; `position` keeps the provider's listing order.
            """
            CREATE TABLE switchboard_instance (
                provider TEXT NOT NULL, id TEXT NOT NULL, name TEXT, status TEXT NOT NULL, phone TEXT,
                updated DOUBLE PRECISION NOT NULL, position INTEGER NOT NULL,
                PRIMARY KEY (provider, id))
            """,
            "CREATE INDEX switchboard_instance_by_phone ON switchboard_instance (phone)",
            // Messages to send. A claim sets `state = 'sending'` and a lease.
            """
            CREATE TABLE switchboard_outbox (
                id BIGSERIAL PRIMARY KEY,
                idempotency_key TEXT NOT NULL UNIQUE,
                message TEXT NOT NULL,
                from_phone TEXT,
                origin TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'ambiguous')),
                attempts INTEGER NOT NULL DEFAULT 0,
                created_at DOUBLE PRECISION NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL,
                next_attempt_at DOUBLE PRECISION NOT NULL,
                lease_expires_at DOUBLE PRECISION,
                provider TEXT, instance TEXT, message_id TEXT, last_error TEXT, last_error_kind TEXT)
            """,
            "CREATE INDEX switchboard_outbox_due ON switchboard_outbox (next_attempt_at, id) WHERE state = 'queued'",
            "CREATE INDEX switchboard_outbox_leased ON switchboard_outbox (lease_expires_at) WHERE state = 'sending'",
            "CREATE INDEX switchboard_outbox_by_state ON switchboard_outbox (state, id)",
            "CREATE INDEX switchboard_outbox_by_message ON switchboard_outbox (provider, message_id) WHERE message_id IS NOT NULL",
            // Inbound events between the webhook's answer and the app's handler.
            """
            CREATE TABLE switchboard_inbox (
                id BIGSERIAL PRIMARY KEY,
                key TEXT NOT NULL,
                chat_key TEXT NOT NULL,
                event TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'handling', 'handled', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                received_at DOUBLE PRECISION NOT NULL,
                next_attempt_at DOUBLE PRECISION NOT NULL,
                lease_expires_at DOUBLE PRECISION,
                handled_at DOUBLE PRECISION,
                last_error TEXT)
            """,
            "CREATE INDEX switchboard_inbox_open_by_chat ON switchboard_inbox (chat_key, id) WHERE state IN ('pending', 'handling')",
            "CREATE INDEX switchboard_inbox_open_by_due ON switchboard_inbox (next_attempt_at, id) WHERE state IN ('pending', 'handling')",
            "CREATE INDEX switchboard_inbox_by_state ON switchboard_inbox (state, id)",
            "CREATE INDEX switchboard_inbox_handled ON switchboard_inbox (handled_at) WHERE state = 'handled'",
            // Deduplication keys: an event whose key is here is not recorded again.
            """
            CREATE TABLE switchboard_inbox_key (key TEXT PRIMARY KEY, seen_at DOUBLE PRECISION NOT NULL)
            """,
            "CREATE INDEX switchboard_inbox_key_by_time ON switchboard_inbox_key (seen_at)",
            """
            CREATE TABLE switchboard_handoff (
                provider TEXT NOT NULL, instance TEXT NOT NULL, chat TEXT NOT NULL, since DOUBLE PRECISION,
                PRIMARY KEY (provider, instance, chat))
            """,
            """
            CREATE TABLE switchboard_handoff_settings (
                provider TEXT NOT NULL, instance TEXT NOT NULL, settings TEXT NOT NULL,
                PRIMARY KEY (provider, instance))
            """,
            """
            CREATE TABLE switchboard_lid (lid TEXT PRIMARY KEY, phone TEXT NOT NULL, updated DOUBLE PRECISION NOT NULL)
            """,
            "CREATE INDEX switchboard_lid_by_phone ON switchboard_lid (phone, updated)",
            """
            CREATE TABLE switchboard_instance_alias (
                provider TEXT NOT NULL, alias TEXT NOT NULL, instance TEXT NOT NULL, PRIMARY KEY (provider, alias))
            """,
            """
            CREATE TABLE switchboard_sent_message (
                provider TEXT NOT NULL, message_id TEXT NOT NULL, instance TEXT NOT NULL,
                sent_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (provider, message_id))
            """,
            // Wake-ups: one NOTIFY per inserting statement, delivered when its transaction commits.
            """
            CREATE FUNCTION switchboard_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify(TG_ARGV[0], '');
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER switchboard_outbox_inserted AFTER INSERT ON switchboard_outbox
            FOR EACH STATEMENT EXECUTE FUNCTION switchboard_notify('switchboard_outbox')
            """,
            """
            CREATE TRIGGER switchboard_inbox_inserted AFTER INSERT ON switchboard_inbox
            FOR EACH STATEMENT EXECUTE FUNCTION switchboard_notify('switchboard_inbox')
            """,
        ]),
        Migration(version: 2, description: "delivery receipts, inbox activity", statements: [
            // The furthest receipt of each sent outbox message (issue 18); `rank` orders receipts.
            """
            CREATE TABLE switchboard_delivery (
                outbox_id BIGINT PRIMARY KEY REFERENCES switchboard_outbox (id) ON DELETE CASCADE,
                status TEXT NOT NULL, rank INTEGER NOT NULL, updated_at DOUBLE PRECISION NOT NULL)
            """,
            "CREATE INDEX switchboard_outbox_sent_by_time ON switchboard_outbox (updated_at, id) WHERE state = 'sent'",
            "CREATE INDEX switchboard_inbox_by_chat_time ON switchboard_inbox (chat_key, received_at)",
        ]),
        Migration(version: 3, description: "pacing ledgers and replied conversations", statements: [
            // One ledger per sending number (JSON: its sends of the last day, gaps, pauses, holds).
            "CREATE TABLE switchboard_pacing_ledger (phone TEXT PRIMARY KEY, ledger TEXT NOT NULL)",
            """
            CREATE TABLE switchboard_pacing_reply (
                phone TEXT NOT NULL, chat TEXT NOT NULL, replied_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (phone, chat))
            """,
            "CREATE INDEX switchboard_outbox_queued_by_phone ON switchboard_outbox (from_phone, next_attempt_at) WHERE state = 'queued'",
        ]),
    ]

    /// A constant key for the advisory lock that serializes migrations across processes.
    private static let migrationLock: Int64 = 0x5357_4244_5047 // "SWBDPG"

    /// Brings the schema up to ``schemaVersion`` in one transaction, under an advisory lock so that
    /// replicas starting together migrate once. Refuses a schema newer than this build knows.
    static func migrate(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS switchboard_schema (
                    version INTEGER PRIMARY KEY, description TEXT NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            var current = 0
            for try await version in try await connection.query(
                "SELECT COALESCE(MAX(version), 0) FROM switchboard_schema", logger: logger).decode(Int.self) {
                current = version
            }
            guard current <= schemaVersion else {
                throw SwitchboardError.storage(
                    "the schema is version \(current), newer than this Switchboard knows (\(schemaVersion)): refusing to start; upgrade Switchboard")
            }
            for migration in migrations where migration.version > current {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO switchboard_schema (version, description) VALUES (\(migration.version), \(migration.description))",
                    logger: logger)
            }
        }
    }

    /// The schema versions applied to this database, oldest first.
    public func appliedSchemaVersions() async throws(SwitchboardError) -> [Int] {
        try await rows("reading the schema version", .read, "SELECT version FROM switchboard_schema ORDER BY version")
            .map { row throws(SwitchboardError) in try row.makeRandomAccess().value("version", as: Int.self) }
    }
}
