import Foundation
import GRDB

/// The ``Store`` on SQLite, through GRDB over the system libsqlite3.
///
/// A file is opened as one WAL `DatabasePool` (readers never wait for the writer; other processes
/// may share the file, waiting up to ``busyTimeout`` for its lock). ``inMemory()`` runs the same
/// schema and code on a private in-memory database, for tests. The schema is migrated on open
/// (see `SQLiteStore+Schema.swift`).
///
/// Dates are stored as seconds since 1970 (`REAL`), so that they round-trip exactly and compare
/// numerically. Messages and handoff settings are stored as JSON text.
public final class SQLiteStore: Store {
    /// The default database file, relative to the working directory.
    public static let defaultPath = "switchboard.sqlite"
    /// How long a statement waits for another process's lock before failing.
    public static let busyTimeout: TimeInterval = 10

    /// The database file, or `nil` for an in-memory store.
    public let path: String?
    let writer: any DatabaseWriter

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
                usleep(UInt32(20_000 * attempt))
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
        // GRDB reads which migrations are applied outside the migration's transaction, so two
        // processes opening a new file at once can both start the first one; the loser fails on the
        // schema the winner just committed. A second look finds it applied.
        var attempt = 0
        while true {
            attempt += 1
            do {
                try Self.migrator.migrate(writer)
                return
            } catch where attempt < 3 {
                usleep(UInt32(20_000 * attempt))
            } catch {
                throw .storage("cannot migrate the store at \(path ?? "memory"): \(error)")
            }
        }
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.label = "switchboard.store"
        configuration.busyMode = .timeout(busyTimeout)
        return configuration
    }

    // MARK: - Helpers for the feature files

    /// Runs `body` in a write transaction; any failure becomes a ``SwitchboardError/Kind/storage`` error.
    func write<T>(_ action: String, _ body: (Database) throws -> T) throws(SwitchboardError) -> T {
        do { return try writer.write(body) } catch let error as SwitchboardError { throw error } catch {
            throw .storage("store: \(action) failed: \(error)")
        }
    }

    /// Runs `body` in a read transaction; any failure becomes a ``SwitchboardError/Kind/storage`` error.
    func read<T>(_ action: String, _ body: (Database) throws -> T) throws(SwitchboardError) -> T {
        do { return try writer.read(body) } catch let error as SwitchboardError { throw error } catch {
            throw .storage("store: \(action) failed: \(error)")
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `value` as JSON text (sorted keys, so equal values give equal text).
    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes JSON text written by ``json(_:)``.
    static func decode<T: Decodable>(_ type: T.Type, json text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension Date {
    /// Seconds since 1970, as stored.
    var storeSeconds: Double { timeIntervalSince1970 }
    /// The date of a stored seconds value.
    init(storeSeconds: Double) { self.init(timeIntervalSince1970: storeSeconds) }
}
