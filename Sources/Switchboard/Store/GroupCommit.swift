import Synchronization

/// Group commit: concurrent requests that arrive while a commit is in progress are committed
/// together, in the next one, in the order they arrived.
///
/// Each caller of ``submit(_:)`` is resumed with its own response once the transaction holding
/// its request has committed, never before. At most one commit runs at a time; it runs on a task
/// of its own, so no caller's task is held for other callers' work and nothing blocks a thread.
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
    private let commit: Commit
    private let weight: @Sendable (Request) -> Int
    private let limit: Int

    /// Creates a group commit over `commit`.
    ///
    /// - Parameters:
    ///   - limit: the most weight one transaction takes (it always takes at least one request).
    ///   - weight: a request's weight, such as its row count.
    package init(limit: Int = 1000, weight: @escaping @Sendable (Request) -> Int = { _ in 1 }, commit: @escaping Commit) {
        self.limit = max(1, limit)
        self.weight = weight
        self.commit = commit
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
            if start { Task { await self.drain() } }
        }
        return try result.get()
    }

    /// Commits what is waiting, batch after batch, until nothing is.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Waiting] in
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
            guard !batch.isEmpty else { return }
            let results = await commitIsolating(batch.map(\.request))
            for (waiting, result) in zip(batch, results) { waiting.continuation.resume(returning: result) }
        }
    }

    /// One result per request: the batch's, or when it failed, each request's alone.
    private func commitIsolating(_ requests: [Request]) async -> [Result<Response, SwitchboardError>] {
        do {
            return try await responses(requests).map { .success($0) }
        } catch {
            guard requests.count > 1, !error.isAmbiguous else { return requests.map { _ in .failure(error) } }
        }
        var results: [Result<Response, SwitchboardError>] = []
        results.reserveCapacity(requests.count)
        for request in requests {
            do { results.append(.success(try await responses([request])[0])) } catch { results.append(.failure(error)) }
        }
        return results
    }

    private func responses(_ requests: [Request]) async throws(SwitchboardError) -> [Response] {
        let responses = try await commit(requests)
        guard responses.count == requests.count else {
            throw .storage("store: a group commit of \(requests.count) requests answered \(responses.count)")
        }
        return responses
    }
}
