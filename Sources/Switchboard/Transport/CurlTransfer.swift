import CCurl
import Foundation

/// One request in flight: its inputs, the bytes received so far and the caller's continuation.
///
/// Created by the calling task, then touched only by the transport's thread until `finish`, which
/// runs exactly once. That hand-over is what the `@unchecked Sendable` stands for.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    var id: UInt64 = 0
    var continuation: CheckedContinuation<Result<HTTPResponse, SwitchboardError>, Never>?

    /// The request body, owned here because libcurl reads `CURLOPT_POSTFIELDS` without copying.
    var upload: UnsafeMutableRawBufferPointer?
    /// Request headers as a libcurl list, freed with the transfer.
    var headerList: UnsafeMutablePointer<curl_slist>?
    /// Response state, filled by libcurl's callbacks.
    var body = Data()
    var headers: [(name: String, value: String)] = []
    /// libcurl's error text for the transfer.
    let errorBuffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        return buffer
    }()

    init(request: HTTPRequest) {
        self.request = request
    }

    deinit { errorBuffer.deallocate() }  // plain memory; no behaviour depends on when this runs

    /// Called by libcurl for each header line; a new status line starts a new header block
    /// (after `100 Continue` or a redirect), so only the final response's headers are kept.
    func receiveHeaderLine(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            headers.removeAll()
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = String(trimmed[..<colon])
        let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        headers.append((name, value))
    }

    /// Resumes the caller and frees what the transfer owned. Runs once; later calls do nothing.
    func finish(_ result: Result<HTTPResponse, SwitchboardError>) {
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        upload?.deallocate()
        upload = nil
        continuation?.resume(returning: result)
        continuation = nil
    }
}
