import CCurl
import Foundation
import HTTPTypes

/// Setting up an easy handle for a request, and reading its outcome.
enum CurlOptions {
    /// Configures `handle` for `transfer`; returns an error instead of starting when an option fails.
    static func configure(_ handle: UnsafeMutableRawPointer, for transfer: CurlTransfer) -> SwitchboardError? {
        let request = transfer.request
        var failed: CURLoption?
        func set(_ option: CURLoption, _ value: Int) {
            if sb_easy_setopt_long(handle, option, value) != CURLE_OK { failed = failed ?? option }
        }
        func set(_ option: CURLoption, pointer: UnsafeRawPointer?) {
            if sb_easy_setopt_ptr(handle, option, pointer) != CURLE_OK { failed = failed ?? option }
        }

        request.url.withCString { set(CURLOPT_URL, pointer: $0) }  // libcurl copies strings
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_TCP_KEEPALIVE, 1)
        set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.milliseconds)
        set(CURLOPT_TIMEOUT_MS, request.timeout.milliseconds)
        "http,https".withCString { set(CURLOPT_PROTOCOLS_STR, pointer: $0) }
        set(CURLOPT_ERRORBUFFER, pointer: transfer.errorBuffer)

        let context = Unmanaged.passUnretained(transfer).toOpaque()
        set(CURLOPT_WRITEDATA, pointer: context)
        set(CURLOPT_HEADERDATA, pointer: context)
        if sb_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, writeBody) != CURLE_OK { failed = failed ?? CURLOPT_WRITEFUNCTION }
        if sb_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, writeHeader) != CURLE_OK { failed = failed ?? CURLOPT_HEADERFUNCTION }
        // Called each time libcurl is about to write the request: counts attempts, stops a
        // cancelled transfer before any byte leaves, and refuses a silent re-send.
        set(CURLOPT_PREREQDATA, pointer: context)
        if sb_easy_setopt_prereq(handle, beforeRequest) != CURLE_OK { failed = failed ?? CURLOPT_PREREQFUNCTION }

        switch request.method {
        case .get: set(CURLOPT_HTTPGET, 1)
        case .head: set(CURLOPT_NOBODY, 1)
        case .post: set(CURLOPT_POST, 1)
        default: request.method.rawValue.withCString { set(CURLOPT_CUSTOMREQUEST, pointer: $0) }
        }
        if let upload = transfer.upload {
            let size = request.body?.count ?? 0
            if sb_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(size)) != CURLE_OK { failed = failed ?? CURLOPT_POSTFIELDSIZE_LARGE }
            set(CURLOPT_POSTFIELDS, pointer: upload.baseAddress)
        }
        set(CURLOPT_HTTPHEADER, pointer: transfer.headerList)

        guard let failed else { return nil }
        return .transport(.other, "\(request.description): libcurl refused option \(failed.rawValue)")
    }

    /// The response, or the transport error, for a finished transfer.
    /// The status code, or the transport error, for a finished transfer; the caller builds the
    /// response from the transfer's bytes.
    static func result(of handle: UnsafeMutableRawPointer, code: CURLcode, transfer: CurlTransfer) -> Result<Int, SwitchboardError> {
        guard code == CURLE_OK else { return .failure(error(for: code, handle: handle, transfer: transfer)) }
        var status = 0
        _ = sb_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        guard (100...999).contains(status) else {
            return .failure(.transport(.other, "\(transfer.request.description): no HTTP status in the response", ambiguous: true))
        }
        return .success(status)
    }

    private static func error(for code: CURLcode, handle: UnsafeMutableRawPointer, transfer: CurlTransfer) -> SwitchboardError {
        let detail = String(cString: transfer.errorBuffer)
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let what = transfer.request.description
        // Whether any byte of the request can have left: libcurl calls the pre-request callback
        // right before writing it, on a new or a reused connection alike.
        let sent = transfer.mayHaveBeenSent
        switch code {
        case CURLE_ABORTED_BY_CALLBACK where transfer.abort == .wouldResend:
            return .transport(.connectionLost, "\(what): the reused connection closed before any answer; "
                              + "not sent again, since \(transfer.request.method) is not idempotent", ambiguous: true)
        case CURLE_ABORTED_BY_CALLBACK where transfer.abort == .cancelled:
            return sent
                ? .transport(.cancelled, "\(what): cancelled after the request may have been written", ambiguous: true)
                : .transport(.cancelled, "\(what): cancelled before the request was sent")
        case CURLE_COULDNT_CONNECT:
            return .transport(.connectionRefused, "\(what): connection refused (\(text))", ambiguous: sent)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .transport(.dnsFailure, "\(what): host not found (\(text))", ambiguous: sent)
        case CURLE_OPERATION_TIMEDOUT:
            if !sent { return .transport(.connectTimeout, "\(what): could not connect in time (\(text))") }
            return .transport(.timeout, "\(what): timed out after the request was sent (\(text))", ambiguous: true)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND:
            return .transport(.tls, "\(what): TLS failed (\(text))", ambiguous: sent)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .transport(.connectionLost, "\(what): connection lost (\(text))", ambiguous: sent)
        default:
            return .transport(.other, "\(what): \(text)", ambiguous: sent)
        }
    }
}

/// `CURLOPT_PREREQFUNCTION`: libcurl is about to write the request, on a new or reused connection.
private let beforeRequest: sb_prereq_callback = { context, _, _, _, _ in
    guard let context else { return CURL_PREREQFUNC_ABORT }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    if transfer.cancelRequested.load(ordering: .acquiring) {
        transfer.abort = .cancelled
        return CURL_PREREQFUNC_ABORT
    }
    // A second call means libcurl is retrying on a fresh connection because a reused one closed
    // before any answer byte. The first copy may have been processed: only an idempotent
    // request may go out again.
    if transfer.requestAttempts > 0 && !transfer.request.method.isIdempotent {
        transfer.abort = .wouldResend
        return CURL_PREREQFUNC_ABORT
    }
    transfer.requestAttempts += 1
    return CURL_PREREQFUNC_OK
}

extension HTTPRequest.Method {
    /// RFC 9110 §9.2.2: sending it twice has the effect of sending it once.
    var isIdempotent: Bool {
        self == .get || self == .head || self == .put || self == .delete || self == .options || self == .trace
    }
}

/// `CURLOPT_WRITEFUNCTION`: append body bytes to the transfer.
private let writeBody: sb_data_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    buffer.withMemoryRebound(to: UInt8.self, capacity: length) { transfer.body.append($0, count: length) }
    return length
}

/// `CURLOPT_HEADERFUNCTION`: one header line at a time.
private let writeHeader: sb_data_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
        transfer.receiveHeaderLine(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

extension Duration {
    /// Whole milliseconds, at least 1 so that libcurl never reads 0 as "no limit".
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
