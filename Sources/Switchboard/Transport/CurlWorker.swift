import CCurl
import Foundation
import Logging
import Synchronization

/// The thread side of ``CurlTransport``: owns the multi handle, the easy handles and every
/// transfer in flight. Only `wake()` is called from other threads (`curl_multi_wakeup` is
/// thread-safe); everything else runs on the transport's own thread.
final class CurlWorker: @unchecked Sendable {
    /// Requests handed over, cancellations and the shutdown flag.
    let state = Mutex(CurlTransport.SharedState())
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

    /// The thread's loop, until shutdown.
    func run() {
        while true {
            let (incoming, cancelled, stopping) = state.withLock { state in
                defer { state.pending.removeAll(); state.cancelled.removeAll() }
                return (state.pending, state.cancelled, state.shuttingDown)
            }
            if stopping {
                for transfer in incoming { transfer.finish(.failure(shutDownError(transfer))) }
                break
            }
            for transfer in incoming {
                if cancelled.contains(transfer.id) { transfer.finish(.failure(cancelledError(transfer))) } else { start(transfer) }
            }
            if !cancelled.isEmpty {
                for (handle, transfer) in active where cancelled.contains(transfer.id) {
                    remove(handle)
                    transfer.finish(.failure(cancelledError(transfer)))
                }
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
    }

    private func shutDownError(_ transfer: CurlTransfer) -> SwitchboardError {
        .transport(.cancelled, "\(transfer.request.description): the transport is shut down", ambiguous: true)
    }

    private func cancelledError(_ transfer: CurlTransfer) -> SwitchboardError {
        .transport(.cancelled, "\(transfer.request.description): cancelled", ambiguous: true)
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
        active[handle] = transfer
        curl_multi_add_handle(multi, handle)
    }

    private func remove(_ handle: UnsafeMutableRawPointer) {
        curl_multi_remove_handle(multi, handle)
        active[handle] = nil
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
