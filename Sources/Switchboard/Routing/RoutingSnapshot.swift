import Foundation

/// What `switchboard routes` shows: every route with its health, and what could not be refreshed.
public struct RoutingSnapshot: Hashable, Sendable, Codable {
    /// When the snapshot was taken (cooldowns are as of this time).
    public var takenAt: Date
    /// The strategy for sends without a phone.
    public var strategy: RoutingStrategy
    /// Every instance, in configuration order.
    public var routes: [Route]
    /// Providers whose last listing failed, with the error; their routes are as last known.
    public var refreshFailures: [String: String]

    /// Creates a snapshot.
    public init(takenAt: Date, strategy: RoutingStrategy, routes: [Route], refreshFailures: [String: String]) {
        self.takenAt = takenAt
        self.strategy = strategy
        self.routes = routes
        self.refreshFailures = refreshFailures
    }
}
