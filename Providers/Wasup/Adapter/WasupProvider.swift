import Foundation
import Logging
import Switchboard

/// The Wasup adapter: one Wasup deployment seen through `MessagingProvider`.
///
/// ```swift
/// let wasup = WasupProvider(name: "wasup-eu", baseURL: "https://acme.wasup.co",
///                           apiKey: key, transport: CurlTransport(logger: logger),
///                           webhookSecret: secret)
/// let instance = try await wasup.createInstance(InstanceDraft(name: "Support"))
/// ```
///
/// - Authentication: every request carries the key in `X-API-Key`. The key never appears in a
///   log line, an error or a description (`print(wasup)` shows `<redacted>`).
/// - Sending: see ``SendRoute`` for how a message id is obtained.
/// - Webhooks: Wasup signs nothing, so ``setWebhook(_:url:)`` registers a URL that carries a
///   per-instance token (an HMAC of the instance id under `webhookSecret`), and
///   ``verifyWebhook(_:)`` checks it in constant time. Nothing needs storing.
/// - Every operation outside ``capabilities`` throws `SwitchboardError/Kind/unsupported` before
///   any request goes out.
public struct WasupProvider: MessagingProvider, CustomStringConvertible, CustomReflectable {
    /// How a send reaches Wasup, which decides whether a message id comes back.
    public enum SendRoute: String, Hashable, Sendable, Codable {
        /// `POST /api/instances/{id}/send`: sends from exactly this instance, or fails. Its
        /// documented response (`result: SendResult`) carries no message id, so
        /// `SentMessage/id` is `nil` unless the deployment adds one. The default: a router must
        /// be sure which number a message leaves from.
        case instance
        /// `POST /api/send` with `from_phone` set to the instance's connected phone, which answers
        /// with `message_id`. The adapter first reads `/connection` (one more request) and refuses
        /// with `SwitchboardError/Kind/instanceNotReady` unless the instance is connected,
        /// because Wasup's auto-select falls back to *another* connected instance when no instance
        /// matches `from_phone`. A small race remains between that check and the send; if the
        /// answer shows another sender, the send fails as ambiguous.
        case autoSelectByPhone
    }

    /// The configured name of this deployment (`wasup-eu`).
    public let name: String
    /// `wasup`.
    public var kind: String { Wasup.kind }
    /// What this adapter can do: see ``WasupProvider/capabilities(webhookVerification:)``.
    public let capabilities: Capabilities
    /// How sends are routed.
    public let sendRoute: SendRoute
    /// Whether deliveries must carry the per-instance token.
    public let webhookPolicy: WasupWebhookPolicy

    let client: WasupClient
    let webhookToken: WasupWebhookToken?
    let sentIDs: WasupSentIDs
    let sentStore: (any SentMessageStore)?

    /// Creates an adapter for one Wasup deployment.
    ///
    /// - Parameters:
    ///   - name: The configured name of this deployment, reported in instances, events and errors.
    ///   - baseURL: The deployment's root (`https://acme.wasup.co`), without `/api`.
    ///   - apiKey: The key sent as `X-API-Key`.
    ///   - transport: How requests travel (`CurlTransport` in production).
    ///   - webhookSecret: The secret that derives each instance's webhook token. Without one,
    ///     webhook URLs are registered as given and ``verifyWebhook(_:)`` rejects every delivery
    ///     (fail closed); `Feature/webhookSignature` is then not in ``capabilities``.
    ///   - webhookPolicy: Whether deliveries must carry the per-instance token (the default) or
    ///     may come unsigned; see ``WasupWebhookPolicy``.
    ///   - sendRoute: How sends are routed; ``SendRoute/instance`` unless you need message ids.
    ///   - timeout: The longest a request may take; sends get four times as long, because Wasup
    ///     holds a send while it simulates typing and human delays.
    ///   - sentStore: Where the ids of sent messages are kept (the client's store), so a reaction to
    ///     one's own message says `fromMe` after a restart; without one, only this process's recent
    ///     sends are known.
    ///   - logger: Where request lines go, at debug level, with secrets redacted.
    public init(name: String, baseURL: String, apiKey: String, transport: any HTTPTransport,
                webhookSecret: String? = nil, webhookPolicy: WasupWebhookPolicy = .requireToken, sendRoute: SendRoute = .instance,
                sentStore: (any SentMessageStore)? = nil,
                timeout: Duration = .seconds(30), logger: Logger = Logger(label: "switchboard.wasup")) {
        self.name = name
        self.sendRoute = sendRoute
        self.webhookPolicy = webhookPolicy
        self.client = WasupClient(http: ProviderHTTP(provider: name, secret: ProviderSecret(apiKey), transport: transport, logger: logger),
                                  baseURL: baseURL, timeout: timeout)
        self.webhookToken = webhookSecret.flatMap { $0.isEmpty ? nil : WasupWebhookToken(secret: $0) }
        self.capabilities = Self.capabilities(webhookVerification: webhookToken != nil && webhookPolicy == .requireToken)
        self.sentIDs = WasupSentIDs()
        self.sentStore = sentStore
    }

    /// `WasupProvider(wasup-eu, https://acme.wasup.co)`: never the key or the webhook secret.
    public var description: String { "WasupProvider(\(name), \(Redaction.redact(client.baseURL)))" }

    /// What `dump` and debuggers show: the name, base URL, route and capabilities. Not the key, the
    /// webhook secret, or the transport (whose in-flight requests carry the key in a header).
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "baseURL": Redaction.redact(client.baseURL), "sendRoute": sendRoute,
                                "capabilities": capabilities], displayStyle: .struct)
    }
}
