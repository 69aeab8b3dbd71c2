import Foundation
import Switchboard

/// A ``WebhookIngress`` over an ``Inbox`` on the given store, which calls `onRecorded` for each
/// event the delivery recorded (what the inbox will hand to the app), as a handler sees them.
struct RecordingIngress: Sendable {
    let ingress: WebhookIngress
    let inbox: Inbox
    let onRecorded: @Sendable (InboundEvent) -> Void

    init(providers: [any MessagingProvider], store: (any InboxStore & LIDStore & InstanceAliasStore)? = nil,
         inboxStore: (any InboxStore)? = nil, router: MessageRouter? = nil,
         onRecorded: @escaping @Sendable (InboundEvent) -> Void = { _ in }) throws {
        let backing: any InboxStore & LIDStore & InstanceAliasStore = try store ?? SQLiteStore.inMemory()
        inbox = Inbox(store: inboxStore ?? backing)
        ingress = WebhookIngress(providers: providers, inbox: inbox, lids: backing, aliases: backing, router: router)
        self.onRecorded = onRecorded
    }

    func receive(provider name: String, _ delivery: WebhookDelivery) async -> WebhookAnswer {
        let answer = await ingress.receive(provider: name, delivery)
        answer.events.forEach(onRecorded)
        return answer
    }
}
