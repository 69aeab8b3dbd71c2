import Foundation
import GRDB
import Synchronization

/// The ``Store`` on SQLite, through GRDB over the system libsqlite3: the embedded default.
///
/// A file is opened as one WAL `DatabasePool` (readers never wait for the writer; other processes
/// may share the file, waiting up to ``busyTimeout`` for its lock). ``inMemory()`` runs the same
/// schema and code on a private in-memory database, for tests. The schema is migrated on open
/// (see `SQLiteStore+Schema.swift`); a file migrated by a newer version is refused.
///
/// Every call goes through GRDB's async API, so no cooperative thread waits for the database. The
/// one exception is the handoff check every automated send makes: it reads on the calling thread
/// when one of a few read-only connections is free at that instant, never waiting for one nor for
/// a lock, and otherwise goes through the async API too.
/// Recording inbound events and enqueueing are group commits (`GroupCommit`): calls that arrive
/// while a transaction commits are committed together in the next one, each answered once its
/// own rows are durable. Those transactions run as jobs on GRDB's writer queue, which resumes the
/// callers itself: one thread hop there and one back.
/// Dates are stored as seconds since 1970 (`REAL`), so that they round-trip exactly and compare
/// numerically. Messages, events and handoff settings are stored as JSON text.
public final class SQLiteStore: Store {
    /// The default database file, relative to the working directory.
    public static let defaultPath = "switchboard.sqlite"
    /// How long a statement waits for another process's lock before failing.
    public static let busyTimeout: TimeInterval = 10

    /// The database file, or `nil` for an in-memory store.
    public let path: String?
    let writer: any DatabaseWriter
    private let closed = Mutex(false)
    /// Concurrent ``recordInbound(_:at:)`` calls, one transaction per batch.
    let inboundCommits: GroupCommit<[InboundRow], [InboxEntry]>
    /// Concurrent ``insertOutbox(contentsOf:)`` calls, one transaction per batch.
    let outboxCommits: GroupCommit<[OutboxRow], [(entry: OutboxEntry, inserted: Bool)]>
    /// Connections for the handoff check on the calling thread (`InlineReaders`), one a core up to
    /// eight: at most that many cooperative threads read at once. None in memory.
    let inlineReaders: InlineReaders?

    /// Opens (creating if needed) the database file at `path` and migrates it.
    public convenience init(path: String = SQLiteStore.defaultPath) throws(SwitchboardError) {
        // Several processes creating one new file at once race for the switch to WAL, which SQLite
        // does not always wait out with the busy timeout: a fresh look succeeds.
        var attempt = 0
        var opened: DatabasePool?
        while opened == nil {
            attempt += 1
            do {
                opened = try DatabasePool(path: path, configuration: Self.configuration())
            } catch where attempt < 5 {
                continue
            } catch {
                throw .storage("cannot open the store at \(path): \(error)")
            }
        }
        try self.init(writer: opened!, path: path)
    }

    /// A store in memory, gone when released: the same schema and code as a file, for tests.
    public static func inMemory() throws(SwitchboardError) -> SQLiteStore {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration())
        } catch {
            throw .storage("cannot open an in-memory store: \(error)")
        }
        return try SQLiteStore(writer: queue, path: nil)
    }

    private init(writer: any DatabaseWriter, path: String?) throws(SwitchboardError) {
        self.writer = writer
        self.path = path
        // Committed on GRDB's writer thread itself (see `GroupCommit`).
        inboundCommits = GroupCommit(weight: { $0.count }) { turn in
            writer.asyncWriteWithoutTransaction { db in
                turn { batch throws(SwitchboardError) in
                    try Self.transaction(in: db, "recording \(batch.count) deliveries") { try Self.recordInbound(batch, in: db) }
                }
            }
        }
        outboxCommits = GroupCommit(weight: { $0.count }) { turn in
            writer.asyncWriteWithoutTransaction { db in
                turn { batch throws(SwitchboardError) in
                    try Self.transaction(in: db, "enqueuing \(batch.count) batches") { try Self.insertOutbox(batch, in: db) }
                }
            }
        }
        try Self.migrate(writer, path: path)
        // Opened after the migration: they are read-only, and read the migrated schema.
        inlineReaders = path.map { InlineReaders(path: $0, count: min(ProcessInfo.processInfo.activeProcessorCount, 8)) }
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.label = "switchboard.store"
        configuration.busyMode = .timeout(busyTimeout)
        return configuration
    }

    /// Closes the database; later calls throw ``SwitchboardError/Kind/storage``. Harmless twice.
    public func close() async {
        guard closed.withLock({ closed in defer { closed = true }; return !closed }) else { return }
        inlineReaders?.close()
        _ = try? await writer.write { db in try db.checkpoint(.passive) }
        if let pool = writer as? DatabasePool { try? pool.close() }
        if let queue = writer as? DatabaseQueue { try? queue.close() }
    }

    // MARK: - Helpers for the feature files

    /// Runs `body` in a write transaction; any failure becomes a ``SwitchboardError/Kind/storage`` error.
    func write<T: Sendable>(_ action: @autoclosure () -> String,
                            _ body: @escaping @Sendable (Database) throws -> T) async throws(SwitchboardError) -> T {
        try checkOpen()
        return try await Self.write(on: writer, action(), body)
    }

    /// Runs `body` in a write transaction of `writer`; any failure becomes a ``SwitchboardError/Kind/storage`` error.
    static func write<T: Sendable>(on writer: any DatabaseWriter, _ action: @autoclosure () -> String,
                                   _ body: @escaping @Sendable (Database) throws -> T) async throws(SwitchboardError) -> T {
        do { return try await writer.write(body) } catch let error as SwitchboardError { throw error } catch {
            throw .storage("store: \(action()) failed: \(error)")
        }
    }

    /// Runs `body` in a transaction of `db`, on GRDB's writer thread; any failure becomes a
    /// ``SwitchboardError/Kind/storage`` error.
    static func transaction<T>(in db: Database, _ action: @autoclosure () -> String,
                               _ body: () throws -> T) throws(SwitchboardError) -> T {
        do {
            var result: T?
            try db.inTransaction {
                result = try body()
                return .commit
            }
            guard let result else { throw SwitchboardError.storage("store: \(action()) did not run") }
            return result
        } catch let error as SwitchboardError { throw error } catch {
            throw .storage("store: \(action()) failed: \(error)")
        }
    }

    /// Runs `body` in a read transaction; any failure becomes a ``SwitchboardError/Kind/storage`` error.
    func read<T: Sendable>(_ action: @autoclosure () -> String,
                           _ body: @escaping @Sendable (Database) throws -> T) async throws(SwitchboardError) -> T {
        try checkOpen()
        do { return try await writer.read(body) } catch let error as SwitchboardError { throw error } catch {
            throw .storage("store: \(action()) failed: \(error)")
        }
    }

    func checkOpen() throws(SwitchboardError) {
        if closed.withLock({ $0 }) { throw .storage("store: the store at \(path ?? "memory") is closed") }
    }

    /// `value` as JSON text (see `StoredJSON`).
    static func json<T: Encodable>(_ value: T) throws -> String { try StoredJSON.text(value) }

    /// Decodes JSON text written by ``json(_:)``.
    static func decode<T: Decodable>(_ type: T.Type, json text: String) throws -> T {
        try StoredJSON.decode(type, json: text)
    }
}

extension Date {
    /// Seconds since 1970, as stored.
    var storeSeconds: Double { timeIntervalSince1970 }
    /// The date of a stored seconds value.
    init(storeSeconds: Double) { self.init(timeIntervalSince1970: storeSeconds) }
}
