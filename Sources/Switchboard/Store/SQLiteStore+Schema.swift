import GRDB

extension SQLiteStore {
    /// The schema, as migrations. Never edit a shipped migration: add the next one.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: instances, outbox, seen events, handoffs, LIDs") { db in
            // The routing table: every instance each configured provider had, as last seen.
            // `position` keeps the provider's listing order (configuration order within a provider).
            try db.execute(sql: """
                CREATE TABLE instance (
                    provider TEXT NOT NULL,
                    id TEXT NOT NULL,
                    name TEXT,
                    status TEXT NOT NULL,
                    phone TEXT,
                    updated REAL NOT NULL,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (provider, id)
                );
                CREATE INDEX instance_by_phone ON instance(phone);
                """)
            // Messages to send. A row is committed before any network traffic; the unique
            // idempotency key makes a second enqueue of the same key the same message.
            try db.execute(sql: """
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    idempotencyKey TEXT NOT NULL UNIQUE,
                    message TEXT NOT NULL,
                    fromPhone TEXT,
                    origin TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'ambiguous')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    createdAt REAL NOT NULL,
                    updatedAt REAL NOT NULL,
                    nextAttemptAt REAL NOT NULL,
                    provider TEXT,
                    instance TEXT,
                    messageId TEXT,
                    lastError TEXT,
                    lastErrorKind TEXT
                );
                CREATE INDEX outbox_by_due ON outbox(state, nextAttemptAt, id);
                """)
            // Inbound event ids already handled (webhook deduplication).
            try db.execute(sql: """
                CREATE TABLE seenEvent (
                    id TEXT PRIMARY KEY NOT NULL,
                    seenAt REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX seenEvent_by_time ON seenEvent(seenAt);
                """)
            // Chats handed off to a human, and each instance's handoff rules, for providers whose
            // handoff the library provides.
            try db.execute(sql: """
                CREATE TABLE handoff (
                    provider TEXT NOT NULL,
                    instance TEXT NOT NULL,
                    chat TEXT NOT NULL,
                    since REAL,
                    PRIMARY KEY (provider, instance, chat)
                ) WITHOUT ROWID;
                CREATE TABLE handoffSettings (
                    provider TEXT NOT NULL,
                    instance TEXT NOT NULL,
                    settings TEXT NOT NULL,
                    PRIMARY KEY (provider, instance)
                ) WITHOUT ROWID;
                """)
            // What phone stands behind a LID.
            try db.execute(sql: """
                CREATE TABLE lid (
                    lid TEXT PRIMARY KEY NOT NULL,
                    phone TEXT NOT NULL,
                    updated REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX lid_by_phone ON lid(phone, updated);
                """)
        }
        return migrator
    }()

    /// The identifiers of the migrations applied to this database, oldest first.
    public func appliedMigrations() throws(SwitchboardError) -> [String] {
        try read("reading migrations") { db in try Self.migrator.appliedMigrations(db) }
    }
}
