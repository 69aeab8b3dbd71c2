import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Switchboard
import Synchronization

/// The ``Store`` on PostgreSQL, so that several replicas of an app share one outbox, inbox,
/// routing table, handoff state and LID map.
///
/// Open one with ``connect(to:logger:options:)`` (or ``connect(url:environment:logger:options:)``
/// from the configuration's `"store": "postgres://user@host:port/db"`, the password coming from
/// `SWITCHBOARD_STORE_PASSWORD`). Connecting checks the server at once: an unreachable database,
/// a wrong password or a schema left by a newer Switchboard fails there, with one line naming the
/// URL (never the password). The schema is migrated then (see `PostgresStore+Schema.swift`).
///
/// ## Lifecycle
///
/// The store runs its connection pool (postgres-nio's `PostgresClient`) and its `LISTEN`
/// connection in a task it owns, started by `connect`, so it is usable at once. ``close()`` ends
/// that task: later calls throw ``SwitchboardError/Kind/storage``. The store is also a
/// swift-service-lifecycle `Service`: ``run()`` returns when its task is cancelled or a graceful
/// shutdown is triggered, closing the store then; an owner with a task group (or a
/// `ServiceGroup`) runs it there so that the store closes with the group.
///
/// ## Several dispatchers
///
/// Claims are single `UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED)` statements with a
/// lease, so concurrent dispatchers (in one process or many) never take the same row, and a dead
/// one's claims are taken over when their lease expires. Inserts into the outbox and the inbox
/// `NOTIFY` (by a trigger, delivered at commit), which ``changes()`` turns into wake-ups.
///
/// ## Faults
///
/// A statement that fails because its connection broke, or that gets no answer within
/// ``Options/statementTimeout``, is tried again on a fresh connection (up to
/// ``Options/connectionAttempts`` times) when a second run cannot double what the first may have
/// done: reads, absolute updates, upserts, inserts guarded by a unique key, and claims. A claim whose
/// answer was lost keeps its lease and is taken over when the lease expires, like a dead
/// dispatcher's, so no claimed row is lost, and none is sent twice because of it (nobody got it). A
/// write that must not run twice (the pacing ledger's read-modify-write) whose `COMMIT` got no
/// answer is not run again: it throws a ``SwitchboardError/Kind/storage`` error whose
/// ``SwitchboardError/isAmbiguous`` is true (it may have committed).
public final class PostgresStore: Store, Service, StoreChangeNotifying, Sendable {
    /// How the store uses its connections.
    public struct Options: Sendable {
        /// The most connections the pool opens (besides the one `LISTEN` connection).
        public var maximumConnections: Int = 20
        /// How long connecting may take.
        public var connectTimeout: Duration = .seconds(10)
        /// How many times a statement is tried when its connection breaks or its answer does not
        /// come in time (see ``statementTimeout``).
        public var connectionAttempts: Int = 3
        /// How long one statement (or one transaction, as a whole) may take, from asking the pool
        /// for a connection to the last row of its answer, before it is abandoned: its connection is
        /// closed, and it is tried again when that cannot double its effect (see "Faults" on
        /// ``PostgresStore``). So a call never waits forever for an answer that was lost (a server
        /// that stalls, a network that drops packets, a query postgres-nio lost on a connection that
        /// had just closed). Keep it above the slowest statement the store runs under load.
        public var statementTimeout: Duration = .seconds(30)
        /// Whether to hold a `LISTEN` connection for ``changes()``.
        public var listens: Bool = true

        /// Default options.
        public init() {}
    }

    /// The database, without its password.
    public let location: PostgresStoreLocation
    let client: PostgresClient
    let options: Options
    let logger: Logger
    private let state = Mutex(State())
    /// Concurrent ``recordInbound(_:at:)`` calls, one statement per batch (set once, at init).
    private let inbound = Mutex<GroupCommit<[InboundRow], [InboxEntry]>?>(nil)
    /// Concurrent ``insertOutbox(contentsOf:)`` calls, one statement per batch (set once, at init).
    private let outbound = Mutex<GroupCommit<[OutboxRow], [(entry: OutboxEntry, inserted: Bool)]>?>(nil)
    private let runTask: Mutex<Task<Void, Never>?> = Mutex(nil)
    private let readiness: Mutex<Task<Result<Void, SwitchboardError>, Never>?> = Mutex(nil)

    private struct State {
        var closed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var subscribers: [UUID: AsyncStream<StoreChange>.Continuation] = [:]
    }

    /// Connects to the database named by `url` (`postgres://user@host:port/database`), the
    /// password from `environment["SWITCHBOARD_STORE_PASSWORD"]`, and migrates it.
    public static func connect(url: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                               logger: Logger = Logger(label: "switchboard.store.postgres"),
                               options: Options = Options()) async throws(SwitchboardError) -> PostgresStore {
        try await connect(to: PostgresStoreLocation(url: url, environment: environment), logger: logger, options: options)
    }

    /// Connects to `location`, checks the server (reachable, password, schema version) and
    /// migrates the schema; throws one line naming the URL (never the password) when it cannot.
    public static func connect(to location: PostgresStoreLocation,
                               logger: Logger = Logger(label: "switchboard.store.postgres"),
                               options: Options = Options()) async throws(SwitchboardError) -> PostgresStore {
        let store = open(location, logger: logger, options: options)
        do {
            try await store.ready()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// A store for `location` that connects in the background: returns at once, and every call
    /// waits for the server check and the migration (and throws their error, the same one line,
    /// when they failed). For callers that cannot wait, as ``SwitchboardClient``'s store kinds;
    /// ``connect(to:logger:options:)`` waits and fails at once instead.
    public static func open(_ location: PostgresStoreLocation,
                            logger: Logger = Logger(label: "switchboard.store.postgres"),
                            options: Options = Options()) -> PostgresStore {
        let store = PostgresStore(location: location, options: options, logger: logger)
        store.start()
        return store
    }

    /// Checks the server with one plain connection (which fails fast and clearly, where the pool
    /// would keep trying), migrates the schema on it, and closes it.
    private func prepare() async -> Result<Void, SwitchboardError> {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: Self.connectionConfiguration(location, options: options), id: 0, logger: logger)
        } catch {
            return .failure(.storage("cannot connect to the store at \(location): \(Self.describe(error))"))
        }
        defer { Task { try? await connection.close() } }
        do {
            try await Self.migrate(on: connection, logger: logger)
            return .success(())
        } catch let error as SwitchboardError {
            return .failure(.storage("store at \(location): \(error.message)"))
        } catch {
            return .failure(.storage("cannot migrate the store at \(location): \(Self.describe(error))"))
        }
    }

    /// Returns once the server was checked and the schema migrated; throws why not (one line
    /// naming the URL, never the password).
    public func ready() async throws(SwitchboardError) {
        guard let task = readiness.withLock({ $0 }) else { throw .storage("store: not started") }
        try await task.value.get()
    }

    private init(location: PostgresStoreLocation, options: Options, logger: Logger) {
        self.location = location
        self.options = options
        self.logger = logger
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: Self.tls(location.tls))
        configuration.options.maximumConnections = options.maximumConnections
        configuration.options.connectTimeout = options.connectTimeout
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        // Weak: a commit runs only for callers inside this store's methods, which keep it alive.
        inbound.withLock { commits in
            commits = GroupCommit(weight: { $0.count }) { [weak self] batch async throws(SwitchboardError) in
                guard let self else { throw .storage("store: the store was released") }
                return try await self.recordInbound(batch)
            }
        }
        outbound.withLock { commits in
            commits = GroupCommit(weight: { $0.count }) { [weak self] batch async throws(SwitchboardError) in
                guard let self else { throw .storage("store: the store was released") }
                return try await self.insertOutbox(batch)
            }
        }
    }

    /// The group commit of inbound events.
    var inboundCommits: GroupCommit<[InboundRow], [InboxEntry]> { inbound.withLock { $0! } }
    /// The group commit of outbox entries.
    var outboxCommits: GroupCommit<[OutboxRow], [(entry: OutboxEntry, inserted: Bool)]> { outbound.withLock { $0! } }

    private func start() {
        let logger = logger
        let location = location
        readiness.withLock { readiness in
            readiness = Task { [self] in
                let result = await prepare()
                if case .failure(let error) = result {
                    // Thrown to every caller (`ready()`, each store call): the caller reports it, once.
                    logger.debug("\(error.message)", metadata: ["store": "\(location)"])
                }
                return result
            }
        }
        let task = Task { [self] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.client.run() }
                if options.listens {
                    // Listens once the server was reached and the schema checked: a store that cannot
                    // be used fails in one line, not also in reconnection warnings.
                    group.addTask { if (try? await self.ready()) != nil { await self.listen() } }
                }
                await group.next()
                group.cancelAll()
            }
        }
        runTask.withLock { $0 = task }
    }

    /// Runs until cancelled or until a graceful shutdown (swift-service-lifecycle), then closes the
    /// store. The store works without it (its pool runs in a task of its own from ``connect(to:logger:options:)``);
    /// running it ties the store's life to the caller's task group.
    public func run() async {
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await waitUntilClosed()
            } onCancel: {
                self.markClosed()
            }
        } onGracefulShutdown: {
            self.markClosed()
        }
        await close()
    }

    /// Closes the store: its connections are released and later calls throw. Calling it twice is harmless.
    ///
    /// It waits at most 30 s for the task running the connection pool to end. One that has not
    /// ended by then (a connection still leased to a statement whose answer postgres-nio lost, see
    /// "Faults", never comes back) is logged as a warning and left to end on its own, so that
    /// closing never stalls the caller's shutdown.
    public func close() async {
        markClosed()
        guard let task = runTask.withLock({ $0 }) else { return }
        task.cancel()
        if await !waitForEnd(of: task, atMost: .seconds(30)) {
            logger.warning("store: the connection pool of \(location) did not stop within 30 s of closing; left to stop on its own")
        }
    }

    private func markClosed() {
        let (waiters, subscribers) = state.withLock { state in
            state.closed = true
            defer { state.waiters = []; state.subscribers = [:] }
            return (state.waiters, Array(state.subscribers.values))
        }
        waiters.forEach { $0.resume() }
        subscribers.forEach { $0.finish() }
        runTask.withLock { $0 }?.cancel()
    }

    private func waitUntilClosed() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let closed = state.withLock { state in
                if !state.closed { state.waiters.append(continuation) }
                return state.closed
            }
            if closed { continuation.resume() }
        }
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    // MARK: - Change notifications

    /// A new sequence of changes other dispatchers should wake for: one element per burst of
    /// inserts into the outbox or the inbox, by any process sharing the database (this one
    /// included). It ends when the store closes. Elements are coalesced: a slow reader sees one
    /// pending element per kind, never a backlog. Each time the `LISTEN` connection is established
    /// (at start and after a break) both kinds are yielded, since notifications sent before were lost.
    public func changes() -> AsyncStream<StoreChange> {
        let (stream, continuation) = AsyncStream<StoreChange>.makeStream(bufferingPolicy: .bufferingNewest(2))
        let id = UUID()
        let closed = state.withLock { state in
            if !state.closed { state.subscribers[id] = continuation }
            return state.closed
        }
        if closed {
            continuation.finish()
        } else {
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
            }
        }
        return stream
    }

    func publish(_ change: StoreChange) {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        subscribers.forEach { $0.yield(change) }
    }

    /// Holds one connection that `LISTEN`s on both channels, reconnecting (after a second) when it breaks.
    private func listen() async {
        var connectionID = 1
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: Self.connectionConfiguration(location, options: options), id: connectionID, logger: logger)
                connectionID += 1
                do {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for change in StoreChange.allCases {
                            group.addTask {
                                try await connection.listen(on: change.channel) { notifications in
                                    // Listening now. Notifications sent before were lost (at start: rows
                                    // added while the store was starting), so dispatchers look once more.
                                    self.publish(change)
                                    for try await _ in notifications { self.publish(change) }
                                }
                            }
                        }
                        defer { group.cancelAll() }
                        try await group.next()
                    }
                } catch {
                    // A connection must be closed before it is released, however listening ended.
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch {
                if Task.isCancelled { return }
                logger.warning("store: the LISTEN connection to \(location) broke: \(Self.describe(error)); reconnecting")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    // MARK: - Helpers for the feature files

    /// One line about `error`, without queries or bound values.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let info = error.serverInfo, let message = info[.message] {
                return message + (info[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
            }
            if let underlying = error.underlying { return "\(error.code): \(describe(underlying))" }
            return "\(error.code)"
        }
        if let error = error as? SwitchboardError { return error.message }
        return String(describing: error).replacingOccurrences(of: "\n", with: " ")
    }

    static func connectionConfiguration(_ location: PostgresStoreLocation, options: Options) -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: connectionTLS(location.tls))
        configuration.options.connectTimeout = .nanoseconds(options.connectTimeout.wholeNanoseconds)
        return configuration
    }

    private static func tls(_ mode: PostgresStoreLocation.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    private static func connectionTLS(_ mode: PostgresStoreLocation.TLSMode) -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer: return (try? .prefer(.init(configuration: .makeClientConfiguration()))) ?? .disable
        case .require: return (try? .require(.init(configuration: .makeClientConfiguration()))) ?? .disable
        }
    }

    /// `value` as JSON text (sorted keys, so equal values give equal text; see `StoredJSON`).
    static func json<T: Encodable>(_ value: T) throws(SwitchboardError) -> String {
        do { return try StoredJSON.text(value) } catch {
            throw .storage("store: cannot encode \(T.self): \(error)")
        }
    }

    /// Decodes JSON text written by ``json(_:)``.
    static func decode<T: Decodable>(_ type: T.Type, json text: String) throws -> T {
        try StoredJSON.decode(type, json: text)
    }
}

extension Date {
    /// Seconds since 1970, as stored (`DOUBLE PRECISION`, so dates round-trip exactly).
    var storeSeconds: Double { timeIntervalSince1970 }
    /// The date of a stored seconds value.
    init(storeSeconds: Double) { self.init(timeIntervalSince1970: storeSeconds) }
}

extension PostgresRandomAccessRow {
    /// The column's value, with a ``SwitchboardError/Kind/storage`` error naming the column when it does not decode.
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws(SwitchboardError) -> T {
        do { return try self[column].decode(T.self) } catch {
            throw .storage("store: column \(column) does not decode as \(T.self)")
        }
    }
}

extension StoreChange {
    /// The `NOTIFY` channel of this kind of change.
    var channel: String { "switchboard_\(rawValue)" }
}
