import Foundation

/// Runs the work it is given (starting child processes) on one thread of its own that lasts as
/// long as the process. Linux sends a child its parent-death signal when the thread that started
/// it ends, and the cooperative pool's threads may end when idle; a child started there could be
/// killed in the middle of a test. The thread waits on a condition, outside the cooperative pool.
final class ChildSpawner: @unchecked Sendable {
    static let shared = ChildSpawner()

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var jobs: [@Sendable () -> Void] = []

    private init() {
        let thread = Thread { [self] in serve() }
        thread.name = "switchboard-test-child-spawner"
        thread.start()
    }

    /// Runs `work` on the spawner's thread; what it returned or threw.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            jobs.append { continuation.resume(with: Result { try work() }) }
            condition.signal()
            condition.unlock()
        }
    }

    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
