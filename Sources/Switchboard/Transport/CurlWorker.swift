import CCurl
import Foundation
import Logging
import Synchronization

/// The thread side of ``CurlTransport``: owns the multi handle, the easy handles and every
/// transfer in flight. Only `wake()` and `state` are used from other threads
/// (`curl_multi_wakeup` is thread-safe); everything else runs on the transport's own thread.
final class CurlWorker: @unchecked Sendable {
    /// What callers and the thread share.
    struct SharedState {
        /// Handed over, not yet seen by the thread.
        var pending: [CurlTransfer] = []
        /// Cancelled by their callers, not yet seen by the thread.
        var cancelled: [CurlTransfer] = []
        var shuttingDown = false
        var stopped = false
        /// Callers of `shutdown()` waiting for the thread to finish.
        var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    }

    let state = Mutex(SharedState())
    private let multi: UnsafeMutableRawPointer
    private let logger: Logger
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []

    init(logger: Logger) {
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.multi = multi
        self.logger = logger
        // Keep enough connections cached for a burst of concurrent requests to be reused later.
        _ = sb_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 256)
    }

    /// Interrupts `curl_multi_poll` so new requests, cancellations or shutdown are seen at once.
    func wake() { curl_multi_wakeup(multi) }

    /// Hands a transfer to the thread; false once shutdown began.
    func enqueue(_ transfer: CurlTransfer) -> Bool {
        let (accepted, first) = state.withLock { state -> (Bool, Bool) in
            guard !state.shuttingDown else { return (false, false) }
            state.pending.append(transfer)
            return (true, state.pending.count == 1 && state.cancelled.isEmpty)
        }
        // The thread drains everything after each poll, so only the first hand-over since the
        // last drain needs to wake it.
        if first { wake() }
        return accepted
    }

    /// Tells the thread that the caller of `transfer` was cancelled.
    func cancel(_ transfer: CurlTransfer) {
        transfer.cancelRequested.store(true, ordering: .releasing)
        let first = state.withLock { state -> Bool in
            state.cancelled.append(transfer)
            return state.cancelled.count == 1 && state.pending.isEmpty
        }
        if first { wake() }
    }

    /// The thread's loop, until shutdown.
    func run() {
        while true {
            let (incoming, cancelled, stopping) = state.withLock { state in
                defer { state.pending.removeAll(keepingCapacity: true); state.cancelled.removeAll(keepingCapacity: true) }
                return (state.pending, state.cancelled, state.shuttingDown)
            }
            if stopping {
                for transfer in incoming { transfer.finish(.failure(shutDownError(transfer))) }
                break
            }
            for transfer in incoming {
                if transfer.cancelRequested.load(ordering: .acquiring) {
                    transfer.finish(.failure(cancelledError(transfer)))
                } else {
                    start(transfer)
                }
            }
            for transfer in cancelled {
                guard let handle = transfer.handle else { continue }  // finished, or never started
                remove(handle)
                transfer.finish(.failure(cancelledError(transfer)))
            }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        for (handle, transfer) in active {
            remove(handle)
            transfer.finish(.failure(shutDownError(transfer)))
        }
        for handle in idleHandles { curl_easy_cleanup(handle) }
        idleHandles.removeAll()
        curl_multi_cleanup(multi)
        let waiters = state.withLock { state in
            state.stopped = true
            defer { state.shutdownWaiters.removeAll() }
            return state.shutdownWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func shutDownError(_ transfer: CurlTransfer) -> SwitchboardError {
        .transport(.cancelled, "\(transfer.request.description): the transport is shut down", ambiguous: transfer.mayHaveBeenSent)
    }

    private func cancelledError(_ transfer: CurlTransfer) -> SwitchboardError {
        transfer.mayHaveBeenSent
            ? .transport(.cancelled, "\(transfer.request.description): cancelled after the request may have been written", ambiguous: true)
            : .transport(.cancelled, "\(transfer.request.description): cancelled before the request was sent")
    }

    private func start(_ transfer: CurlTransfer) {
        let handle: UnsafeMutableRawPointer
        if let reused = idleHandles.popLast() {
            curl_easy_reset(reused)
            handle = reused
        } else if let fresh = curl_easy_init() {
            handle = fresh
        } else {
            transfer.finish(.failure(.transport(.other, "\(transfer.request.description): curl_easy_init failed")))
            return
        }
        if let error = CurlOptions.configure(handle, for: transfer) {
            idleHandles.append(handle)
            transfer.finish(.failure(error))
            return
        }
        transfer.handle = handle
        active[handle] = transfer
        curl_multi_add_handle(multi, handle)
    }

    private func remove(_ handle: UnsafeMutableRawPointer) {
        curl_multi_remove_handle(multi, handle)
        active.removeValue(forKey: handle)?.handle = nil
        idleHandles.append(handle)
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            guard let transfer = active[handle] else { continue }
            let result = CurlOptions.result(of: handle, code: code, transfer: transfer)
            remove(handle)
            transfer.finish(result)
        }
    }
}
