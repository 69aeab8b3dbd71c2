import Foundation
import Switchboard

/// Wasup's failures in the neutral taxonomy.
///
/// Wasup answers errors as `{"error": "...", "message"?: "...", "hint"?: "..."}` with no error
/// code, so the kind comes from the HTTP status, refined by the text where the status is too coarse
/// (Wasup answers 400 for an unknown instance on some routes and for a disconnected instance):
///
/// | status | text | kind |
/// |---|---|---|
/// | 401 | any | unauthorized |
/// | 429 | any | rateLimited (Retry-After, or the body's `waitTime` in ms / `retryAfter` in s) |
/// | 4xx, 503 | "not connected", "not ready", "not logged in", ... | instanceNotReady |
/// | 4xx | "not found" | notFound |
/// | 4xx | "handoff" | handoffActive |
/// | other | any | `SwitchboardError/forStatus(_:message:retryAfter:)` (404 notFound, 500 serverError, 502-504 upstreamUnavailable) |
///
/// A 5xx on a send is marked ambiguous: the message may have left.
enum WasupErrors {
    static func error(status: Int, json: WasupJSON?, response: TransportResponse, provider: String,
                      secret: ProviderSecret, isSend: Bool) -> SwitchboardError {
        let errorText = json?["error"]?.nonEmptyString
        let messageText = json?["message"]?.nonEmptyString
        var text = errorText ?? messageText ?? json?["reason"]?.nonEmptyString
            ?? (response.body.isEmpty ? "empty body" : snippet(response.text, secret: secret))
        if let errorText, let messageText, messageText != errorText { text += ": " + messageText }
        text = secret.scrub(text)
        let hint = json?["hint"]?.nonEmptyString.map(secret.scrub)
        let lower = text.lowercased()

        var error: SwitchboardError
        if status == 401 {
            error = .unauthorized(text)
        } else if status == 429 {
            error = .rateLimited(text, retryAfter: retryAfter(response: response, json: json))
        } else if ((400..<500).contains(status) || status == 503 || (200..<300).contains(status)), means(notReady, lower) {
            error = .instanceNotReady(text)
        } else if (400..<500).contains(status) || (200..<300).contains(status), means(["not found", "does not exist", "unknown instance", "no such"], lower) {
            error = .notFound(text)
        } else if (400..<500).contains(status) || (200..<300).contains(status), lower.contains("handoff") || lower.contains("human agent") {
            error = .handoffActive(text)
        } else if (200..<300).contains(status) {
            error = .invalidRequest(text)
        } else {
            error = .forStatus(status, message: text, retryAfter: retryAfter(response: response, json: json))
        }
        error = error.from(provider: provider, httpStatus: status, recommendation: hint)
        return error.ambiguousIfSend(isSend, status: status)
    }

    /// Phrases Wasup uses for an instance that cannot act yet.
    static let notReady = ["not connected", "not ready", "is connecting", "still connecting", "not logged in",
                           "not linked", "not paired", "no connected instance", "disconnected", "not open"]

    static func means(_ phrases: [String], _ text: String) -> Bool { phrases.contains { text.contains($0) } }

    /// `Retry-After` if present, else the body's `waitTime` (milliseconds, as `SendResult.delay`)
    /// or `retryAfter` (seconds).
    static func retryAfter(response: TransportResponse, json: WasupJSON?) -> Duration? {
        if let header = response.retryAfter() { return header }
        if let wait = json?["waitTime"]?.double ?? json?["result"]?["waitTime"]?.double, wait >= 0 {
            return .milliseconds(Int64(wait))
        }
        if let seconds = json?["retryAfter"]?.double, seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        return nil
    }

    /// The start of a body for an error message: one line, at most 120 characters, no secret.
    static func snippet(_ text: String, secret: ProviderSecret) -> String {
        let line = secret.scrub(text).replacingOccurrences(of: "\n", with: " ")
        return line.count > 120 ? String(line.prefix(120)) + "…" : line
    }

    /// The error for a send that Wasup accepted but did not perform (`result.sent == false`).
    ///
    /// `waitTime` (milliseconds) means an anti-ban block: `SwitchboardError/Kind/rateLimited`
    /// with that wait. A reason about handoff or the connection maps to those kinds; any other
    /// block is Wasup's anti-ban too, so it is rate limiting without a known wait.
    static func notSent(result: WasupJSON, provider: String, secret: ProviderSecret) -> SwitchboardError {
        let reason = result["reason"]?.nonEmptyString.map(secret.scrub) ?? "Wasup did not send the message"
        let lower = reason.lowercased()
        let wait = result["waitTime"]?.double.map { Duration.milliseconds(Int64(max(0, $0))) }
        let error: SwitchboardError
        if wait == nil, lower.contains("handoff") || lower.contains("human") {
            error = .handoffActive(reason)
        } else if wait == nil, means(notReady, lower) {
            error = .instanceNotReady(reason)
        } else {
            error = .rateLimited(reason, retryAfter: wait)
        }
        return error.from(provider: provider, httpStatus: 200)
    }
}
