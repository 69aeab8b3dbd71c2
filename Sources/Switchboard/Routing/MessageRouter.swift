import Foundation
import Logging
import Synchronization

/// Chooses the instance a message goes out through, across providers, and fails over only where
/// the message surely did not go out.
///
/// The routing table holds every instance of the configured providers with its status and phone.
/// It is built by ``refresh()`` from the providers' listings, kept fresh by
/// ``runRefreshing(every:)`` and by status events (``apply(_:)``, which the webhook layer calls),
/// and persisted in an ``InstanceStore`` so that a restarted process routes before its first refresh.
///
/// Apps use it through ``SwitchboardClient``, which owns one; ``SwitchboardClient/routes()`` shows
/// the table.
///
/// Sending (``send(_:from:origin:)``):
/// - `from: phone` picks a connected instance holding that phone, on any provider. Several such
///   instances (one number linked on Wawp and on Wasup): configuration order, then health.
/// - Without a phone, ``strategy`` picks among all connected instances.
/// - An instance that fails retryably is skipped for a while (``CooldownPolicy``); ``routes()``
///   shows who is cooling and for how long.
/// - A failure where the message surely did not go out (``SwitchboardError/surelyNotSent``)
///   moves on to the next candidate, except a handoff refusal, which is about the chat. Any other
///   failure is given back at once with ``SwitchboardError/isAmbiguous`` set: the message may
///   have left, and sending it through another instance could double it.
/// - The router does not retry on the same instance; the ``Outbox`` retries later.
///
/// Named `MessageRouter` rather than `Router` so that it does not clash with the HTTP `Router` of
/// Hummingbird, which webhook listeners import next to Switchboard.
public final class MessageRouter: OutboundSender {
    /// How an instance is picked when no phone is given.
    public let strategy: RoutingStrategy
    /// How long failing instances are skipped.
    public let cooldown: CooldownPolicy
    /// The providers, in configuration order.
    public let providers: [any MessagingProvider]

    let providersByName: [String: any MessagingProvider]
    let store: (any InstanceStore)?
    let handoffs: HandoffGuard?
    let clock: any TimeSource
    let logger: Logger
    let table: Mutex<RoutingTable>
    let sendMetrics = SendMetrics()

    /// Creates a router over `providers`, in configuration order. ``loadRoutes()`` reads the routes
    /// the store kept, for use until the first ``refresh()``.
    ///
    /// - Parameter handoffs: The guard every automated send passes (no guard: nothing is refused).
    /// Throws ``SwitchboardError/Kind/invalidRequest`` when two providers share a name.
    public init(providers: [any MessagingProvider], strategy: RoutingStrategy = .firstConnected,
                cooldown: CooldownPolicy = CooldownPolicy(), store: (any InstanceStore)? = nil,
                handoffs: HandoffGuard? = nil, clock: any TimeSource = SystemTimeSource(),
                logger: Logger = Logger(label: "switchboard.router")) throws(SwitchboardError) {
        var byName: [String: any MessagingProvider] = [:]
        for provider in providers {
            guard byName.updateValue(provider, forKey: provider.name) == nil else {
                throw .invalidRequest("two providers are named \"\(provider.name)\"; names must be unique")
            }
        }
        self.providers = providers
        self.providersByName = byName
        self.strategy = strategy
        self.cooldown = cooldown
        self.store = store
        self.handoffs = handoffs
        self.clock = clock
        self.logger = logger
        self.table = Mutex(RoutingTable(providers: providers.map(\.name)))
    }

    /// Loads the routes the store kept (for configured providers); routes already known are
    /// updated only where the stored one is newer. Throws ``SwitchboardError/Kind/storage`` when
    /// the store cannot be read.
    public func loadRoutes() async throws(SwitchboardError) {
        guard let store else { return }
        let stored = try await store.instances()
        table.withLock { table in
            for entry in stored { table.upsert(entry.instance, at: entry.updated) }
        }
    }

    /// The routing table now, in configuration order, with each instance's health and cooldown.
    public func routes() -> [Route] {
        let now = clock.now()
        return table.withLock { $0.routes(at: now) }
    }

    /// The routing table with the strategy and the providers whose last refresh failed.
    public func snapshot() -> RoutingSnapshot {
        let now = clock.now()
        return table.withLock { table in
            RoutingSnapshot(takenAt: now, strategy: strategy, routes: table.routes(at: now),
                            refreshFailures: table.refreshFailures.mapValues(\.description))
        }
    }
}

extension MessageRouter {
    /// Whether the routing table holds that instance.
    public func knows(provider: String, instance: String) -> Bool {
        table.withLock { $0.entries[RouteID(provider: provider, instance: instance)] != nil }
    }
}
