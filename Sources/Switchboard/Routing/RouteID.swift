/// An instance as the router names it: configured provider name and the provider's instance id.
///
/// Its hash is computed once, when it is made, and equality compares the hash first: the table
/// keeps the ids it made, so a send's three or four look-ups by id hash one integer each instead
/// of both strings every time (issue 17).
struct RouteID: Hashable, Sendable, CustomStringConvertible {
    let provider: String
    let instance: String
    private let hash: Int

    init(provider: String, instance: String) {
        self.provider = provider
        self.instance = instance
        var hasher = Hasher()
        hasher.combine(provider)
        hasher.combine(instance)
        hash = hasher.finalize()
    }

    static func == (lhs: RouteID, rhs: RouteID) -> Bool {
        lhs.hash == rhs.hash && lhs.instance == rhs.instance && lhs.provider == rhs.provider
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    var description: String { "\(provider)/\(instance)" }
}
