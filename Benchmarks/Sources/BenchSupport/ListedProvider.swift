import Foundation
import Switchboard

/// A provider whose instance listing is a given table, and which forwards everything else to
/// `inner` (the real Wasup adapter), or answers sends at once when `inner` is `nil`.
///
/// The router learns its table from `listInstances()`; Wasup's would be one HTTP call answering
/// every instance, which nginx does not serve. Wrapping the adapter keeps the real send path
/// (handoff check, request, JSON, error mapping) while the table is whatever size a benchmark needs.
public struct ListedProvider: MessagingProvider {
    public let name: String
    public var kind: String { inner?.kind ?? "bench" }
    public let capabilities: Capabilities
    let inner: (any MessagingProvider)?
    let table: [Instance]

    /// `count` connected instances, `wa_bench_0000001`…, each on its own phone (``phone(_:)``).
    public init(name: String = "wasup-bench", count: Int, inner: (any MessagingProvider)?) {
        self.name = name
        self.inner = inner
        // Without an adapter: sends answer at once, and there is no handoff check to make.
        capabilities = inner?.capabilities ?? Capabilities(provider: [.sendText, .instancesList])
        table = (0..<count).map { index in
            Instance(provider: name, id: Self.instanceID(index), status: .connected, phone: Self.phone(index))
        }
    }

    /// The id of instance `index`.
    public static func instanceID(_ index: Int) -> String { "wa_bench_" + String(1_000_000 + index).dropFirst() }
    /// The phone of instance `index` (UK mobile numbers, distinct for every index below 10⁸).
    public static func phone(_ index: Int) -> Phone { Phone(e164Digits: "447" + String(100_000_000 + index).dropFirst()) }

    private func forward() throws(SwitchboardError) -> any MessagingProvider {
        guard let inner else { throw .unsupported(.instancesCreate, "the benchmark provider only lists and sends") }
        return inner
    }

    public func listInstances() async throws(SwitchboardError) -> [Instance] { table }

    public func send(_ message: OutboundMessage, from id: String) async throws(SwitchboardError) -> SentMessage {
        guard let inner else { return SentMessage(provider: name, instance: id, id: MessageID("3EB0BENCH")) }
        let sent = try await inner.send(message, from: id)
        return SentMessage(provider: name, instance: id, id: sent.id, degradation: sent.degradation)
    }

    public func createInstance(_ draft: InstanceDraft) async throws(SwitchboardError) -> Instance { try await forward().createInstance(draft) }
    public func instance(_ id: String) async throws(SwitchboardError) -> Instance { try await forward().instance(id) }
    public func updateInstance(_ id: String, _ update: InstanceUpdate) async throws(SwitchboardError) -> Instance { try await forward().updateInstance(id, update) }
    public func deleteInstance(_ id: String) async throws(SwitchboardError) { try await forward().deleteInstance(id) }
    public func connect(_ id: String, method: PairingMethod) async throws(SwitchboardError) -> PairingState { try await forward().connect(id, method: method) }
    public func pairingState(_ id: String) async throws(SwitchboardError) -> PairingState { try await forward().pairingState(id) }
    public func disconnect(_ id: String) async throws(SwitchboardError) { try await forward().disconnect(id) }
    public func logout(_ id: String) async throws(SwitchboardError) { try await forward().logout(id) }
    public func profile(_ id: String) async throws(SwitchboardError) -> Profile { try await forward().profile(id) }
    public func setProfileName(_ id: String, _ name: String) async throws(SwitchboardError) { try await forward().setProfileName(id, name) }
    public func setProfileAbout(_ id: String, _ about: String) async throws(SwitchboardError) { try await forward().setProfileAbout(id, about) }
    public func setProfilePicture(_ id: String, url: String?) async throws(SwitchboardError) { try await forward().setProfilePicture(id, url: url) }
    public func react(_ id: String, to message: MessageID, in chat: ChatID, emoji: String) async throws(SwitchboardError) { try await forward().react(id, to: message, in: chat, emoji: emoji) }
    public func setTyping(_ id: String, in chat: ChatID, _ typing: Bool) async throws(SwitchboardError) { try await forward().setTyping(id, in: chat, typing) }
    public func markSeen(_ id: String, in chat: ChatID, messages: [MessageID]) async throws(SwitchboardError) { try await forward().markSeen(id, in: chat, messages: messages) }
    public func messages(_ id: String, in chat: ChatID?, limit: Int) async throws(SwitchboardError) -> [Message] { try await forward().messages(id, in: chat, limit: limit) }
    public func handoffs(_ id: String) async throws(SwitchboardError) -> [Handoff] { try await forward().handoffs(id) }
    public func setHandoff(_ id: String, chat: ChatID, active: Bool) async throws(SwitchboardError) { try await forward().setHandoff(id, chat: chat, active: active) }
    public func clearHandoffs(_ id: String) async throws(SwitchboardError) -> Int { try await forward().clearHandoffs(id) }
    public func handoffSettings(_ id: String) async throws(SwitchboardError) -> HandoffSettings { try await forward().handoffSettings(id) }
    public func setHandoffSettings(_ id: String, _ settings: HandoffSettings) async throws(SwitchboardError) { try await forward().setHandoffSettings(id, settings) }
    public func setWebhook(_ id: String, url: String) async throws(SwitchboardError) { try await forward().setWebhook(id, url: url) }
    public func testWebhook(_ id: String) async throws(SwitchboardError) { try await forward().testWebhook(id) }
    public func verifyWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) { try forward().verifyWebhook(delivery) }
    public func decodeWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) -> [InboundEvent] { try forward().decodeWebhook(delivery) }
}
