import Synchronization

/// Group commit: concurrent requests that arrive while a commit is in progress are committed
/// together, in the next one, in the order they arrived.
///
/// Each caller of ``submit(_:)`` is resumed with its own response once the transaction holding
/// its request has committed, never before. At most one commit runs at a time, and no caller's
/// task is held for other callers' work:
/// - an async commit (PostgreSQL's) runs on a task of its own;
/// - a serial one (SQLite's) runs on the database's own writer thread, one batch a turn of it,
///   so that a request is one hop to that thread and one back to its caller, not four (the
///   caller, a task of its own, the writer and back): thread wake-ups were a quarter of a
///   one-at-a-time enqueue's CPU time (issue 17).
///
/// A batch whose commit fails is committed again one request at a time, so that a request that
/// cannot be stored fails alone, and the others are stored and answered as if they had come alone.
/// The commit function must therefore be all or nothing (one transaction, or one statement). A
/// failure marked ambiguous (the store's answer was lost: it may have committed) is about the store,
/// not a request, so every request of the batch gets it at once rather than waiting for each to fail
/// alone in turn.
package final class GroupCommit<Request: Sendable, Response: Sendable>: Sendable {
    /// Commits requests in one transaction, returning one response per request, in order.
    package typealias Commit = @Sendable ([Request]) async throws(SwitchboardError) -> [Response]
    /// The same, synchronous, on a thread that may block (a database's writer).
    package typealias SerialCommit = ([Request]) throws(SwitchboardError) -> [Response]
    /// Runs its argument, later, on the writer's thread, with the commit to use there.
    package typealias SerialRunner = @Sendable (@escaping @Sendable (SerialCommit) -> Void) -> Void

    private enum Committer: Sendable {
        case async(Commit)
        case serial(SerialRunner)
    }

    private struct Waiting: Sendable {
        let request: Request
        let weight: Int
        let continuation: CheckedContinuation<Result<Response, SwitchboardError>, Never>
    }

    private struct State: Sendable {
        var queue: [Waiting] = []
        var committing = false
    }

    private let state = Mutex(State())
    private let committer: Committer
    private let weight: @Sendable (Request) -> Int
    private let limit: Int

    /// Creates a group commit over `commit`, drained on a task of its own.
    ///
    /// - Parameters:
    ///   - limit: the most weight one transaction takes (it always takes at least one request).
    ///   - weight: a request's weight, such as its row count.
    package init(limit: Int = 1000, weight: @escaping @Sendable (Request) -> Int = { _ in 1 }, commit: @escaping Commit) {
        self.limit = max(1, limit)
        self.weight = weight
        committer = .async(commit)
    }

    /// Creates a group commit whose batches `run` commits on a writer's own thread: each call of
    /// `run` must call its argument once, there, with a commit that runs one transaction.
    package init(limit: Int = 1000, weight: @escaping @Sendable (Request) -> Int = { _ in 1 }, run: @escaping SerialRunner) {
        self.limit = max(1, limit)
        self.weight = weight
        committer = .serial(run)
    }

    /// How many requests wait for the next commit.
    package var waiting: Int { state.withLock { $0.queue.count } }

    /// Commits `request` with whatever else is waiting; returns its response once it is committed.
    package func submit(_ request: Request) async throws(SwitchboardError) -> Response {
        let weight = weight(request)
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Response, SwitchboardError>, Never>) in
            let start = state.withLock { state -> Bool in
                state.queue.append(Waiting(request: request, weight: weight, continuation: continuation))
                guard !state.committing else { return false }
                state.committing = true
                return true
            }
            guard start else { return }
            switch committer {
            case .async: Task { await self.drain() }
            case .serial(let run): run { commit in self.commitTurn(commit) }
            }
        }
        return try result.get()
    }

    /// The next batch, in arrival order, up to the weight limit; empty (and no commit running
    /// any more) when nothing waits.
    private func nextBatch() -> [Waiting] {
        state.withLock { state -> [Waiting] in
            var taken = 0
            var total = 0
            for waiting in state.queue {
                if taken > 0 && total + waiting.weight > limit { break }
                taken += 1
                total += waiting.weight
            }
            if taken == 0 { state.committing = false }
            defer { state.queue.removeFirst(taken) }
            return Array(state.queue.prefix(taken))
        }
    }

    /// Commits what is waiting, batch after batch, until nothing is.
    private func drain() async {
        while true {
            let batch = nextBatch()
            guard !batch.isEmpty else { return }
            let results = await commitIsolating(batch.map(\.request))
            for (waiting, result) in zip(batch, results) { waiting.continuation.resume(returning: result) }
        }
    }

    /// One batch on the writer's thread, then the next in a later turn of it, behind the writes
    /// queued meanwhile, so that a steady stream of requests does not hold the writer.
    private func commitTurn(_ commit: SerialCommit) {
        let batch = nextBatch()
        guard !batch.isEmpty, case .serial(let run) = committer else { return }
        let requests = batch.map(\.request)
        var results: [Result<Response, SwitchboardError>]
        do {
            results = try Self.checked(commit(requests), for: requests).map { .success($0) }
        } catch {
            results = requests.map { _ in .failure(error) }
            if Self.isolates(error, count: requests.count) {
                results = requests.map { request in Result { () throws(SwitchboardError) in try Self.checked(commit([request]), for: [request])[0] } }
            }
        }
        for (waiting, result) in zip(batch, results) { waiting.continuation.resume(returning: result) }
        let more = state.withLock { state -> Bool in
            if state.queue.isEmpty { state.committing = false }
            return state.committing
        }
        if more { run { commit in self.commitTurn(commit) } }
    }

    /// One result per request: the batch's, or when it failed, each request's alone.
    private func commitIsolating(_ requests: [Request]) async -> [Result<Response, SwitchboardError>] {
        guard case .async(let commit) = committer else { return [] }
        do {
            return try Self.checked(await commit(requests), for: requests).map { .success($0) }
        } catch {
            guard Self.isolates(error, count: requests.count) else { return requests.map { _ in .failure(error) } }
        }
        var results: [Result<Response, SwitchboardError>] = []
        results.reserveCapacity(requests.count)
        for request in requests {
            do { results.append(.success(try Self.checked(await commit([request]), for: [request])[0])) } catch { results.append(.failure(error)) }
        }
        return results
    }

    /// Whether a batch's failure is retried request by request: not for one request, and not for
    /// an ambiguous failure, which is about the store.
    private static func isolates(_ error: SwitchboardError, count: Int) -> Bool {
        count > 1 && !error.isAmbiguous
    }

    private static func checked(_ responses: [Response], for requests: [Request]) throws(SwitchboardError) -> [Response] {
        guard responses.count == requests.count else {
            throw .storage("store: a group commit of \(requests.count) requests answered \(responses.count)")
        }
        return responses
    }
}
