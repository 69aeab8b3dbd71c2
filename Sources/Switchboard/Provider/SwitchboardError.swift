import Foundation

/// The one error type every Switchboard operation throws, whatever the provider.
///
/// A struct with a private code, as async-http-client does, so new kinds can be added without
/// breaking apps that switch over ``kind``. Every value carries what the provider said (HTTP status,
/// its own code, message and recommendation) and whether trying again can help.
///
/// The description never contains a secret: messages that may hold URLs are redacted when built.
public struct SwitchboardError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A kind of failure, the same for every provider.
    ///
    /// A struct with static members, not an enum, so a new kind (as `.storage` was) never breaks an
    /// app's `switch`: match the kinds you handle and keep a `default`.
    public struct Kind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        /// The kind's stable name (`rateLimited`), as stored in the outbox and shown in descriptions.
        public let rawValue: String
        /// The kind named `rawValue`; a name this version does not know stays as it is.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The kind's name.
        public var description: String { rawValue }

        /// The request was malformed or its content is not acceptable (HTTP 400, bad input).
        public static let invalidRequest = Kind(rawValue: "invalidRequest")
        /// Missing or wrong credentials (HTTP 401).
        public static let unauthorized = Kind(rawValue: "unauthorized")
        /// The account's plan or quota does not allow this (HTTP 403).
        public static let quotaExceeded = Kind(rawValue: "quotaExceeded")
        /// The instance, message or chat does not exist (HTTP 404).
        public static let notFound = Kind(rawValue: "notFound")
        /// The instance is not in a state that allows this (not connected, still starting).
        public static let instanceNotReady = Kind(rawValue: "instanceNotReady")
        /// Too many requests; see ``SwitchboardError/retryAfter``.
        public static let rateLimited = Kind(rawValue: "rateLimited")
        /// The chat is handed off to a human; automated sends are refused.
        public static let handoffActive = Kind(rawValue: "handoffActive")
        /// The adapter or its provider does not support this feature.
        public static let unsupported = Kind(rawValue: "unsupported")
        /// The provider's upstream (WhatsApp, a gateway) is unavailable (HTTP 502/503/504).
        public static let upstreamUnavailable = Kind(rawValue: "upstreamUnavailable")
        /// The provider failed (HTTP 500).
        public static let serverError = Kind(rawValue: "serverError")
        /// The request did not complete at the network level (refused, timeout, TLS, ...).
        public static let transport = Kind(rawValue: "transport")
        /// The provider answered something that cannot be understood.
        public static let invalidResponse = Kind(rawValue: "invalidResponse")
        /// Switchboard's own local store (the SQLite file) failed: it cannot be opened, read or written.
        public static let storage = Kind(rawValue: "storage")

        /// Every kind this version knows, for tests and tables.
        public static let known: [Kind] = [
            .invalidRequest, .unauthorized, .quotaExceeded, .notFound, .instanceNotReady, .rateLimited, .handoffActive,
            .unsupported, .upstreamUnavailable, .serverError, .transport, .invalidResponse, .storage,
        ]
    }

    /// What kind of failure this is.
    public var kind: Kind { code.kind }
    /// The configured name of the provider that failed, when one was involved.
    public var provider: String?
    /// The HTTP status the provider answered, when it answered.
    public var httpStatus: Int?
    /// The provider's own error code (`rate_limit_exceeded`, ...), when it gave one.
    public var providerCode: String?
    /// A human-readable explanation. Never holds a secret.
    public var message: String
    /// What the provider recommends doing, when it said.
    public var recommendation: String?
    /// How long to wait before trying again, when known.
    public var retryAfter: Duration? { if case .rateLimited(let wait) = code { wait } else { nil } }
    /// The feature that is missing, for ``Kind/unsupported``.
    public var feature: Feature? { if case .unsupported(let feature) = code { feature } else { nil } }
    /// For ``Kind/transport``: what went wrong at the network level.
    public var transportFailure: TransportFailure? { if case .transport(let failure) = code { failure } else { nil } }
    /// Whether the request may have reached the provider and been acted on (a timeout after the
    /// request was written, a 5xx on a send). Routers must not re-send such a message elsewhere.
    public var isAmbiguous: Bool

    private let code: Code

    private enum Code: Hashable, Sendable {
        case invalidRequest, unauthorized, quotaExceeded, notFound, instanceNotReady
        case rateLimited(Duration?)
        case handoffActive
        case unsupported(Feature)
        case upstreamUnavailable, serverError
        case transport(TransportFailure)
        case invalidResponse
        case storage

        var kind: Kind {
            switch self {
            case .invalidRequest: .invalidRequest
            case .unauthorized: .unauthorized
            case .quotaExceeded: .quotaExceeded
            case .notFound: .notFound
            case .instanceNotReady: .instanceNotReady
            case .rateLimited: .rateLimited
            case .handoffActive: .handoffActive
            case .unsupported: .unsupported
            case .upstreamUnavailable: .upstreamUnavailable
            case .serverError: .serverError
            case .transport: .transport
            case .invalidResponse: .invalidResponse
            case .storage: .storage
            }
        }
    }

    /// What failed at the network level.
    public enum TransportFailure: String, Hashable, Sendable, Codable {
        /// Nothing listens at the address (the request surely did not arrive).
        case connectionRefused
        /// The host name did not resolve (the request surely did not arrive).
        case dnsFailure
        /// Connecting took longer than allowed (the request surely did not arrive).
        case connectTimeout
        /// The request was sent but no complete answer came in time.
        case timeout
        /// TLS negotiation or certificate verification failed.
        case tls
        /// The connection broke during the exchange.
        case connectionLost
        /// The task was cancelled, or the transport shut down: surely not sent unless the error
        /// is marked ambiguous (cancelled after the request may have been written).
        case cancelled
        /// Anything else libcurl reported.
        case other
    }

    private init(_ code: Code, message: String, provider: String? = nil, httpStatus: Int? = nil,
                 providerCode: String? = nil, recommendation: String? = nil, ambiguous: Bool = false) {
        self.code = code
        self.message = Redaction.redact(message)
        self.provider = provider
        self.httpStatus = httpStatus
        self.providerCode = providerCode
        self.recommendation = recommendation.map(Redaction.redact)
        self.isAmbiguous = ambiguous
    }

    /// Whether the same request may succeed if tried again later.
    public var isRetryable: Bool {
        switch code {
        case .rateLimited, .upstreamUnavailable, .serverError, .instanceNotReady: true
        case .transport(let failure): failure != .cancelled && failure != .tls
        default: false
        }
    }

    /// Whether the request surely did not take effect at the provider, so sending it through
    /// another instance cannot double it.
    public var surelyNotSent: Bool {
        if isAmbiguous { return false }
        switch code {
        case .invalidRequest, .unauthorized, .quotaExceeded, .notFound, .instanceNotReady,
             .rateLimited, .handoffActive, .unsupported, .storage:
            return true
        case .transport(let failure):
            // A cancellation the transport knows came before any byte was written is not
            // ambiguous; one that may have come after is marked so and returned false above.
            return [.connectionRefused, .dnsFailure, .connectTimeout, .cancelled].contains(failure)
        case .upstreamUnavailable, .serverError, .invalidResponse:
            return false
        }
    }

    // MARK: - Static members, one per kind

    /// Bad input: a malformed phone, an empty text, a request the provider rejected as invalid.
    public static func invalidRequest(_ message: String) -> SwitchboardError { .init(.invalidRequest, message: message) }
    /// Missing or wrong credentials.
    public static func unauthorized(_ message: String) -> SwitchboardError { .init(.unauthorized, message: message) }
    /// Quota or plan limit reached.
    public static func quotaExceeded(_ message: String) -> SwitchboardError { .init(.quotaExceeded, message: message) }
    /// Something does not exist.
    public static func notFound(_ message: String) -> SwitchboardError { .init(.notFound, message: message) }
    /// The instance cannot do this in its current state.
    public static func instanceNotReady(_ message: String) -> SwitchboardError { .init(.instanceNotReady, message: message) }
    /// Too many requests; try again after `retryAfter` when given.
    public static func rateLimited(_ message: String, retryAfter: Duration? = nil) -> SwitchboardError {
        .init(.rateLimited(retryAfter), message: message)
    }
    /// The chat is in handoff to a human.
    public static func handoffActive(_ message: String) -> SwitchboardError { .init(.handoffActive, message: message) }
    /// The feature is not supported by this adapter or provider.
    public static func unsupported(_ feature: Feature, _ message: String? = nil) -> SwitchboardError {
        .init(.unsupported(feature), message: message ?? "\(feature.rawValue) is not supported by this provider")
    }
    /// The provider's upstream is unavailable.
    public static func upstreamUnavailable(_ message: String) -> SwitchboardError { .init(.upstreamUnavailable, message: message) }
    /// The provider failed internally.
    public static func serverError(_ message: String) -> SwitchboardError { .init(.serverError, message: message) }
    /// A network-level failure.
    public static func transport(_ failure: TransportFailure, _ message: String, ambiguous: Bool = false) -> SwitchboardError {
        .init(.transport(failure), message: message, ambiguous: ambiguous)
    }
    /// The provider answered something unreadable.
    public static func invalidResponse(_ message: String) -> SwitchboardError { .init(.invalidResponse, message: message) }
    /// The local store failed; no request went to a provider because of it.
    public static func storage(_ message: String) -> SwitchboardError { .init(.storage, message: message) }

    /// The error with the provider's details attached.
    package func from(provider: String? = nil, httpStatus: Int? = nil, providerCode: String? = nil,
                     recommendation: String? = nil) -> SwitchboardError {
        var copy = self
        if let provider { copy.provider = provider }
        if let httpStatus { copy.httpStatus = httpStatus }
        if let providerCode { copy.providerCode = providerCode }
        if let recommendation { copy.recommendation = Redaction.redact(recommendation) }
        return copy
    }

    /// The error marked as ambiguous: the request may have taken effect.
    package func markedAmbiguous() -> SwitchboardError {
        var copy = self
        copy.isAmbiguous = true
        return copy
    }

    /// The kind of error an HTTP status means when the body says nothing more.
    package static func forStatus(_ status: Int, message: String, retryAfter: Duration? = nil) -> SwitchboardError {
        let error: SwitchboardError = switch status {
        case 400, 413, 415: .invalidRequest(message)
        case 401: .unauthorized(message)
        case 402, 403: .quotaExceeded(message)
        case 404, 410: .notFound(message)
        case 409, 412, 422, 423, 425: .instanceNotReady(message)
        case 429: .rateLimited(message, retryAfter: retryAfter)
        case 502, 503, 504: .upstreamUnavailable(message)
        case 500...599: .serverError(message)
        default: .invalidResponse(message)
        }
        return error.from(httpStatus: status)
    }

    /// One line: kind, provider, status, code, message, recommendation, wait.
    public var description: String {
        var parts = [kind.rawValue]
        if let feature { parts[0] += "(\(feature.rawValue))" }
        if let transportFailure { parts[0] += "(\(transportFailure.rawValue))" }
        if let provider { parts.append("provider \(provider)") }
        if let httpStatus { parts.append("HTTP \(httpStatus)") }
        if let providerCode { parts.append("code \(providerCode)") }
        var text = parts.joined(separator: ", ") + ": " + message
        if let recommendation { text += " (\(recommendation))" }
        if let retryAfter { text += "; retry after \(retryAfter.secondsText)" }
        if isAmbiguous { text += "; the request may have taken effect" }
        return text
    }
}

extension Duration {
    /// `1.5s`.
    var secondsText: String {
        let (seconds, attoseconds) = components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value == value.rounded() ? "\(Int(value))s" : String(format: "%.3gs", value)
    }
}
