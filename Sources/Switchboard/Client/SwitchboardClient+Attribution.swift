import Foundation

extension SwitchboardClient {
    /// The event with its instance named by its id, before anything is handed over.
    ///
    /// Some deliveries name an instance by another name: a WAHA session name (`wawp-84729105`)
    /// where Wawp adds no `instance_id`. The ingress resolves known aliases before recording; a
    /// name still unknown is recorded as it came and resolved here: through the stored aliases,
    /// then by asking the provider for its instances (Wawp's adapter learns each session name as an
    /// alias as it reads them). A name that stays unknown throws: the event is kept, tried again
    /// with the inbox's backoff, then parked as ``InboxState/failed`` with an `unattributed` error,
    /// visible in `switchboard inbox --state failed` and replayable once the instance is known. It
    /// is never handed over under a name that is not an instance id.
    func attributed(_ event: InboundEvent) async throws(SwitchboardError) -> InboundEvent {
        guard !router.knows(provider: event.provider, instance: event.instance) else { return event }
        var event = event
        if let id = try await store.instance(forAlias: event.instance, provider: event.provider) {
            event.instance = id
            return event
        }
        if let provider = providers.first(where: { $0.name == event.provider }) {
            let listed: [Instance]
            do {
                listed = try await provider.listInstances()
            } catch where error.kind == .unsupported {
                return event  // a provider that cannot list its instances: nothing to check against
            }
            if listed.contains(where: { $0.id == event.instance }) { return event }
            if let id = try await store.instance(forAlias: event.instance, provider: event.provider) {
                event.instance = id
                return event
            }
        }
        throw SwitchboardError.notFound("""
            unattributed: the event names instance "\(event.instance)" of \(event.provider), which is neither an \
            instance id nor a known alias (such as a WAHA session name); kept and not handed over \
            (replay it with `switchboard inbox replay` once the instance is known)
            """)
    }
}
