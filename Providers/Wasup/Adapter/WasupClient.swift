import Foundation
import HTTPTypes
import Logging
import Switchboard

/// Speaks HTTP to one Wasup deployment: builds each request, authenticates it, sends it through
/// the transport and turns anything but a usable answer into a `SwitchboardError`.
struct WasupClient: Sendable {
    /// A 2xx answer: its JSON body (`nil` for 204, an empty body or a non-JSON media type such
    /// as a PNG) and the raw response.
    struct Reply: Sendable {
        var json: WasupJSON?
        var response: TransportResponse
        var status: Int { response.status.code }
    }

    /// How a request is treated.
    struct Options: Sendable {
        /// A send: a 5xx or unreadable answer means the message may have gone out.
        var isSend = false
        /// Let a 2xx body with `success: false` through to the caller instead of throwing.
        var allowsUnsuccessful = false
        /// Overrides the client's timeout.
        var timeout: Duration?

        static let standard = Options()
    }

    /// The shared round trip: tracing, logging, the transport failure scrubbed.
    let http: ProviderHTTP
    let baseURL: String
    let timeout: Duration

    /// The configured provider name.
    var provider: String { http.provider }
    var apiKey: ProviderSecret { http.secret }

    /// Sends one request and returns its 2xx answer, or throws the error it means.
    func call(_ method: HTTPRequest.Method, _ path: String, query: [(String, String)] = [], body: WasupJSON? = nil,
              options: Options = .standard) async throws(SwitchboardError) -> Reply {
        let request = self.request(method, path, query: query, body: body, options: options)
        let response = try await http.send(request)
        return try reply(to: response, of: request, options: options)
    }

    /// The request, with the API key. Building it and reading the answer are out of line: what
    /// they use would otherwise take room in the async frame for the whole round trip (issue 17).
    @inline(never)
    private func request(_ method: HTTPRequest.Method, _ path: String, query: [(String, String)], body: WasupJSON?,
                         options: Options) -> TransportRequest {
        var request = TransportRequest(method: method, url: TransportRequest.url(base: baseURL, path: path, query: query),
                                  timeout: options.timeout ?? timeout)
        // Appended, not set: the request is new, and setting a field searches for the old ones.
        request.headerFields.append(HTTPField(name: .xAPIKey, value: apiKey.value))
        request.headerFields.append(HTTPField(name: .accept, value: "application/json"))
        if let body {
            request.headerFields.append(HTTPField(name: .contentType, value: "application/json"))
            request.body = body.data
        }
        return request
    }

    @inline(never)
    private func reply(to response: TransportResponse, of request: TransportRequest, options: Options) throws(SwitchboardError) -> Reply {
        let json = WasupJSON.parse(response.body)
        guard (200..<300).contains(response.status.code) else {
            throw WasupErrors.error(status: response.status.code, json: json, response: response,
                                    provider: provider, secret: apiKey, isSend: options.isSend)
        }
        if response.body.isEmpty || response.status == 204 { return Reply(json: nil, response: response) }
        if let mediaType = response.mediaType, mediaType.hasPrefix("image/") { return Reply(json: nil, response: response) }
        guard let json else {
            let error = SwitchboardError.invalidResponse(
                "\(request.method) \(Redaction.redact(URLComponents(string: request.url)?.path ?? "")) answered "
                    + "\(response.status.code) with a body that is not JSON: \(WasupErrors.snippet(response.text, secret: apiKey))"
            ).from(provider: provider, httpStatus: response.status.code)
            throw error.ambiguousIfSend(options.isSend, status: response.status.code)
        }
        if !options.allowsUnsuccessful, json["success"]?.bool == false {
            throw WasupErrors.error(status: response.status.code, json: json, response: response,
                                    provider: provider, secret: apiKey, isSend: options.isSend)
        }
        return Reply(json: json, response: response)
    }

    /// `/api/instances/{id}` followed by `suffix`, the id percent-encoded.
    static func instancePath(_ id: String, _ suffix: String = "") -> String {
        "/api/instances/" + TransportRequest.percentEncode(id) + suffix
    }
}

extension HTTPField.Name {
    /// `X-API-Key`, where Wasup takes its key.
    static let xAPIKey = HTTPField.Name("X-API-Key")!  // a valid token, so never nil
}
