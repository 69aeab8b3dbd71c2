import CCurl
import Foundation
import HTTPTypes
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
/// `transport(.cancelled)` error and returns once the thread has finished. Nothing depends on
/// `deinit`.
///
/// Cancellation tells the truth about what reached the server. A send whose task is already
/// cancelled sends nothing. Cancelling a send before libcurl was about to write the request (still
/// queued, resolving or connecting) throws `transport(.cancelled)` that is
/// ``SwitchboardError/surelyNotSent``; once the request may have been written, the error is
/// ambiguous.
///
/// A request is never re-sent silently when it may have had an effect: libcurl retries a request
/// on a fresh connection when a reused one closes before any answer byte, which for `POST` and
/// `PATCH` could do the work twice. Those fail instead with an ambiguous
/// `transport(.connectionLost)`; idempotent methods are retried as libcurl does.
public final class CurlTransport: HTTPTransport {
    private let worker: CurlWorker
    private let logger: Logger
    private let nextID = Atomic<UInt64>(1)

    /// Starts the transport's thread.
    ///
    /// - Parameter logger: receives one debug line per request and response, with a request id;
    ///   secrets in URLs and headers are redacted.
    public init(logger: Logger = Logger(label: "switchboard.curl")) {
        CurlGlobal.initialize()
        self.logger = logger
        worker = CurlWorker(logger: logger)
        let worker = worker
        let thread = Thread { worker.run() }
        thread.name = "switchboard-curl"
        thread.start()
    }

    /// Sends `request`; see ``HTTPTransport/send(_:)``.
    public func send(_ request: TransportRequest) async throws(SwitchboardError) -> TransportResponse {
        // The synchronous steps before and after the wait are out of line: what they use stays on
        // the thread's stack, not in this function's async frame, which lives as long as the
        // request is in flight (issue 17, memory per send in flight).
        let transfer = try start(request)
        let worker = worker
        let result = await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Result<Int, SwitchboardError>, Never>) in
                transfer.continuation = continuation
                if !worker.enqueue(transfer) {
                    transfer.finish(.failure(.transport(.cancelled, "\(transfer.request.description): the transport is shut down")))
                }
            }
        } onCancel: {
            worker.cancel(transfer)
        }
        return try response(of: transfer, result)
    }

    @inline(never)
    private func start(_ request: TransportRequest) throws(SwitchboardError) -> CurlTransfer {
        if Task.isCancelled {
            throw .transport(.cancelled, "\(request.description): cancelled before it was sent")
        }
        let transfer = CurlTransfer(request: request, id: nextID.wrappingAdd(1, ordering: .relaxed).oldValue)
        logger.debug("request", metadata: ["request-id": "\(transfer.id)", "request": "\(request.description)"])
        return transfer
    }

    @inline(never)
    private func response(of transfer: CurlTransfer, _ result: Result<Int, SwitchboardError>) throws(SwitchboardError) -> TransportResponse {
        switch result {
        case .success(let status):
            // Parsed here, on the caller's thread, not on the transport's one thread.
            let response = TransportResponse(status: HTTPResponse.Status(code: status),
                                             headerFields: CurlTransfer.parseHeaders(transfer.headerBytes), body: transfer.body)
            logger.debug("response", metadata: ["request-id": "\(transfer.id)", "status": "\(response.status.code)", "bytes": "\(response.body.count)"])
            return response
        case .failure(let error):
            logger.debug("failed", metadata: ["request-id": "\(transfer.id)", "error": "\(error)"])
            throw error
        }
    }

    /// Fails every request still in flight, stops the thread and frees libcurl's handles, and
    /// returns once that is done, without blocking a thread meanwhile. Calling it again, or from
    /// several tasks, waits for the same end. Sends after it throw `transport(.cancelled)`, surely
    /// not sent.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = worker.state.withLock { state -> Bool in
                guard !state.stopped else { return true }
                state.shuttingDown = true
                state.shutdownWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() } else { worker.wake() }
        }
    }
}

extension CurlTransport {
    /// Runs `body` with a new transport and shuts the transport down when `body` returns or
    /// throws, so that no exit path forgets it.
    public static func withTransport<T>(logger: Logger = Logger(label: "switchboard.curl"),
                                        _ body: (CurlTransport) async throws -> T) async rethrows -> T {
        let transport = CurlTransport(logger: logger)
        return try await withCleanup { try await body(transport) } cleanup: { await transport.shutdown() }
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
