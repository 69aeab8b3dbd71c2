import Foundation

/// The router's state, with no I/O: which instances exist, their status, phone and health, and
/// how to order them for a send. ``MessageRouter`` keeps one behind a lock.
struct RoutingTable: Sendable {
    struct Entry: Sendable {
        /// Made once, with the entry: its hash is computed then (``RouteID``).
        let id: RouteID
        /// Its provider and id never change (they are ``id``'s).
        var instance: Instance
        var updated: Date
        /// Position in the provider's listing.
        var position: Int
        var health: InstanceHealth

        init(instance: Instance, updated: Date, position: Int, health: InstanceHealth = InstanceHealth()) {
            id = RouteID(provider: instance.provider, instance: instance.id)
            self.instance = instance
            self.updated = updated
            self.position = position
            self.health = health
        }
    }

    /// Configured provider names and their order.
    let providerOrder: [String: Int]
    private(set) var entries: [RouteID: Entry] = [:]
    /// The instances holding each phone, kept with `entries`, so a pick by phone looks only at them
    /// instead of sorting the whole table.
    private var byPhone: [Phone: Set<RouteID>] = [:]
    /// Failed refreshes, by provider name, until that provider lists again.
    var refreshFailures: [String: SwitchboardError] = [:]
    /// Instances a silence probe failed: kept `failed` by refreshes (a zombie session still lists
    /// as connected) until an event comes from it or its status is set explicitly.
    var silenced: Set<RouteID> = []
    private var roundRobinNext = 0

    init(providers: [String]) {
        providerOrder = Dictionary(providers.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: - Updates

    /// Replaces a provider's entries with a fresh listing; instances kept keep their health.
    mutating func replace(provider: String, with instances: [Instance], at now: Date) {
        guard providerOrder[provider] != nil else { return }
        let old = entries.filter { $0.key.provider == provider }
        for (id, entry) in old {
            entries[id] = nil
            unindex(id, phone: entry.instance.phone)
        }
        for (position, listed) in instances.enumerated() {
            var instance = listed
            instance.provider = provider
            let id = RouteID(provider: provider, instance: instance.id)
            let previous = old[id]
            if instance.phone == nil { instance.phone = previous?.instance.phone }
            if instance.name == nil { instance.name = previous?.instance.name }
            if silenced.contains(id) { instance.status = .failed }
            let entry = Entry(instance: instance, updated: now, position: position,
                              health: previous?.health ?? InstanceHealth())
            entries[entry.id] = entry
            index(entry.id, phone: instance.phone)
        }
    }

    /// Inserts or updates one instance (a status event, a stored row); returns the merged instance,
    /// or `nil` when its provider is not configured. A `nil` phone or name keeps the known one.
    @discardableResult
    mutating func upsert(_ instance: Instance, at date: Date) -> Instance? {
        guard providerOrder[instance.provider] != nil else { return nil }
        let id = RouteID(provider: instance.provider, instance: instance.id)
        silenced.remove(id)
        if var entry = entries[id] {
            entry.instance.status = instance.status
            if let phone = instance.phone, phone != entry.instance.phone {
                unindex(id, phone: entry.instance.phone)
                index(id, phone: phone)
            }
            entry.instance.phone = instance.phone ?? entry.instance.phone
            entry.instance.name = instance.name ?? entry.instance.name
            entry.updated = date
            entries[id] = entry
            return entry.instance
        }
        let position = (entries.values.filter { $0.instance.provider == instance.provider }.map(\.position).max() ?? -1) + 1
        let entry = Entry(instance: instance, updated: date, position: position)
        entries[entry.id] = entry
        index(entry.id, phone: instance.phone)
        return instance
    }

    /// Drops one entry; whether it was there.
    mutating func remove(_ id: RouteID) -> Bool {
        guard let entry = entries.removeValue(forKey: id) else { return false }
        unindex(id, phone: entry.instance.phone)
        return true
    }

    private mutating func index(_ id: RouteID, phone: Phone?) {
        guard let phone else { return }
        byPhone[phone, default: []].insert(id)
    }

    private mutating func unindex(_ id: RouteID, phone: Phone?) {
        guard let phone else { return }
        byPhone[phone]?.remove(id)
        if byPhone[phone]?.isEmpty == true { byPhone[phone] = nil }
    }

    // MARK: - Reading

    /// Every entry in configuration order: provider order, then listing position.
    var ordered: [Entry] { entries.values.sorted(by: inConfigurationOrder) }

    /// The entries holding `phone` (or every entry), in configuration order.
    func ordered(holding phone: Phone?) -> [Entry] {
        guard let phone else { return ordered }
        return (byPhone[phone] ?? []).compactMap { entries[$0] }.sorted(by: inConfigurationOrder)
    }

    private func inConfigurationOrder(_ lhs: Entry, _ rhs: Entry) -> Bool {
        let left = (providerOrder[lhs.instance.provider] ?? .max, lhs.position)
        let right = (providerOrder[rhs.instance.provider] ?? .max, rhs.position)
        return left != right ? left < right : lhs.instance.id < rhs.instance.id
    }

    /// The table as public rows, in configuration order.
    func routes(at now: Date) -> [Route] {
        ordered.map { entry in
            Route(provider: entry.instance.provider, instance: entry.instance.id, name: entry.instance.name,
                  status: entry.instance.status, phone: entry.instance.phone, updated: entry.updated,
                  providerOrder: providerOrder[entry.instance.provider] ?? 0, health: entry.health,
                  cooldownRemaining: entry.health.cooldownRemaining(at: now))
        }
    }

    // MARK: - Choosing

    /// The instances to try for a send, best first, skipping those cooling down; or why there are none.
    ///
    /// With a phone: connected instances holding it, in provider configuration order, and within a
    /// provider the healthiest first (fewest consecutive failures, oldest last failure), then listing
    /// order. Without: connected instances ordered by `strategy`.
    ///
    /// With `beginningFirst`, the first candidate is also begun (``begin(_:at:)``) under the same
    /// lock, which cannot fail: it was just found connected and not cooling at `now`.
    mutating func plan(from phone: Phone?, strategy: RoutingStrategy, at now: Date,
                       beginningFirst: Bool = false) -> Result<RouteCandidates, SwitchboardError> {
        let planned: Result<RouteCandidates, SwitchboardError>
        if let phone, let few = fewHolders(of: phone, at: now) {
            planned = few
        } else {
            planned = rankedPlan(from: phone, strategy: strategy, at: now).map { RouteCandidates($0) }
        }
        if beginningFirst, case .success(let candidates) = planned {
            updateHealth(of: candidates.first) { $0.lastUsed = now }
        }
        return planned
    }

    /// Changes the health of `id`'s entry in place, if there is one: `entries[id]?.health…` would
    /// move the whole entry out of the dictionary and back (issue 17).
    @discardableResult
    private mutating func updateHealth<T>(of id: RouteID, _ change: (inout InstanceHealth) -> T) -> T? {
        guard let index = entries.index(forKey: id) else { return nil }
        return change(&entries.values[index].health)
    }

    /// The plan for a number held by one or two instances, at least one of them available, found
    /// without sorting or arrays: the usual case. `nil` for anything else (more holders, none
    /// available), which the general plan handles and explains.
    private func fewHolders(of phone: Phone, at now: Date) -> Result<RouteCandidates, SwitchboardError>? {
        guard let holders = byPhone[phone], holders.count <= 2 else { return nil }
        // Indices into `entries`, not copies of the entries.
        var first: Dictionary<RouteID, Entry>.Index?
        var second: Dictionary<RouteID, Entry>.Index?
        for id in holders {
            guard let index = entries.index(forKey: id) else { continue }
            let entry = entries.values[index]
            guard entry.instance.status == .connected, !entry.health.isCooling(at: now) else { continue }
            if first == nil { first = index } else { second = index }
        }
        guard var best = first else { return nil }
        if let other = second, ranksBefore(entries.values[other], entries.values[best]) { second = best; best = other }
        return .success(RouteCandidates(entries.keys[best], second.map { entries.keys[$0] }))
    }

    /// The order of instances holding one number: provider configuration order, the healthiest
    /// (fewest consecutive failures, oldest last failure), then listing order.
    private func ranksBefore(_ left: Entry, _ right: Entry) -> Bool {
        let leftOrder = providerOrder[left.instance.provider] ?? .max
        let rightOrder = providerOrder[right.instance.provider] ?? .max
        if leftOrder != rightOrder { return leftOrder < rightOrder }
        if left.health.consecutiveFailures != right.health.consecutiveFailures {
            return left.health.consecutiveFailures < right.health.consecutiveFailures
        }
        let leftFailure = left.health.lastFailure ?? .distantPast
        let rightFailure = right.health.lastFailure ?? .distantPast
        if leftFailure != rightFailure { return leftFailure < rightFailure }
        return inConfigurationOrder(left, right)
    }

    /// The general plan: any number of candidates, sorted.
    private mutating func rankedPlan(from phone: Phone?, strategy: RoutingStrategy, at now: Date) -> Result<[RouteID], SwitchboardError> {
        let connected = ordered(holding: phone).filter { $0.instance.status == .connected }
        guard !connected.isEmpty else { return .failure(noRouteError(from: phone, at: now)) }
        let ranked: [Entry]
        if phone != nil {
            ranked = connected.sorted { ranksBefore($0, $1) }
        } else {
            switch strategy {
            case .firstConnected:
                ranked = connected
            case .roundRobin:
                let start = roundRobinNext % connected.count
                roundRobinNext = (roundRobinNext &+ 1) & Int.max
                ranked = Array(connected[start...] + connected[..<start])
            case .leastRecentlyUsed:
                ranked = connected.enumerated().sorted { lhs, rhs in
                    let left = lhs.element.health.lastUsed ?? .distantPast
                    let right = rhs.element.health.lastUsed ?? .distantPast
                    return left != right ? left < right : lhs.offset < rhs.offset
                }.map(\.element)
            }
        }
        let available = ranked.filter { !$0.health.isCooling(at: now) }
        guard !available.isEmpty else { return .failure(allCoolingError(connected, from: phone, at: now)) }
        return .success(available.map(\.id))
    }

    /// Marks the start of a send through `id`; `false` when it can no longer take one (gone, not
    /// connected, or cooling because a concurrent send just failed there).
    mutating func begin(_ id: RouteID, at now: Date) -> Bool {
        guard let index = entries.index(forKey: id), entries.values[index].instance.status == .connected,
              !entries.values[index].health.isCooling(at: now) else {
            return false
        }
        entries.values[index].health.lastUsed = now
        return true
    }

    mutating func recordSuccess(_ id: RouteID, at now: Date) {
        updateHealth(of: id) { $0.recordSuccess(at: now) }
    }

    /// Counts a failure on `id`; the cooldown it started, if any.
    @discardableResult
    mutating func recordFailure(_ id: RouteID, _ error: SwitchboardError, at now: Date, policy: CooldownPolicy) -> Duration? {
        updateHealth(of: id) { $0.recordFailure(error, at: now, policy: policy) } ?? nil
    }

    /// The `rateLimited` error when every instance that could send from `phone` is cooling, or
    /// `nil` when one is available.
    func coolingErrorIfAllCooling(from phone: Phone?, at now: Date) -> SwitchboardError? {
        let connected = ordered(holding: phone).filter { $0.instance.status == .connected }
        guard !connected.isEmpty, connected.allSatisfy({ $0.health.isCooling(at: now) }) else { return nil }
        return allCoolingError(connected, from: phone, at: now)
    }

    // MARK: - Errors

    private func known(at now: Date) -> String {
        let routes = routes(at: now)
        return routes.isEmpty
            ? "Known instances: none (have the routes been refreshed, and can the providers be reached?)"
            : "Known instances: " + routes.map(\.description).joined(separator: "; ")
    }

    private func noRouteError(from phone: Phone?, at now: Date) -> SwitchboardError {
        guard let phone else {
            let text = "no route: no connected instance on any provider. \(known(at: now))"
            return entries.isEmpty ? .notFound(text) : .instanceNotReady(text)
        }
        let holders = ordered(holding: phone)
        if holders.isEmpty {
            return .notFound("no route from \(phone): no instance holds this number. \(known(at: now))")
        }
        let statuses = holders.map { "\($0.id) is \($0.instance.status)" }.joined(separator: ", ")
        return .instanceNotReady("no route from \(phone): no instance holding it is connected (\(statuses)). \(known(at: now))")
    }

    private func allCoolingError(_ candidates: [Entry], from phone: Phone?, at now: Date) -> SwitchboardError {
        let waits = candidates.compactMap { entry in entry.health.cooldownRemaining(at: now).map { (entry.id, $0) } }
        let shortest = waits.min { $0.1 < $1.1 }
        let subject = phone.map { "every instance that can send from \($0)" } ?? "every connected instance"
        let wait = shortest.map { "; the shortest wait is \($0.1.secondsText) (\($0.0))" } ?? ""
        return .rateLimited("\(subject) is cooling down after failures\(wait). \(known(at: now))", retryAfter: shortest?.1)
    }
}
