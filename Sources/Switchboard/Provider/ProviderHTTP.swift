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
        // Only worked out when debug lines are written: parsing the URL and redacting its path was
        // a tenth of a send's adapter work (issue 17) for lines most deployments never log.
        let operation = logger.logLevel <= .debug ? "\(request.method) \(Self.path(of: request.url))" : ""
        logger.debug("provider request", metadata: ["provider": "\(provider)", "operation": "\(operation)"])
        let response = try await SwitchboardTracing.withSpan("switchboard.http", ofKind: .client) { span throws(SwitchboardError) in
            span.set(SwitchboardTracing.Attribute.provider, provider)
            span.set(SwitchboardTracing.Attribute.httpMethod, request.method.rawValue)
            do throws(SwitchboardError) {
                let response = try await transport.send(request)
                span.set(SwitchboardTracing.Attribute.httpStatus, response.status.code)
                return response
            } catch {
                var failure = error.from(provider: provider)
                failure.message = secret.scrub(failure.message)
                throw failure
            }
        }
        logger.debug("provider response", metadata: ["provider": "\(provider)", "operation": "\(operation)",
                                                     "status": "\(response.status.code)"])
        return response
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
