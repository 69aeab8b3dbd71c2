import CCurl
import Foundation
import HTTPTypes
import Synchronization

/// One request in flight: its inputs, the bytes received so far and the caller's continuation.
///
/// Created by the calling task, then touched only by the transport's thread until `finish`, which
/// runs exactly once; only `cancelRequested` is shared, and it is atomic. That hand-over is what
/// the `@unchecked Sendable` stands for.
final class CurlTransfer: @unchecked Sendable {
    /// Why libcurl was told to stop a transfer from the pre-request callback.
    enum Abort { case cancelled, wouldResend }

    let request: TransportRequest
    let id: UInt64
    /// Resumed once, with the status code or the error.
    var continuation: UnsafeContinuation<Result<Int, SwitchboardError>, Never>?

    /// Set by the calling task's cancellation handler, read by the transport's thread.
    let cancelRequested = Atomic<Bool>(false)
    /// The easy handle while the transfer is in the multi handle.
    var handle: UnsafeMutableRawPointer?
    /// How many times libcurl was about to write the request (`CURLOPT_PREREQFUNCTION`): 0 means
    /// no byte of it can have left; more than 1 means libcurl retried on a fresh connection.
    var requestAttempts = 0
    var abort: Abort?

    /// The request body, owned here because libcurl reads `CURLOPT_POSTFIELDS` without copying.
    /// Prepared by the caller, like the header list, so the transport's one thread does less.
    private(set) var upload: UnsafeMutableRawBufferPointer?
    /// Request headers as a libcurl list, freed with the transfer.
    private(set) var headerList: UnsafeMutablePointer<curl_slist>?
    /// Response state, filled by libcurl's callbacks: the body, and the header block as bytes.
    var body = Data()
    var headerBytes: [UInt8] = []
    /// libcurl's error text for the transfer.
    let errorBuffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        return buffer
    }()

    init(request: TransportRequest, id: UInt64) {
        self.request = request
        self.id = id
        if let body = request.body ?? (request.method == .post ? Data() : nil) {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(body.count, 1), alignment: 1)
            body.copyBytes(to: buffer)
            upload = buffer
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for field in request.headerFields {
            // libcurl reads `Name:` as "remove this header"; `Name;` sends it with an empty value.
            list = curl_slist_append(list, field.value.isEmpty ? "\(field.name.rawName);" : "\(field.name.rawName): \(field.value)")
        }
        // No `Expect: 100-continue` round trip before large bodies.
        headerList = curl_slist_append(list, "Expect:")
    }

    deinit {  // plain memory; no behaviour depends on when this runs
        errorBuffer.deallocate()
        if let headerList { curl_slist_free_all(headerList) }
        upload?.deallocate()
    }

    /// Whether the request may have reached the server, so that its effect is unknown.
    var mayHaveBeenSent: Bool { requestAttempts > 0 }

    /// Called by libcurl (on the transport's thread) for each header line: kept as bytes, parsed
    /// by the caller. A new status line starts a new header block (after `100 Continue` or a
    /// redirect), so only the final response's headers are kept.
    func receiveHeaderLine(_ line: UnsafeBufferPointer<UInt8>) {
        if line.count >= 5, line[0] == UInt8(ascii: "H"), line[1] == UInt8(ascii: "T"), line[2] == UInt8(ascii: "T"),
           line[3] == UInt8(ascii: "P"), line[4] == UInt8(ascii: "/") {
            headerBytes.removeAll(keepingCapacity: true)
            return
        }
        headerBytes.append(contentsOf: line)
    }

    /// The final response's header fields, parsed from the bytes libcurl handed over. A line
    /// whose name is not a valid field name is dropped.
    static func parseHeaders(_ bytes: [UInt8]) -> HTTPFields {
        var fields = HTTPFields()
        bytes.withUnsafeBufferPointer { all in
            var lineStart = 0
            while lineStart < all.count {
                var lineEnd = lineStart
                while lineEnd < all.count, all[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                parseLine(UnsafeBufferPointer(rebasing: all[lineStart..<lineEnd]), into: &fields)
                lineStart = lineEnd + 1
            }
        }
        return fields
    }

    private static func parseLine(_ line: UnsafeBufferPointer<UInt8>, into fields: inout HTTPFields) {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\r") || line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        guard end > 0, let colon = line[..<end].firstIndex(of: UInt8(ascii: ":")),
              let name = fieldName(UnsafeBufferPointer(rebasing: line[..<colon]))
        else { return }
        var start = colon + 1
        while start < end, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") { start += 1 }
        fields.append(HTTPField(name: name, lenientValue: UnsafeBufferPointer(rebasing: line[start..<end])))
    }

    /// The field name for header bytes; the names nearly every response carries come from
    /// swift-http-types' constants, skipping validation and lower-casing.
    private static func fieldName(_ bytes: UnsafeBufferPointer<UInt8>) -> HTTPField.Name? {
        let text = String(decoding: bytes, as: UTF8.self)
        switch text {
        case "Content-Type", "content-type": return .contentType
        case "Content-Length", "content-length": return .contentLength
        case "Date", "date": return .date
        case "Server", "server": return .server
        case "Connection", "connection": return .connection
        default: return HTTPField.Name(text)
        }
    }

    /// Resumes the caller and frees what the transfer owned. Runs once; later calls do nothing.
    func finish(_ result: Result<Int, SwitchboardError>) {
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        upload?.deallocate()
        upload = nil
        continuation?.resume(returning: result)
        continuation = nil
    }
}
