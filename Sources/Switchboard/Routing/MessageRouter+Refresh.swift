import Foundation

extension MessageRouter {
    /// Lists every provider's instances (concurrently) and replaces each provider's routes with its
    /// listing; a provider that fails keeps its last known routes and is reported in
    /// ``RoutingSnapshot/refreshFailures``. Returns the failures by provider name.
    @discardableResult
    public func refresh() async -> [String: SwitchboardError] {
        let listings = await withTaskGroup(of: (String, Result<[Instance], SwitchboardError>).self) { group in
            for provider in providers {
                group.addTask {
                    do throws(SwitchboardError) {
                        return (provider.name, .success(try await provider.listInstances()))
                    } catch {
                        return (provider.name, .failure(error))
                    }
                }
            }
            var listings: [(String, Result<[Instance], SwitchboardError>)] = []
            for await listing in group { listings.append(listing) }
            return listings
        }
        var failures: [String: SwitchboardError] = [:]
        for (provider, result) in listings {
            switch result {
            case .success(let instances):
                let now = clock.now()
                table.withLock { table in
                    table.replace(provider: provider, with: instances, at: now)
                    table.refreshFailures[provider] = nil
                }
                await persist { store throws(SwitchboardError) in
                    try await store.replaceInstances(of: provider, with: instances.map { instance in
                        var instance = instance
                        instance.provider = provider
                        return instance
                    }, at: now)
                }
            case .failure(let error):
                failures[provider] = error
                table.withLock { $0.refreshFailures[provider] = error }
                logger.warning("routes of \(provider) not refreshed: \(error)")
            }
        }
        return failures
    }

    /// Refreshes now and then every `interval`, until the calling task is cancelled.
    public func runRefreshing(every interval: Duration) async {
        await repeatUntilCancelled(every: interval) { _ = await refresh() }
    }

    /// Applies an inbound event at once: an ``InboundEvent/Body/instanceStatus(_:phone:)`` event
    /// updates that instance's route (the webhook layer calls this for every event). Returns
    /// whether the routing table changed; other events, and events of providers that are not
    /// configured, change nothing.
    /// Any other event from an instance a silence probe failed shows it alive: it is `connected`
    /// again (see ``markSilent(provider:instance:)``).
    @discardableResult
    public func apply(_ event: InboundEvent) async -> Bool {
        guard case .instanceStatus(let status, let phone) = event.body else {
            return await releaseSilence(provider: event.provider, instance: event.instance)
        }
        return await updateStatus(provider: event.provider, instance: event.instance, status: status, phone: phone)
    }

    /// Sets an instance's status (and phone, when given) in the routing table and the store.
    /// Returns `false` when `provider` is not configured.
    @discardableResult
    public func updateStatus(provider: String, instance id: String, status: InstanceStatus, phone: Phone?) async -> Bool {
        await update(Instance(provider: provider, id: id, status: status, phone: phone))
    }

    /// Adds or updates one instance's route (after creating or pairing it, say). A `nil` phone or
    /// name keeps the one known. Returns `false` when its provider is not configured.
    @discardableResult
    public func update(_ instance: Instance) async -> Bool {
        let now = clock.now()
        guard let merged = table.withLock({ $0.upsert(instance, at: now) }) else { return false }
        await persist { store throws(SwitchboardError) in try await store.saveInstance(merged, at: now) }
        return true
    }

    /// Forgets a deleted instance's route, in the table and the store. Returns `false` when it was
    /// not known.
    @discardableResult
    public func remove(provider: String, instance id: String) async -> Bool {
        let removed = table.withLock { $0.remove(RouteID(provider: provider, instance: id)) }
        await persist { store throws(SwitchboardError) in try await store.removeInstance(provider: provider, id: id) }
        return removed
    }

    /// Saves one merged instance in the store, if any.
    func persistSaved(_ instance: Instance, at date: Date) async {
        await persist { store throws(SwitchboardError) in try await store.saveInstance(instance, at: date) }
    }

    /// Writes to the store, if any; a failure is logged, not thrown: routing goes on from memory.
    private func persist(_ write: (any InstanceStore) async throws(SwitchboardError) -> Void) async {
        guard let store else { return }
        do { try await write(store) } catch { logger.error("routes not persisted: \(error)") }
    }
}
