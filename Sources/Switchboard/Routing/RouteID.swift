/// An instance as the router names it: configured provider name and the provider's instance id.
struct RouteID: Hashable, Sendable, CustomStringConvertible {
    var provider: String
    var instance: String

    var description: String { "\(provider)/\(instance)" }
}
