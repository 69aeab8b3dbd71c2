import Synchronization

/// Resumes a continuation with the first result given; later ones are dropped.
package final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, Never>?>

    package init(_ continuation: CheckedContinuation<T, Never>) { self.continuation = Mutex(continuation) }

    package func resume(_ value: T) {
        let continuation = continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }
        continuation?.resume(returning: value)
    }
}

