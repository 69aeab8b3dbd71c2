import Foundation
import Logging
import Switchboard

/// The Wawp adapter: one Wawp account seen through `MessagingProvider`.
///
/// ```swift
/// let wawp = WawpProvider(name: "wawp-main", baseURL: "https://api.wawp.net", accessToken: token,
///                         instances: ["3EB0BCB2E3D4"], transport: CurlTransport(logger: logger),
///                         webhookSecret: secret)
/// let sent = try await wawp.send(.text("Hello", to: chat), from: "3EB0BCB2E3D4")
/// ```
///
/// - Authentication: `access_token` and `instance_id` travel as query parameters, as the spec
///   declares them for GET and POST alike (in the JSON body for the one JSON operation, send list).
///   The token never appears in a log line, an error or a description.
/// - Instances: Wawp cannot list them, so ``listInstances()`` asks each known instance for its info:
///   those given at init and those created through this adapter.
/// - Handoff: Wawp has none; the library keeps it in a `HandoffStore` (`Capabilities/Support/library`).
///   Automated sends (`send(_:from:origin: .automated)`) to a chat in handoff are refused before
///   any request; an operator's message from the phone that starts with a resume keyword gives the
///   chat back (see ``decodeWebhook(_:)``).
/// - Webhooks: set in Wawp's dashboard, so ``setWebhook(_:url:)`` is unsupported;
///   ``verifyWebhook(_:)`` checks `X-Webhook-Hmac` and rejects stale deliveries (replays are dropped by `WebhookIngress`'s dedup).
/// - Every operation outside ``capabilities`` throws `SwitchboardError/Kind/unsupported` before any
///   request goes out.
public struct WawpProvider: MessagingProvider, CustomStringConvertible {
    /// How long and how often ``connect(_:method:)`` waits for a starting session.
    public struct StartupPolling: Hashable, Sendable {
        /// How many times to ask before answering `PairingState/waiting(_:)`.
        public var attempts: Int
        /// The pause between two asks.
        public var interval: Duration

        /// Creates a policy; `attempts` is at least 1.
        public init(attempts: Int = 30, interval: Duration = .seconds(1)) {
            self.attempts = max(1, attempts)
            self.interval = interval
        }
    }

    /// The configured name of this account (`wawp-main`).
    public let name: String
    /// `wawp`.
    public var kind: String { Wawp.kind }
    /// What this adapter can do: see ``WawpProvider/capabilities(webhookSignature:)``.
    public let capabilities: Capabilities
    /// How ``connect(_:method:)`` waits out `STARTING`.
    public let startupPolling: StartupPolling
    /// Whether an unsigned webhook delivery is refused when a secret is configured.
    public let signaturePolicy: WawpSignaturePolicy

    let client: WawpClient
    let known: KnownInstances
    let store: (any Store)?
    let webhookVerifier: WawpWebhookVerifier
    let logger: Logger

    /// Creates an adapter for one Wawp account.
    ///
    /// - Parameters:
    ///   - name: The configured name, reported in instances, events and errors.
    ///   - baseURL: The API root (`https://api.wawp.net`), without `/v2`.
    ///   - accessToken: The account's access token.
    ///   - instances: The instance ids this account is known to hold; Wawp has no list operation.
    ///   - transport: How requests travel (`CurlTransport` in production).
    ///   - webhookSecret: The HMAC key set in Wawp's dashboard. With one, ``verifyWebhook(_:)``
    ///     checks `X-Webhook-Hmac`; without one it checks only freshness.
    ///   - signaturePolicy: With a secret, whether an unsigned delivery is refused (the default)
    ///     or accepted; see ``WawpSignaturePolicy``.
    ///   - store: The client's store: ``listInstances()`` also lists the instances stored under this
    ///     provider's name, session names are remembered there as instance aliases, and the
    ///     library-provided handoff lives there. Without one, handoff calls throw.
    ///   - startupPolling: How ``connect(_:method:)`` waits for a starting session.
    ///   - timeout: The longest one request may take.
    ///   - logger: Where request lines go, at debug level, without the token or the query.
    public init(name: String, baseURL: String, accessToken: String, instances: [String] = [],
                transport: any HTTPTransport, webhookSecret: String? = nil, signaturePolicy: WawpSignaturePolicy = .required,
                store: (any Store)? = nil,
                startupPolling: StartupPolling = StartupPolling(), timeout: Duration = .seconds(30),
                logger: Logger = Logger(label: "switchboard.wawp")) {
        self.name = name
        self.client = WawpClient(http: ProviderHTTP(provider: name, secret: ProviderSecret(accessToken), transport: transport, logger: logger),
                                 baseURL: baseURL, timeout: timeout)
        self.known = KnownInstances(instances)
        self.store = store
        let secret = webhookSecret.flatMap { $0.isEmpty ? nil : ProviderSecret($0) }
        self.webhookVerifier = WawpWebhookVerifier(provider: name, secret: secret, policy: signaturePolicy)
        self.capabilities = Self.capabilities(webhookSignature: secret != nil && signaturePolicy == .required)
        self.signaturePolicy = signaturePolicy
        self.startupPolling = startupPolling
        self.logger = logger
    }

    /// `WawpProvider(wawp-main, https://api.wawp.net)`: never the token or the webhook secret.
    public var description: String { "WawpProvider(\(name), \(Redaction.redact(client.baseURL)))" }

    /// The handoff scope of one of this account's instances.
    func scope(_ instance: String) -> HandoffScope { HandoffScope(provider: name, instance: instance) }

    /// The store holding the library-provided handoff; throws without one.
    func handoffStore() throws(SwitchboardError) -> any HandoffStore {
        guard let store else {
            throw SwitchboardError.invalidRequest("handoff on Wawp is kept by Switchboard in a store; build the adapter with one (SwitchboardClient does)")
                .from(provider: name)
        }
        return store
    }

    /// Learns an instance id and its WAHA session name, remembering the name as an alias in the
    /// store so that webhooks naming the session find the instance after a restart.
    func learn(_ id: String, session: String?) async {
        known.add(id, session: session)
        guard let store, let session, !session.isEmpty, session != id else { return }
        do { try await store.rememberAlias(session, for: id, provider: name) } catch {
            logger.warning("wawp session alias not remembered", metadata: ["provider": "\(name)", "error": "\(error)"])
        }
    }

    /// Throws `SwitchboardError/Kind/unsupported`, naming this provider, unless `feature` is in ``capabilities``.
    func require(_ feature: Feature) throws(SwitchboardError) {
        do { try capabilities.require(feature) } catch { throw error.from(provider: name) }
    }

    /// An `SwitchboardError/Kind/invalidResponse` from this provider.
    func invalid(_ message: String, status: Int? = nil) -> SwitchboardError {
        SwitchboardError.invalidResponse(message).from(provider: name, httpStatus: status)
    }
}
