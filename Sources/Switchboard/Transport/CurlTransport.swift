import CCurl
import Foundation
import Logging
import Synchronization

/// An ``HTTPTransport`` on libcurl's multi interface.
///
/// One `CURLM` multi handle, owned by one dedicated thread that loops `curl_multi_perform` and
/// `curl_multi_poll`. Callers hand requests over through a locked queue and wake the thread with
/// `curl_multi_wakeup`; each completion resumes its caller's continuation. The multi handle keeps a
/// connection cache, so requests to the same host reuse kept-alive connections (HTTP/1.1, or
/// HTTP/2 over TLS where the server offers it).
///
/// Lifetimes are explicit: call ``shutdown()`` when done. It fails what is still in flight with a
/// `transport(.cancelled)` error and waits for the thread to finish. Nothing depends on `deinit`.
///
/// Cancelling the calling task removes the transfer from the multi handle at once and throws
/// `transport(.cancelled)`.
public final class CurlTransport: HTTPTransport {
    private let worker: CurlWorker
    private let logger: Logger
    private let finished = DispatchSemaphore(value: 0)

    /// What callers and the thread share, under the worker's lock.
    struct SharedState {
        var pending: [CurlTransfer] = []
        var cancelled: Set<UInt64> = []
        var nextID: UInt64 = 1
        var shuttingDown = false
        var stopped = false
    }

    /// Starts the transport's thread.
    ///
    /// - Parameter logger: receives one debug line per request and response, with a request id;
    ///   secrets in URLs and headers are redacted.
    public init(logger: Logger = Logger(label: "switchboard.curl")) {
        CurlGlobal.initialize()
        self.logger = logger
        worker = CurlWorker(logger: logger)
        let worker = worker
        let finished = finished
        let thread = Thread {
            worker.run()
            finished.signal()
        }
        thread.name = "switchboard-curl"
        thread.start()
    }

    /// Sends `request`; see ``HTTPTransport/send(_:)``.
    public func send(_ request: TransportRequest) async throws(SwitchboardError) -> TransportResponse {
        let transfer = CurlTransfer(request: request)
        let accepted = worker.state.withLock { state -> Bool in
            guard !state.shuttingDown else { return false }
            transfer.id = state.nextID
            state.nextID += 1
            return true
        }
        guard accepted else { throw .transport(.cancelled, "\(request.description): the transport is shut down") }
        logger.debug("request", metadata: ["request-id": "\(transfer.id)", "request": "\(request.description)"])

        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<TransportResponse, SwitchboardError>, Never>) in
                transfer.continuation = continuation
                let queued = worker.state.withLock { state -> Bool in
                    guard !state.shuttingDown else { return false }
                    state.pending.append(transfer)
                    return true
                }
                if queued { worker.wake() } else {
                    transfer.finish(.failure(.transport(.cancelled, "\(request.description): the transport is shut down")))
                }
            }
        } onCancel: {
            worker.state.withLock { _ = $0.cancelled.insert(transfer.id) }
            worker.wake()
        }
        switch result {
        case .success(let response):
            logger.debug("response", metadata: ["request-id": "\(transfer.id)", "status": "\(response.status.code)", "bytes": "\(response.body.count)"])
            return response
        case .failure(let error):
            logger.debug("failed", metadata: ["request-id": "\(transfer.id)", "error": "\(error)"])
            throw error
        }
    }

    /// Fails every request still in flight, stops the thread and frees libcurl's handles.
    /// Waits until that is done. Calling it again does nothing.
    public func shutdown() {
        let first = worker.state.withLock { state -> Bool in
            defer { state.shuttingDown = true }
            return !state.shuttingDown
        }
        guard first else { return }
        worker.wake()
        finished.wait()
    }
}

/// `curl_global_init`, once per process, before any other libcurl call.
enum CurlGlobal {
    private static let done: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    static func initialize() { _ = done }
}
