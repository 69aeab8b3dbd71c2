import CCurl
import Foundation
import HTTPTypes

/// One request in flight: its inputs, the bytes received so far and the caller's continuation.
///
/// Created by the calling task, then touched only by the transport's thread until `finish`, which
/// runs exactly once. That hand-over is what the `@unchecked Sendable` stands for.
final class CurlTransfer: @unchecked Sendable {
    let request: TransportRequest
    var id: UInt64 = 0
    var continuation: CheckedContinuation<Result<TransportResponse, SwitchboardError>, Never>?

    /// The request body, owned here because libcurl reads `CURLOPT_POSTFIELDS` without copying.
    var upload: UnsafeMutableRawBufferPointer?
    /// Request headers as a libcurl list, freed with the transfer.
    var headerList: UnsafeMutablePointer<curl_slist>?
    /// Response state, filled by libcurl's callbacks.
    var body = Data()
    var headers = HTTPFields()
    /// libcurl's error text for the transfer.
    let errorBuffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        return buffer
    }()

    init(request: TransportRequest) {
        self.request = request
    }

    deinit { errorBuffer.deallocate() }  // plain memory; no behaviour depends on when this runs

    /// Called by libcurl for each header line; a new status line starts a new header block
    /// (after `100 Continue` or a redirect), so only the final response's headers are kept.
    /// A line whose name is not a valid field name is dropped.
    func receiveHeaderLine(_ line: UnsafeBufferPointer<UInt8>) {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\n") || line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end > 0 else { return }
        if end >= 5, line[0] == UInt8(ascii: "H"), line[1] == UInt8(ascii: "T"), line[2] == UInt8(ascii: "T"),
           line[3] == UInt8(ascii: "P"), line[4] == UInt8(ascii: "/") {
            headers.removeAll()
            return
        }
        guard let colon = line[..<end].firstIndex(of: UInt8(ascii: ":")),
              let name = HTTPField.Name(String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self))
        else { return }
        var start = colon + 1
        while start < end, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        headers.append(HTTPField(name: name, lenientValue: UnsafeBufferPointer(rebasing: line[start..<end])))
    }

    /// Resumes the caller and frees what the transfer owned. Runs once; later calls do nothing.
    func finish(_ result: Result<TransportResponse, SwitchboardError>) {
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        upload?.deallocate()
        upload = nil
        continuation?.resume(returning: result)
        continuation = nil
    }
}
