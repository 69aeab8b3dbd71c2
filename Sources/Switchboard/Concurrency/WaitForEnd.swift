import Synchronization

/// Waits for `task` to end, at most `limit`; whether it ended. For shutdown paths that must not
/// wait forever on a task a library may fail to end (a server that does not stop, a connection
/// pool that waits for a lease a lost answer holds): the caller logs and goes on, and the task is
/// left to end on its own.
package func waitForEnd<Success: Sendable, Failure: Error>(of task: Task<Success, Failure>, atMost limit: Duration) async -> Bool {
    await withCheckedContinuation { continuation in
        let answer = ResumeOnce(continuation)
        let timer = Task {
            try? await Task.sleep(for: limit)
            answer.resume(false)
        }
        // Left waiting when the limit passes first: it ends with `task`, if ever.
        Task {
            _ = await task.result
            timer.cancel()
            answer.resume(true)
        }
    }
}
