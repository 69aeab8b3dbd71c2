import Foundation
import HTTPTypes
import Switchboard
import Synchronization

/// An ``HTTPTransport`` that answers every request at once, in process, with a fixed response,
/// and remembers the last request. Two uses: to learn exactly what the adapter would put on the
/// wire (so the raw clients send the identical request), and to measure the stack above the
/// transport with no I/O at all.
public final class CapturingTransport: HTTPTransport {
    private let response: TransportResponse
    private let last = Mutex<TransportRequest?>(nil)

    /// Answers every request with `status` and `body`, as JSON.
    public init(status: Int = 200, body: String) {
        response = TransportResponse(status: HTTPResponse.Status(code: status), headerFields: [.contentType: "application/json"], body: Data(body.utf8))
    }

    public func send(_ request: TransportRequest) async throws(SwitchboardError) -> TransportResponse {
        last.withLock { $0 = request }
        return response
    }

    /// The last request sent through this transport.
    public var lastRequest: TransportRequest? { last.withLock { $0 } }
}
