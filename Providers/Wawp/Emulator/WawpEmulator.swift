import EmulatorKit
import Foundation
import Logging
import Switchboard
import Synchronization

/// A stateful local Wawp (`wawp-openapi.json`, a hosted WAHA): sessions with their lifecycle and
/// pairing, every send endpoint, chats, profile and LID lookups held in memory, errors in the
/// spec's documented shapes, and WAHA-style webhooks signed with HMAC-SHA512. Operations without
/// state answer their documented example, so every catalog operation answers.
///
/// ```swift
/// let wawp = try WawpEmulator(token: "T")       // webhooks over its own CurlTransport
/// let port = try await wawp.start()            // in-process, 127.0.0.1, a free port
/// // ... drive it over HTTP, play the phone through /__emulator/...
/// await wawp.shutdown()
/// ```
/// or `try await WawpEmulator(token: "T").run(port: 9101)` to serve until SIGINT/SIGTERM.
public final class WawpEmulator: EmulatedProvider {
    /// `wawp`.
    public let name = "wawp"
    /// The operation catalog requests are validated against.
    public let catalog: Catalog
    /// The account's access token; every `/v2/...` request must carry it as `access_token`.
    public let token: String
    /// Observations (info, QR, send, ...) a started session answers as `STARTING` before it is up.
    public let startingPolls: Int
    /// Most instances the account may hold; `session/create` answers 403 `quota_reached` beyond.
    public let maxInstances: Int
    /// Spec-literal answers, and the seed of what varies where the spec leaves room.
    public let choices: EmulatorChoices
    let chooser: ChoiceSource
    let deliverer: WebhookDeliverer
    let queue: WebhookQueue
    let errors: WawpErrors
    let state = Mutex(WawpState())
    private let server = InProcessServer()

    private let ownedTransport: CurlTransport?

    /// Creates an emulator.
    ///
    /// - Parameters:
    ///   - token: the access token callers must send as `access_token` (query or body).
    ///   - transport: what webhooks are delivered over.
    ///   - startingPolls: how many observations of a started session answer `STARTING` (and 422 to
    ///     QR and send requests) before it reaches `SCAN_QR_CODE`, or `WORKING` when it kept its
    ///     credentials. 0 makes the first observation find it up.
    ///   - maxInstances: the plan's instance limit.
    ///   - catalog: the operation catalog; nil loads the bundled `operations.json`.
    ///   - webhookAttempts: tries per webhook (retried on transport errors, 408, 429 and 5xx).
    ///   - webhookBackoff: wait before the first retry, doubled for each further one.
    ///   - choices: spec-literal answers (the plain-text successes the spec documents, unsigned
    ///     webhooks without `metadata.instance_id`), and a seed that varies how many observations a
    ///     starting session needs (0 to 3 more) and the order of chat messages.
    public convenience init(token: String, transport: any HTTPTransport, startingPolls: Int = 1, maxInstances: Int = 10,
                            catalog: Catalog? = nil, webhookAttempts: Int = 3, webhookBackoff: Duration = .milliseconds(200),
                            choices: EmulatorChoices = .standard,
                            logger: Logger = Logger(label: "switchboard.emulator.wawp")) throws {
        try self.init(token: token, transport: transport, owned: nil, startingPolls: startingPolls, maxInstances: maxInstances,
                      catalog: catalog, webhookAttempts: webhookAttempts, webhookBackoff: webhookBackoff, choices: choices, logger: logger)
    }

    /// Creates an emulator that delivers webhooks over its own ``CurlTransport``; call
    /// ``shutdown()`` when done with it (``run(host:port:configuration:)`` does so itself).
    public convenience init(token: String, startingPolls: Int = 1, maxInstances: Int = 10, choices: EmulatorChoices = .standard) throws {
        // The catalog first: once the transport exists, nothing here throws.
        let catalog = try Self.bundledCatalog()
        let transport = CurlTransport(logger: Logger(label: "switchboard.emulator.wawp.curl"))
        try self.init(token: token, transport: transport, owned: transport, startingPolls: startingPolls,
                      maxInstances: maxInstances, catalog: catalog, webhookAttempts: 3, webhookBackoff: .milliseconds(200),
                      choices: choices, logger: Logger(label: "switchboard.emulator.wawp"))
    }

    private init(token: String, transport: any HTTPTransport, owned: CurlTransport?, startingPolls: Int, maxInstances: Int,
                 catalog: Catalog?, webhookAttempts: Int, webhookBackoff: Duration, choices: EmulatorChoices, logger: Logger) throws {
        self.catalog = try catalog ?? Self.bundledCatalog()
        self.choices = choices
        chooser = ChoiceSource(seed: choices.seed)
        self.token = token
        self.startingPolls = max(0, startingPolls)
        self.maxInstances = max(0, maxInstances)
        deliverer = WebhookDeliverer(transport: transport, attempts: webhookAttempts, backoff: webhookBackoff, logger: logger)
        queue = WebhookQueue(deliverer: deliverer)
        errors = WawpErrors(catalog: self.catalog)
        ownedTransport = owned
    }

    /// Stops serving as ``stop()`` does (webhooks not delivered yet are given up on), ends the
    /// delivery task and shuts down the transport the emulator created for itself, if any. The
    /// emulator delivers no webhooks afterwards.
    public func shutdown() async {
        await stop()
        await ownedTransport?.shutdown()
    }

    /// The catalog generated from the Wawp spec, shipped as this module's resource.
    public static func bundledCatalog() throws -> Catalog {
        guard let url = Bundle.module.url(forResource: "operations", withExtension: "json") else {
            throw CatalogError(reason: "operations.json is missing from the WawpEmulator bundle")
        }
        return try Catalog(contentsOf: url)
    }

    /// The LID the emulator gives a phone number (digits): stable, `digits@lid`.
    public static func lid(forPhone phone: String) -> String { WawpIdentifiers.lid(for: phone) }

    /// Reads `access_token` and `instance_id` from the query or a JSON body, as Wawp does.
    public var validationOptions: ValidationOptions { ValidationOptions(queryParametersMayComeFromBody: true) }

    /// The webhook deliverer; its outcomes are listed by `GET /__emulator/webhooks`.
    public var webhooks: WebhookDeliverer? { deliverer }

    /// Returns once every webhook queued so far has been delivered or given up on.
    public func flushWebhooks() async { await queue.flush() }

    // MARK: Serving

    /// Starts serving in-process and returns the bound port (0 picks a free one).
    public func start(host: String = "127.0.0.1", port: Int = 0,
                      configuration: EmulatorConfiguration = EmulatorConfiguration(logRequests: false)) async throws -> Int {
        try await server.start(self, host: host, port: port, configuration: configuration)
    }

    /// Stops a server started with ``start(host:port:configuration:)``. Webhooks not delivered
    /// yet are given up on first (the one in progress makes no further attempt), so that a
    /// request waiting for them returns and the server stops at once; call ``flushWebhooks()``
    /// before to have them delivered.
    public func stop() async {
        queue.stop()
        await server.stop()
    }

    /// Serves in the foreground until SIGINT or SIGTERM, logging each request on one line; then
    /// delivers queued webhooks and shuts down the transport the emulator created for itself.
    public func run(host: String = "127.0.0.1", port: Int,
                    configuration: EmulatorConfiguration = EmulatorConfiguration()) async throws {
        try await InProcessServer.serve(self, host: host, port: port, configuration: configuration) {
            await queue.flush()
            await ownedTransport?.shutdown()
        }
    }

    /// The request log of the in-process server, while started.
    public var requestLog: RequestLog? { server.requestLog }

    /// The documented error body for `status` (the operation's own example, else the common one).
    public func errorResponse(status: Int, message: String, request: EmulatorRequest?) -> EmulatorResponse {
        errors.response(status: status, operation: request?.operation)
    }
}
