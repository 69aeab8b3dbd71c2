import Foundation
import Switchboard

/// Wawp's failures in the neutral taxonomy.
///
/// The provider's code decides where it has one; otherwise the HTTP status does
/// (`SwitchboardError/forStatus(_:message:retryAfter:)`):
///
/// | code | kind |
/// |---|---|
/// | `invalid_access_token`, `unauthorized` | unauthorized |
/// | `quota_reached`, `quota_exceeded` | quotaExceeded |
/// | `invalid_session`, `session_not_found`, `not_found` | notFound |
/// | `session_unexpected_status`, `session_not_ready` | instanceNotReady |
/// | `rate_limit_exceeded` | rateLimited, `details.retryAfter` or the `Retry-After` header |
/// | `missing_param`, `invalid_param` | invalidRequest |
/// | `proxy_error` | upstreamUnavailable |
/// | `server_error` | serverError |
///
/// The error carries the provider's code, message and recommendation. A 5xx or an unreadable
/// answer to a send is marked ambiguous: the message may have gone out.
enum WawpErrors {
    static func error(for response: TransportResponse, operation: String, provider: String, secret: ProviderSecret,
                      isSend: Bool) -> SwitchboardError {
        let body = WawpErrorBody(response.body)
        let status = response.status.code
        let retryAfter = body.retryAfter ?? response.retryAfter()
        var message = body.message.map(secret.scrub) ?? fallbackMessage(body: body, response: response, secret: secret)
        if let current = body.currentStatus { message += " (instance is \(current))" }
        message = "\(operation): \(message)"

        var error: SwitchboardError = switch body.code?.lowercased() {
        case "invalid_access_token"?, "unauthorized"?, "invalid_token"?: .unauthorized(message)
        case "quota_reached"?, "quota_exceeded"?: .quotaExceeded(message)
        case "invalid_session"?, "session_not_found"?, "not_found"?: .notFound(message)
        case "session_unexpected_status"?, "session_not_ready"?: .instanceNotReady(message)
        case "rate_limit_exceeded"?: .rateLimited(message, retryAfter: retryAfter)
        case "missing_param"?, "invalid_param"?: .invalidRequest(message)
        case "proxy_error"?: .upstreamUnavailable(message)
        case "server_error"?: .serverError(message)
        default:
            if (200..<300).contains(status) { .invalidResponse(message) }
            else { .forStatus(status, message: message, retryAfter: retryAfter) }
        }
        error = error.from(provider: provider, httpStatus: status, providerCode: body.code.map(secret.scrub),
                           recommendation: body.recommendation.map(secret.scrub))
        return error.ambiguousIfSend(isSend, status: status)
    }

    /// What to say when the body says nothing readable.
    private static func fallbackMessage(body: WawpErrorBody, response: TransportResponse, secret: ProviderSecret) -> String {
        switch body.format {
        case .empty: "HTTP \(response.status.code) with an empty body"
        default: "HTTP \(response.status.code): " + snippet(response.text, secret: secret)
        }
    }

    /// The start of a body for an error message: one line, at most 120 characters, no secret.
    static func snippet(_ text: String, secret: ProviderSecret) -> String {
        let line = secret.scrub(text).split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 120 ? String(line.prefix(120)) + "…" : line
    }
}
