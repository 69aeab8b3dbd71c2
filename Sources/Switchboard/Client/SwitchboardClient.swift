import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The one object an app holds: it owns the transport, the store, the providers, the router, the
/// outbox, the inbox and the webhook ingress.
///
/// It is usable right after `init`. Its background work (route refresh, the outbox and inbox
/// dispatchers, housekeeping) runs in ``run()``, so run it beside your server in a
/// `ServiceGroup`; graceful shutdown stops claiming work, lets sends and handlers in flight
/// finish within ``Options/shutdownDeadline``, then cancels them and closes the transport and
/// the store.
///
/// ```swift
/// let client = try SwitchboardClient(configuration: .load(), kinds: [WawpProvider.providerKind]) { event in
///     print(event)
/// }
/// let sent = try await client.send(.text("Your order has shipped", to: .person(customer)), from: shopPhone)
/// ```
public final class SwitchboardClient: Service, Sendable {
    /// The configuration the client was built from.
    public let configuration: SwitchboardConfiguration
    /// The providers, in configuration order.
    public let providers: [any MessagingProvider]
    /// The store (SQLite by default).
    public let store: any Store
    /// Picks the instance a message goes out through.
    public let router: MessageRouter
    /// Durable sends.
    public let outbox: Outbox
    /// Durable receives.
    public let inbox: Inbox
    /// Handoff state and the guard every automated send passes.
    public let handoffs: HandoffGuard
    /// Where webhook deliveries come in (mount it with `SwitchboardHummingbird`, or call
    /// ``receiveWebhook(provider:_:)`` from any server).
    public let webhooks: WebhookIngress
    /// The client's options.
    public let options: Options
    /// Receipts of outbox messages, and the stuck ones.
    public let deliveries: DeliveryTracker
    /// Recovers inbound messages whose webhooks were lost, from the providers' histories.
    public let reconciler: Reconciler
    /// Probes connected instances that went quiet.
    public let silence: SilenceWatch

    let transport: any HTTPTransport
    let ownedTransport: CurlTransport?
    let handler: EventHandler?
    let logger: Logger
    let lifecycle = Lifecycle()
    let routesLoaded = Mutex<Task<Void, Never>?>(nil)

    /// The app's handler for inbound events, given the client so it can reply.
    public typealias EventHandler = @Sendable (InboundEvent, SwitchboardClient) async throws -> Void

    /// Builds a client from a configuration and the adapter kinds the app links.
    ///
    /// - Parameters:
    ///   - kinds: The provider kinds the app links (`WawpProvider.providerKind`, ...).
    ///   - storeKinds: Stores beyond SQLite (`PostgresStore.storeKind`).
    ///   - transport: The HTTP transport; by default a ``CurlTransport`` the client owns and shuts down.
    ///   - environment: Where `SWITCHBOARD_*` secrets (the store's password) are read.
    ///   - onEvent: The app's handler for inbound events, run by ``run()`` from the inbox (at
    ///     least once, in order per chat; throwing hands the event over again later). Without
    ///     one, read ``events()``.
    /// - Throws: ``ConfigurationError`` naming the key at fault (unknown kind, missing key, a store
    ///   that cannot be opened).
    public convenience init(configuration: SwitchboardConfiguration, kinds: [ProviderKind], storeKinds: [StoreKind] = [],
                            transport: (any HTTPTransport)? = nil, options: Options = Options(),
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            onEvent: Inbox.Handler? = nil) throws(ConfigurationError) {
        var eventHandler: EventHandler?
        if let onEvent { eventHandler = { event, _ in try await onEvent(event) } }
        try self.init(configuration: configuration, kinds: kinds, storeKinds: storeKinds, transport: transport,
                      options: options, environment: environment, eventHandler: eventHandler)
    }

    /// Builds a client whose handler is given the client, to reply to what it receives:
    ///
    /// ```swift
    /// let client = try SwitchboardClient(configuration: .load(), kinds: kinds) { event, client in
    ///     try await client.reply(to: event, .text("Thanks, we got your message"))
    /// }
    /// ```
    ///
    /// The parameters are those of ``init(configuration:kinds:storeKinds:transport:options:environment:onEvent:)``.
    public convenience init(configuration: SwitchboardConfiguration, kinds: [ProviderKind], storeKinds: [StoreKind] = [],
                            transport: (any HTTPTransport)? = nil, options: Options = Options(),
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            handler: @escaping EventHandler) throws(ConfigurationError) {
        try self.init(configuration: configuration, kinds: kinds, storeKinds: storeKinds, transport: transport,
                      options: options, environment: environment, eventHandler: handler)
    }

    init(configuration: SwitchboardConfiguration, kinds: [ProviderKind], storeKinds: [StoreKind],
         transport: (any HTTPTransport)?, options: Options, environment: [String: String],
         eventHandler: EventHandler?) throws(ConfigurationError) {
        let logger = options.logger
        let store = try StoreKind.open(configuration.store, kinds: storeKinds, environment: environment, logger: logger)
        let owned = transport == nil ? CurlTransport() : nil
        let transport = transport ?? owned!
        let providers: [any MessagingProvider]
        let router: MessageRouter
        let handoffs: HandoffGuard
        do {
            providers = try ProviderKind.makeProviders(configuration, kinds: kinds,
                                                       environment: ProviderEnvironment(transport: transport, store: store))
            handoffs = HandoffGuard(store: store, providers: providers, clock: options.clock, logger: logger)
            router = try MessageRouter(providers: providers, strategy: configuration.routing.strategy,
                                       cooldown: options.cooldown, store: store, handoffs: handoffs,
                                       clock: options.clock, logger: logger)
        } catch let error as ConfigurationError {
            Self.discard(owned)
            throw error
        } catch {
            Self.discard(owned)
            throw ConfigurationError(key: "providers", "\(error)")
        }
        self.configuration = configuration
        self.providers = providers
        self.store = store
        self.router = router
        self.handoffs = handoffs
        self.outbox = Outbox(store: store, sender: router, concurrency: options.outboxConcurrency, retry: options.outboxRetry,
                             interrupted: options.recoverInterruptedSends ?? .resend, lease: options.outboxLease,
                             clock: options.clock,
                             pacer: Self.makePacer(configuration, store: store, router: router, providers: providers, options: options),
                             logger: logger)
        self.inbox = Inbox(store: store, concurrency: options.inboxConcurrency, retry: options.inboxRetry,
                           lease: options.inboxLease, clock: options.clock, logger: logger)
        let deliveries = DeliveryTracker(outbox: store, store: store, stuckAfter: options.tracking.stuckAfter,
                                         clock: options.clock, logger: logger)
        let webhooks = WebhookIngress(providers: providers, inbox: inbox, lids: store, aliases: store, router: router,
                                      deliveries: deliveries, logger: logger)
        let reconciler = Reconciler(providers: providers, ingress: webhooks, activity: store,
                                    overlap: options.tracking.reconciliationOverlap, clock: options.clock, logger: logger)
        self.deliveries = deliveries
        self.webhooks = webhooks
        self.reconciler = reconciler
        self.silence = SilenceWatch(silenceAfter: options.tracking.silenceAfter, router: router, ingress: webhooks,
                                    reconciler: reconciler, activity: store, clock: options.clock, logger: logger)
        self.options = options
        self.transport = transport
        self.ownedTransport = owned
        self.handler = eventHandler
        self.logger = logger
    }

    /// Stops a transport the client made but will not use (its init failed).
    private static func discard(_ transport: CurlTransport?) {
        guard let transport else { return }
        Task.detached { await transport.shutdown() }
    }

    /// The provider of that configured name. Throws ``SwitchboardError/Kind/notFound``.
    public func provider(named name: String) throws(SwitchboardError) -> any MessagingProvider {
        guard let provider = providers.first(where: { $0.name == name }) else {
            throw .notFound("no provider named \"\(name)\" (configured: \(providers.map(\.name).joined(separator: ", ")))")
        }
        return provider
    }

    /// The routing table now, with each instance's health and cooldown.
    public func routes() async throws(SwitchboardError) -> [Route] {
        try await ready()
        return router.routes()
    }

    /// Refreshes the routing table from every provider's listing now; the failures by provider.
    @discardableResult
    public func refreshRoutes() async throws(SwitchboardError) -> [String: SwitchboardError] {
        try await ready()
        return await router.refresh()
    }

    /// Throws once the client is shut down; loads the stored routes on first use (and, when the
    /// store holds none, the providers' listings).
    func ready() async throws(SwitchboardError) {
        guard lifecycle.isOpen else {
            throw SwitchboardError.invalidRequest("the Switchboard client is shut down; create a new one")
        }
        let task = routesLoaded.withLock { task in
            if let task { return task }
            let router = router
            let logger = logger
            let created = Task {
                do { try await router.loadRoutes() } catch { logger.error("stored routes not loaded: \(error)") }
                // A first start (an empty store) asks the providers, so a routed send works at once.
                if router.routes().isEmpty { await router.refresh() }
            }
            task = created
            return created
        }
        await task.value
    }
}
