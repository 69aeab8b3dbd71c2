import Foundation
import Synchronization

/// A signal for any number of waiters: ``signal()`` wakes everyone waiting now. Unlike
/// ``Wakeup`` (one waiter), several tasks may await deliveries at once.
final class Broadcast: Sendable {
    private struct State {
        var next = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Wakes every waiter.
    func signal() {
        let waiters = state.withLock { state in
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns on a signal, after `timeout`, or when the task is cancelled, whichever comes first.
    func wait(upTo timeout: Duration) async {
        let token = state.withLock { state in
            defer { state.next += 1 }
            return state.next
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.waitForSignal(token) }
            await group.next()
            group.cancelAll()
            self.release(token)
            await group.waitForAll()
        }
    }

    private func waitForSignal(_ token: Int) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    // Cancelled (the timer won) before it started waiting: do not wait. A signal
                    // sent before this point is missed; callers look again after each wait.
                    if Task.isCancelled { return true }
                    state.waiters[token] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.release(token)
        }
    }

    /// Resumes the waiter of `token`, if it waits.
    private func release(_ token: Int) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: token) }
        waiter?.resume()
    }
}
