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
        migrator.registerMigration("v2: leases, inbox, aliases, sent ids") { db in
            // A claim is a lease: a dispatcher that dies leaves its rows to be taken over.
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN leaseExpiresAt REAL")
            try db.execute(sql: "CREATE INDEX outbox_by_message ON outbox(provider, messageId)")
            // Inbound events between the webhook's answer and the app's handler. `key` is the
            // deduplication key; its mark lives in seenEvent, which outlives pruned events.
            try db.execute(sql: """
                CREATE TABLE inbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    key TEXT NOT NULL,
                    chatKey TEXT NOT NULL,
                    event TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'handling', 'handled', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    receivedAt REAL NOT NULL,
                    nextAttemptAt REAL NOT NULL,
                    leaseExpiresAt REAL,
                    handledAt REAL,
                    lastError TEXT
                );
                CREATE INDEX inbox_by_due ON inbox(state, nextAttemptAt, id);
                CREATE INDEX inbox_by_chat ON inbox(chatKey, state, id);
                CREATE INDEX inbox_by_handled ON inbox(state, handledAt);
                """)
            try db.execute(sql: """
                CREATE TABLE alias (
                    provider TEXT NOT NULL,
                    alias TEXT NOT NULL,
                    instance TEXT NOT NULL,
                    PRIMARY KEY (provider, alias)
                ) WITHOUT ROWID;
                CREATE TABLE sentMessage (
                    provider TEXT NOT NULL,
                    message TEXT NOT NULL,
                    instance TEXT NOT NULL,
                    sentAt REAL NOT NULL,
                    PRIMARY KEY (provider, message)
                ) WITHOUT ROWID;
                CREATE INDEX sentMessage_by_time ON sentMessage(sentAt);
                """)
        }
        migrator.registerMigration("v3: delivery receipts, inbox activity") { db in
            // The furthest receipt of each sent outbox message (issue 18). A table of its own, so
            // the outbox's states and dispatcher stay as they are; `rank` orders receipts.
            try db.execute(sql: """
                CREATE TABLE delivery (
                    outboxId INTEGER PRIMARY KEY NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
                    status TEXT NOT NULL,
                    rank INTEGER NOT NULL,
                    updatedAt REAL NOT NULL
                );
                CREATE INDEX outbox_sent_by_time ON outbox(state, updatedAt);
                CREATE INDEX inbox_by_chat_time ON inbox(chatKey, receivedAt);
                """)
        }
        migrator.registerMigration("v4: pacing ledgers and replied conversations") { db in
            // One ledger per sending number (JSON: its sends of the last day, gaps, pauses, holds).
            try db.execute(sql: """
                CREATE TABLE pacingLedger (
                    phone TEXT PRIMARY KEY NOT NULL,
                    ledger TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE pacingReply (
                    phone TEXT NOT NULL,
                    chat TEXT NOT NULL,
                    repliedAt REAL NOT NULL,
                    PRIMARY KEY (phone, chat)
                ) WITHOUT ROWID;
                CREATE INDEX outbox_by_phone ON outbox(fromPhone, state, nextAttemptAt);
                """)
        }
        return migrator
    }()

    /// Migrates `writer`, refusing a database migrated by a newer version of Switchboard.
    static func migrate(_ writer: any DatabaseWriter, path: String?) throws(SwitchboardError) {
        let place = path ?? "memory"
        // GRDB reads which migrations are applied outside the migration's transaction, so two
        // processes opening a new file at once can both start the first one; the loser fails on the
        // schema the winner just committed, and a second look finds it applied.
        var attempt = 0
        while true {
            attempt += 1
            do {
                if try writer.read({ db in try migrator.hasBeenSuperseded(db) }) {
                    throw SwitchboardError.storage("the store at \(place) was migrated by a newer Switchboard (it has migrations this version does not know); refusing to guess")
                }
                try migrator.migrate(writer)
                return
            } catch let error as SwitchboardError {
                throw error
            } catch where attempt < 5 {
                continue
            } catch {
                throw .storage("cannot migrate the store at \(place): \(error)")
            }
        }
    }

    /// The identifiers of the migrations applied to this database, oldest first.
    public func appliedMigrations() async throws(SwitchboardError) -> [String] {
        try await read("reading migrations") { db in try Self.migrator.appliedMigrations(db) }
    }
}
