import Foundation
import Switchboard
import Synchronization

/// An in-process ``MessagingProvider`` for router and outbox tests: a list of instances, a script
/// of send outcomes per instance, and a log of what was sent. No HTTP: the router's behaviour is
/// under test, not an adapter's (end-to-end tests use the real adapters against the emulators).
final class FakeProvider: MessagingProvider {
    enum Outcome: Sendable {
        case success
        case failure(SwitchboardError)
    }

    struct Sent: Hashable, Sendable {
        var instance: String
        var message: OutboundMessage
    }

    private struct State {
        var instances: [Instance] = []
        var listFailure: SwitchboardError?
        var script: [String: [Outcome]] = [:]
        var sent: [Sent] = []
        var attempts: [String] = []
        var counter = 0
        var inFlight = 0
        var maxInFlight = 0
        var yieldsDuringSend = 0
    }

    let name: String
    let kind = "fake"
    let capabilities = Capabilities(provider: [.sendText, .instancesList])
    private let state = Mutex(State())

    init(name: String, instances: [(id: String, phone: String?, status: InstanceStatus)] = []) {
        self.name = name
        state.withLock { state in
            state.instances = instances.map {
                Instance(provider: name, id: $0.id, status: $0.status, phone: $0.phone.map(Phone.init(e164Digits:)))
            }
        }
    }

    /// The next sends through `instance` have these outcomes, in order; then success.
    func script(_ instance: String, _ outcomes: Outcome...) {
        state.withLock { $0.script[instance, default: []].append(contentsOf: outcomes) }
    }

    func setInstances(_ instances: [Instance]) { state.withLock { $0.instances = instances } }
    func failListing(with error: SwitchboardError?) { state.withLock { $0.listFailure = error } }

    /// Messages accepted, in order.
    var sent: [Sent] { state.withLock { $0.sent } }
    /// Instances tried (accepted or not), in order.
    var attempts: [String] { state.withLock { $0.attempts } }
    /// The most sends that were in progress at once.
    var maxInFlight: Int { state.withLock { $0.maxInFlight } }
    /// How many times a send yields to other tasks while in progress (to let sends overlap).
    var yieldsDuringSend: Int {
        get { state.withLock { $0.yieldsDuringSend } }
        set { state.withLock { $0.yieldsDuringSend = newValue } }
    }

    func listInstances() async throws(SwitchboardError) -> [Instance] {
        let (instances, failure) = state.withLock { ($0.instances, $0.listFailure) }
        if let failure { throw failure }
        return instances
    }

    func send(_ message: OutboundMessage, from id: String) async throws(SwitchboardError) -> SentMessage {
        let yields = state.withLock { state in
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            return state.yieldsDuringSend
        }
        for _ in 0..<yields { await Task.yield() }
        state.withLock { $0.inFlight -= 1 }
        let outcome = state.withLock { state -> Result<SentMessage, SwitchboardError> in
            state.attempts.append(id)
            var outcome = Outcome.success
            if var script = state.script[id], !script.isEmpty {
                outcome = script.removeFirst()
                state.script[id] = script
            }
            switch outcome {
            case .success:
                state.counter += 1
                state.sent.append(Sent(instance: id, message: message))
                return .success(SentMessage(provider: name, instance: id, id: MessageID("\(name)-\(state.counter)")))
            case .failure(let error):
                return .failure(error.from(provider: name))
            }
        }
        return try outcome.get()
    }

    // MARK: - Not used by the router

    private func unused() -> SwitchboardError { .unsupported(.instancesCreate, "not part of the fake") }
    func createInstance(_ draft: InstanceDraft) async throws(SwitchboardError) -> Instance { throw unused() }
    func instance(_ id: String) async throws(SwitchboardError) -> Instance {
        guard let found = state.withLock({ $0.instances.first { $0.id == id } }) else { throw .notFound(id) }
        return found
    }
    func updateInstance(_ id: String, _ update: InstanceUpdate) async throws(SwitchboardError) -> Instance { throw unused() }
    func deleteInstance(_ id: String) async throws(SwitchboardError) { throw unused() }
    func connect(_ id: String, method: PairingMethod) async throws(SwitchboardError) -> PairingState { throw unused() }
    func pairingState(_ id: String) async throws(SwitchboardError) -> PairingState { throw unused() }
    func disconnect(_ id: String) async throws(SwitchboardError) { throw unused() }
    func logout(_ id: String) async throws(SwitchboardError) { throw unused() }
    func profile(_ id: String) async throws(SwitchboardError) -> Profile { throw unused() }
    func setProfileName(_ id: String, _ name: String) async throws(SwitchboardError) { throw unused() }
    func setProfileAbout(_ id: String, _ about: String) async throws(SwitchboardError) { throw unused() }
    func setProfilePicture(_ id: String, url: String?) async throws(SwitchboardError) { throw unused() }
    func react(_ id: String, to message: MessageID, in chat: ChatID, emoji: String) async throws(SwitchboardError) { throw unused() }
    func setTyping(_ id: String, in chat: ChatID, _ typing: Bool) async throws(SwitchboardError) { throw unused() }
    func markSeen(_ id: String, in chat: ChatID, messages: [MessageID]) async throws(SwitchboardError) { throw unused() }
    func messages(_ id: String, in chat: ChatID?, limit: Int) async throws(SwitchboardError) -> [Message] { throw unused() }
    func handoffs(_ id: String) async throws(SwitchboardError) -> [Handoff] { [] }
    func setHandoff(_ id: String, chat: ChatID, active: Bool) async throws(SwitchboardError) { throw unused() }
    func clearHandoffs(_ id: String) async throws(SwitchboardError) -> Int { throw unused() }
    func handoffSettings(_ id: String) async throws(SwitchboardError) -> HandoffSettings { throw unused() }
    func setHandoffSettings(_ id: String, _ settings: HandoffSettings) async throws(SwitchboardError) { throw unused() }
    func setWebhook(_ id: String, url: String) async throws(SwitchboardError) { throw unused() }
    func testWebhook(_ id: String) async throws(SwitchboardError) { throw unused() }
    func verifyWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) { throw unused() }
    func decodeWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) -> [InboundEvent] { throw unused() }
}
