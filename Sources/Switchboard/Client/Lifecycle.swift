import Synchronization

/// Where a client stands: open, shutting down, closed; and the signals between ``SwitchboardClient/run()``
/// and ``SwitchboardClient/shutdown()``.
final class Lifecycle: Sendable {
    enum Phase { case open, stopping, closed }

    private struct State {
        var phase = Phase.open
        var running = false
        var closing = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    var isOpen: Bool { state.withLock { $0.phase == .open } }
    var isClosed: Bool { state.withLock { $0.phase == .closed } }

    /// Marks `run()` as running; `false` when it already runs or the client is closed.
    func startRunning() -> Bool {
        state.withLock { state in
            guard !state.running, state.phase != .closed else { return false }
            state.running = true
            return true
        }
    }

    /// Asks for a stop; whether `run()` is running (it will close), and whether this was the first ask.
    func requestStop() -> (running: Bool, first: Bool) {
        let (waiters, running, first) = state.withLock { state in
            let first = state.phase == .open
            if first { state.phase = .stopping }
            let waiters = state.stopWaiters
            state.stopWaiters = []
            return (waiters, state.running, first)
        }
        waiters.forEach { $0.resume() }
        return (running, first)
    }

    /// Returns once a stop was asked for (or at once when the task is cancelled).
    func waitForStop() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state in
                    if state.phase != .open || Task.isCancelled { return true }
                    state.stopWaiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiters = state.withLock { state in
                defer { state.stopWaiters = [] }
                return state.stopWaiters
            }
            waiters.forEach { $0.resume() }
        }
    }

    /// Claims the closing of the client; `false` when another call closes (or closed) it.
    func claimClose() -> Bool {
        state.withLock { state in
            defer { state.closing = true; if state.phase == .open { state.phase = .stopping } }
            return !state.closing
        }
    }

    /// Marks the client closed and wakes those waiting for it.
    func finishClose() {
        let waiters = state.withLock { state in
            state.phase = .closed
            state.running = false
            defer { state.closeWaiters = [] }
            return state.closeWaiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Returns once the client is closed.
    func waitForClose() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if state.phase == .closed { return true }
                state.closeWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
}
