import Foundation
import Logging
import PostgresNIO
import Switchboard
import Synchronization

/// How the store runs its statements: each attempt under a deadline, and tried again only when a
/// second run cannot double what the first did.
///
/// Why a deadline: postgres-nio 1.33.2 hands a query to its connection with
/// `channel.write(HandlerTask.extendedQuery(context), promise: nil)` (`PostgresClient.query`,
/// `PostgresConnection.query`). When the connection has just closed, SwiftNIO has already torn
/// its pipeline down (`BaseSocketChannel.close0` schedules `removeHandlers`, and the pool learns of
/// the close from `closeFuture`, which completes after that), so the write reaches no handler and
/// fails only its own `nil` promise: the query's promise is never completed and its caller waits
/// forever. The fix for that (postgres-nio PR #487) was reverted (#501). A stalled server (a lock, a
/// stopped process, a partition) also leaves a statement without an answer.
///
/// Why not a task group: the body awaits a promise that does not honour cancellation (and, in the
/// case above, is never completed), so a group would wait for its losing child forever at the end
/// of its scope. The body runs in a task of its own instead, the caller waits for whichever comes
/// first, its result or a timer on a NIO event loop, and the timer closes the attempt's connection,
/// which fails what postgres-nio still holds of it. Nothing blocks the cooperative pool.
extension PostgresStore {
    /// Whether a statement may run again after its answer was lost (the deadline passed or the
    /// connection broke after it was sent), when the first run may have committed.
    enum Replay: Sendable {
        /// A read: no side effect.
        case read
        /// A write whose second run changes nothing the first did not: an absolute update, an
        /// upsert, an insert guarded by a unique key (`ON CONFLICT`), a delete, or a claim under a
        /// lease (a claim committed without its answer is a dead dispatcher's: taken over when its
        /// lease expires, never lost, and never sent, since nobody got it).
        case idempotent
        /// A write that must not run twice (a read-modify-write of a counter): once it may have
        /// reached the server (for a transaction, once `COMMIT` was sent), a lost answer is thrown
        /// as an ambiguous ``SwitchboardError/Kind/storage`` error and it is not run again.
        case once
    }

    /// Runs one statement and returns its rows, under ``Options/statementTimeout``; it is tried
    /// again after a broken connection or a lost answer as `replay` allows.
    @discardableResult
    func rows(_ action: @autoclosure () -> String, _ replay: Replay, _ query: PostgresQuery) async throws(SwitchboardError) -> [PostgresRow] {
        try await retrying(action(), replay) { attempt in
            try await self.client.withConnection { connection in
                defer { attempt.end() }
                // A single statement commits by itself: it may take effect once it is written.
                guard attempt.begin(connection), attempt.willSend() else { throw AttemptAbandoned() }
                return try await connection.query(query, logger: Self.quietLogger).collect()
            }
        }
    }

    /// Runs `body` in one transaction, under ``Options/statementTimeout`` as a whole; a broken
    /// connection or a lost answer runs it again from the start as `replay` allows. Nothing the body
    /// does takes effect before `COMMIT`, so a transaction abandoned before it is always run again.
    func transaction<T: Sendable>(_ action: @autoclosure () -> String, _ replay: Replay,
                                  _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(SwitchboardError) -> T {
        try await retrying(action(), replay) { attempt in
            try await self.client.withConnection { connection in
                defer { attempt.end() }
                guard attempt.begin(connection) else { throw AttemptAbandoned() }
                try await connection.query("BEGIN", logger: Self.quietLogger)
                let value: T
                do {
                    value = try await body(connection)
                } catch {
                    if !attempt.isAbandoned { _ = try? await connection.query("ROLLBACK", logger: Self.quietLogger) }
                    throw error
                }
                // Abandoned (the deadline passed) before COMMIT: it never commits, so it may run again.
                guard attempt.willSend() else { throw AttemptAbandoned() }
                try await connection.query("COMMIT", logger: Self.quietLogger)
                return value
            }
        }
    }

    func retrying<T: Sendable>(_ action: String, _ replay: Replay,
                                       _ body: @escaping @Sendable (Attempt) async throws -> T) async throws(SwitchboardError) -> T {
        try await ready()
        var tries = 0
        var mayHaveTakenEffect = false
        while true {
            tries += 1
            if isClosed { throw .storage("store: \(action) failed: the store is closed") }
            let (result, sent) = await withDeadline(body)
            let error: any Error
            switch result {
            case .success(let value): return value
            case .failure(let failure as SwitchboardError): throw failure
            case .failure(let failure): error = failure
            }
            let lost = error is StatementDeadline || Self.isConnectionLoss(error)
            if lost, sent {
                // The statement (or COMMIT) was written and its answer lost: it may have committed.
                guard replay != .once else {
                    throw SwitchboardError.storage("store: \(action): \(Self.describe(error)) after it was sent; it may have been committed, so it is not run again").markedAmbiguous()
                }
                if replay == .idempotent { mayHaveTakenEffect = true }
            }
            if lost || Self.isTransient(error), tries < options.connectionAttempts, !isClosed {
                logger.warning("store: \(action) failed (\(Self.describe(error))); trying again")
                try? await Task.sleep(for: .milliseconds(100 * tries))
                continue
            }
            let failure = SwitchboardError.storage("store: \(action) failed: \(Self.describe(error))")
            throw mayHaveTakenEffect ? failure.markedAmbiguous() : failure
        }
    }

    /// Runs `body` once, waiting at most ``Options/statementTimeout`` for it; whether its statement
    /// (or COMMIT) may have been written. When the deadline passes first, the attempt is abandoned
    /// (its connection closed) and `body` is left to end on its own: its result is dropped.
    private func withDeadline<T: Sendable>(_ body: @escaping @Sendable (Attempt) async throws -> T) async -> (Result<T, any Error>, sent: Bool) {
        let attempt = Attempt()
        let timeout = options.statementTimeout
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>, Never>) in
            let answer = ResumeOnce(continuation)
            let timer = PostgresClient.defaultEventLoopGroup.any().scheduleTask(in: .nanoseconds(timeout.wholeNanoseconds)) {
                // The caller is answered before the connection closes, so that the body's error
                // from the close (on another thread) cannot answer first.
                let (sent, connection) = attempt.abandon()
                answer.resume(.failure(StatementDeadline(timeout: timeout, sent: sent)))
                if let connection {
                    let closed: EventLoopFuture<Void> = connection.close()
                    _ = closed
                }
            }
            // Not a child task: it may never end (see above), and the caller's cancellation must not
            // cut a write short, so the caller waits for the answer or the deadline only.
            Task {
                let result: Result<T, any Error>
                do { result = .success(try await body(attempt)) } catch { result = .failure(error) }
                timer.cancel()
                answer.resume(result)
            }
        }
        if case .failure(let error as StatementDeadline) = result { return (result, error.sent) }
        return (result, attempt.wasSent)
    }

    /// Whether `error` means the connection broke (or could not be made), or the server chose this
    /// transaction as a deadlock's or serialization conflict's victim: a fresh try may succeed.
    /// An error the server answered means the statement's transaction rolled back.
    static func isTransient(_ error: any Error) -> Bool {
        if isConnectionLoss(error) { return true }
        guard let error = error as? PSQLError, error.code == .server else { return false }
        // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 08xxx connection
        // exceptions, 40001 serialization failure, 40P01 deadlock.
        let state = error.serverInfo?[.sqlState] ?? ""
        return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "40001", "40P01"].contains(state)
    }

    /// Whether `error` means the connection broke without the server answering: a statement sent
    /// on it may or may not have committed.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return error is NIOCore.IOError || error is ChannelError }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown: return true
        default: return false
        }
    }

    /// postgres-nio's query logging stays off, as `PostgresClient.query` has it by default (bound
    /// values are message contents).
    static let quietLogger = Logger(label: "switchboard.store.postgres.query") { _ in SwiftLogNoOpLogHandler() }
}

/// One attempt of a statement or transaction: its connection, whether its effect may have been
/// sent, and whether the deadline abandoned it. Abandoning and starting to send exclude each other,
/// so an abandoned attempt never sends its statement or its COMMIT afterwards.
final class Attempt: Sendable {
    private struct State {
        var connection: PostgresConnection?
        var sent = false
        var abandoned = false
    }

    private let state = Mutex(State())

    /// Holds the connection the attempt runs on; false when it was abandoned already (a lease that
    /// came after the deadline runs nothing).
    func begin(_ connection: PostgresConnection) -> Bool {
        state.withLock { state in
            guard !state.abandoned else { return false }
            state.connection = connection
            return true
        }
    }

    /// Notes that the statement that commits is about to be written; false when abandoned.
    func willSend() -> Bool {
        state.withLock { state in
            guard !state.abandoned else { return false }
            state.sent = true
            return true
        }
    }

    /// Lets go of the connection before it goes back to the pool, so that a late deadline never
    /// closes a connection another caller has.
    func end() { state.withLock { $0.connection = nil } }

    /// Abandons the attempt: whether anything was sent, and the connection to close (closing it
    /// fails the statement postgres-nio still waits on, so the body ends and the pool drops it).
    func abandon() -> (sent: Bool, connection: PostgresConnection?) {
        state.withLock { state in
            state.abandoned = true
            defer { state.connection = nil }
            return (state.sent, state.connection)
        }
    }

    var isAbandoned: Bool { state.withLock { $0.abandoned } }
    var wasSent: Bool { state.withLock { $0.sent } }
}

/// A statement got no answer within the store's statement timeout.
struct StatementDeadline: Error, CustomStringConvertible {
    let timeout: Duration
    /// Whether the statement (or COMMIT) had been written.
    let sent: Bool
    var description: String { String(format: "no answer within %gs", Double(timeout.wholeNanoseconds) / 1e9) }
}

/// Thrown inside an attempt the deadline abandoned; nobody waits for it any more.
struct AttemptAbandoned: Error {}

extension Duration {
    /// The duration in whole nanoseconds.
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
