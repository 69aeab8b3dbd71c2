import Foundation
import HTTPTypes
import Logging
import Switchboard

/// Speaks HTTP to Wawp: places the credentials where the spec puts them, sends through the
/// transport and turns anything but a usable answer into a `SwitchboardError`.
///
/// Every operation takes `access_token` (and, but for create, `instance_id`) as query parameters,
/// GET or POST alike, as the spec declares them; the one operation with a JSON body
/// (`POST /v2/send/list`) carries both in the body instead. The token also travels in the
/// `access-token` header, the spec's security scheme. Log lines name the method and path
/// only: never the query, which holds the token and message text.
struct WawpClient: Sendable {
    /// The spec's credential header, parsed once.
    private static let accessTokenField = HTTPField.Name("access-token")

    /// A 2xx answer.
    struct Reply: Sendable {
        var response: TransportResponse
        /// The body as JSON, when it is a JSON object or array.
        var json: WawpJSON?
        var status: Int { response.status.code }
        /// A plain-text body (`Success: Operation completed successfully.`), trimmed; `nil` for JSON or empty.
        var text: String? {
            guard json == nil, !response.body.isEmpty, !(response.mediaType?.hasPrefix("image/") ?? false) else { return nil }
            let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
    }

    /// The shared round trip: tracing, logging, the transport failure scrubbed.
    let http: ProviderHTTP
    let baseURL: String
    let timeout: Duration

    /// The configured provider name.
    var provider: String { http.provider }
    var accessToken: ProviderSecret { http.secret }

    /// Sends one operation and returns its 2xx answer, or throws the error it means.
    ///
    /// - Parameters:
    ///   - instance: The `instance_id`, `nil` only for create.
    ///   - query: The operation's own query parameters, in order.
    ///   - jsonBody: A JSON object body; the credentials then go into it, not the query.
    ///   - isSend: A send: a 5xx or unreadable answer means the message may have gone out.
    func call(_ method: HTTPRequest.Method, _ path: String, instance: String?, query: [(String, String)] = [],
              jsonBody: WawpJSON.Object? = nil, isSend: Bool = false, timeout: Duration? = nil) async throws(SwitchboardError) -> Reply {
        let response = try await http.send(request(method, path, instance: instance, query: query, jsonBody: jsonBody, timeout: timeout))
        return try reply(to: response, operation: method, path, isSend: isSend)
    }

    /// The request, with the access token. Building it and reading the answer are out of line:
    /// what they use would otherwise take room in the async frame for the whole round trip
    /// (issue 17, memory per send in flight).
    @inline(never)
    private func request(_ method: HTTPRequest.Method, _ path: String, instance: String?, query: [(String, String)],
                         jsonBody: WawpJSON.Object?, timeout: Duration?) -> TransportRequest {
        var request: TransportRequest
        if var fields = jsonBody {
            if let instance { fields["instance_id"] = .string(instance) }
            fields["access_token"] = .string(accessToken.value)
            request = TransportRequest(method: method, url: TransportRequest.url(base: baseURL, path: path, query: query),
                                  body: Data(WawpJSON.object(fields).text.utf8), timeout: timeout ?? self.timeout)
            request.headerFields.append(HTTPField(name: .contentType, value: "application/json"))
        } else {
            var items: [(String, String)] = []
            if let instance { items.append(("instance_id", instance)) }
            items.append(("access_token", accessToken.value))
            request = TransportRequest(method: method, url: TransportRequest.url(base: baseURL, path: path, query: items + query),
                                  timeout: timeout ?? self.timeout)
        }
        // Appended, not set: the request is new, and setting a field searches for the old ones.
        request.headerFields.append(HTTPField(name: .accept, value: "application/json"))
        // The spec's security scheme (`AccessToken`: apiKey in header `access-token`), as well as
        // the `access_token` parameter each operation declares.
        if let name = Self.accessTokenField { request.headerFields.append(HTTPField(name: name, value: accessToken.value)) }
        return request
    }

    @inline(never)
    private func reply(to response: TransportResponse, operation method: HTTPRequest.Method, _ path: String,
                       isSend: Bool) throws(SwitchboardError) -> Reply {
        guard (200..<300).contains(response.status.code) else {
            throw WawpErrors.error(for: response, operation: "\(method) \(path)", provider: provider, secret: accessToken, isSend: isSend)
        }
        return Reply(response: response, json: WawpJSON.parseContainer(response.body))
    }

    /// The error for a 2xx answer that lacks what the operation must return.
    func unreadable(_ reply: Reply, _ path: String, expected: String) -> SwitchboardError {
        let body = reply.response.body.isEmpty ? "an empty body" : "\"\(WawpErrors.snippet(reply.response.text, secret: accessToken))\""
        return SwitchboardError.invalidResponse("\(path) answered \(reply.status) with \(body), without \(expected)")
            .from(provider: provider, httpStatus: reply.status)
    }
}
