import Foundation
import Logging
import Tracing

/// The HTTP round trip every adapter makes, once: sends through the transport in a
/// `switchboard.http` client span, logs the method and path only (never the query, a header or
/// the body), and gives a transport failure the provider's name with the credential scrubbed.
///
/// Adapters build the request (where their credential goes is theirs to say) and map a non-2xx
/// answer to a ``SwitchboardError``, marking a send's 5xx or unreadable answer ambiguous through
/// ``SwitchboardError/ambiguousIfSend(_:status:)``.
package struct ProviderHTTP: Sendable {
    /// The configured provider name, in errors, log metadata and span attributes.
    package let provider: String
    /// The credential to scrub from anything the transport or the provider says.
    package let secret: ProviderSecret
    package let transport: any HTTPTransport
    package let logger: Logger

    package init(provider: String, secret: ProviderSecret, transport: any HTTPTransport, logger: Logger) {
        self.provider = provider
        self.secret = secret
        self.transport = transport
        self.logger = logger
    }

    /// Sends `request` and returns whatever the provider answered.
    package func send(_ request: TransportRequest) async throws(SwitchboardError) -> TransportResponse {
        // The debug lines are only worked out when written: parsing the URL and redacting its path
        // was a tenth of a send's adapter work (issue 17) for lines most deployments never log.
        let debugging = logger.logLevel <= .debug
        if debugging { log("provider request", request) }
        let response: TransportResponse
        if let tracer = SwitchboardTracing.tracer {
            response = try await SwitchboardTracing.withSpan("switchboard.http", ofKind: .client, tracer: tracer) { span throws(SwitchboardError) in
                span.set(SwitchboardTracing.Attribute.provider, provider)
                span.set(SwitchboardTracing.Attribute.httpMethod, request.method.rawValue)
                let response = try await exchange(request)
                span.set(SwitchboardTracing.Attribute.httpStatus, response.status.code)
                return response
            }
        } else {
            // No tracer: no span closure, whose async frames would stay alive for the whole
            // round trip (issue 17, memory per send in flight).
            response = try await exchange(request)
        }
        if debugging { log("provider response", request, status: response.status.code) }
        return response
    }

    /// A debug line naming the method and path only: never the query, a header or the body.
    @inline(never)
    private func log(_ message: Logger.Message, _ request: TransportRequest, status: Int? = nil) {
        var metadata: Logger.Metadata = ["provider": "\(provider)", "operation": "\(request.method) \(Self.path(of: request.url))"]
        if let status { metadata["status"] = "\(status)" }
        logger.debug(message, metadata: metadata)
    }

    private func exchange(_ request: TransportRequest) async throws(SwitchboardError) -> TransportResponse {
        do throws(SwitchboardError) {
            return try await transport.send(request)
        } catch {
            throw attributed(error)
        }
    }

    /// A transport failure with the provider's name and the credential scrubbed.
    @inline(never)
    private func attributed(_ error: SwitchboardError) -> SwitchboardError {
        var failure = error.from(provider: provider)
        failure.message = secret.scrub(failure.message)
        return failure
    }

    /// The URL's path, percent-encoded as sent, without the query: what log lines may show.
    package static func path(of url: String) -> String {
        Redaction.redact(URLComponents(string: url)?.percentEncodedPath ?? "")
    }
}

extension SwitchboardError {
    /// The error marked ambiguous when it answers a send (`isSend`) with a 5xx or an unreadable
    /// answer: the message may have gone out, so it must not be re-sent elsewhere.
    package func ambiguousIfSend(_ isSend: Bool, status: Int) -> SwitchboardError {
        isSend && (status >= 500 || kind == .invalidResponse) ? markedAmbiguous() : self
    }
}
