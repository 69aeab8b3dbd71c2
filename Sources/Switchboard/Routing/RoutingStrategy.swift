/// How the ``MessageRouter`` picks an instance when the caller does not say which phone to send from.
///
/// With a phone, the candidates are the connected instances holding it, in configuration order
/// (the order providers were given to the router), and within a provider the healthiest first.
public enum RoutingStrategy: String, Hashable, Sendable, Codable, CaseIterable {
    /// The first connected instance in configuration order (providers as configured, instances
    /// as each provider lists them). Predictable; others take over only on failure.
    case firstConnected = "first-connected"
    /// Each send starts at the next connected instance, in configuration order, wrapping around.
    case roundRobin = "round-robin"
    /// The connected instance whose last send started longest ago (never-used ones first).
    case leastRecentlyUsed = "least-recently-used"
}
