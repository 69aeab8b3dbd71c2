import Foundation
import Logging

/// Handoff, for every provider: the guard every automated send passes, and the state behind it.
///
/// The store is the source of truth, so the guard costs no round trip. For a provider with
/// native handoff (``Capabilities/support(for:)`` of ``Feature/handoff`` is
/// ``Capabilities/Support/provider``) changes go to the provider first and are mirrored in the
/// store, and ``mirror(provider:instance:)`` copies the provider's list; for every other provider
/// the store is the only state. An operator's resume keyword typed on the phone is applied by
/// the webhook ingress for every provider (``applyOperatorMessage(_:)``).
public final class HandoffGuard: Sendable {
    let store: any HandoffStore
    let providers: [String: any MessagingProvider]
    let logger: Logger
    let clock: any TimeSource

    /// Creates a guard over `store` for `providers`.
    public init(store: any HandoffStore, providers: [any MessagingProvider], clock: any TimeSource = SystemTimeSource(),
                logger: Logger = Logger(label: "switchboard.handoff")) {
        self.store = store
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.clock = clock
        self.logger = logger
    }

    /// Throws ``SwitchboardError/Kind/handoffActive`` (surely not sent) when `chat` is handed off
    /// to a human on that instance. A send that goes through costs one store read and no request.
    /// A refusal on a provider with native handoff is first confirmed with the provider (one list
    /// request, mirrored into the store): its own resume keywords can end a handoff without any
    /// webhook telling the library.
    public func check(_ chat: ChatID, provider: String, instance: String) async throws(SwitchboardError) {
        let scope = HandoffScope(provider: provider, instance: instance)
        guard try await store.handoff(for: chat, in: scope) != nil else { return }
        if let adapter = providers[provider], isNative(adapter) {
            try await mirror(provider: provider, instance: instance)
            guard try await store.handoff(for: chat, in: scope) != nil else { return }
        }
        throw SwitchboardError.handoffActive("\(chat) is handed off to a human on \(provider)/\(instance); automated sends are refused until it is cleared")
            .from(provider: provider)
    }

    /// The chats of an instance in handoff, oldest first (asked of the provider, and mirrored,
    /// where it has native handoff).
    public func handoffs(provider: String, instance: String) async throws(SwitchboardError) -> [Handoff] {
        try await mirror(provider: provider, instance: instance)
        return try await store.handoffs(in: HandoffScope(provider: provider, instance: instance))
    }

    /// Hands a chat to a human (`true`) or gives it back (`false`): at the provider first where
    /// it has native handoff, then in the store.
    public func setHandoff(_ active: Bool, chat: ChatID, provider name: String, instance: String) async throws(SwitchboardError) {
        let provider = try self.provider(name)
        if isNative(provider) { try await provider.setHandoff(instance, chat: chat, active: active) }
        try await store.setHandoff(active, for: chat, in: HandoffScope(provider: name, instance: instance), at: clock.now())
    }

    /// Gives every chat of an instance back; how many were in handoff.
    @discardableResult
    public func clearHandoffs(provider name: String, instance: String) async throws(SwitchboardError) -> Int {
        let provider = try self.provider(name)
        let native = isNative(provider) ? try await provider.clearHandoffs(instance) : 0
        let kept = try await store.clearHandoffs(in: HandoffScope(provider: name, instance: instance))
        return max(native, kept)
    }

    /// The instance's handoff rules (the provider's, where native).
    public func settings(provider name: String, instance: String) async throws(SwitchboardError) -> HandoffSettings {
        let provider = try self.provider(name)
        let scope = HandoffScope(provider: name, instance: instance)
        guard isNative(provider) else { return try await store.settings(in: scope) }
        let settings = try await provider.handoffSettings(instance)
        try await store.setSettings(settings, in: scope)
        return settings
    }

    /// Replaces the instance's handoff rules (at the provider too, where native).
    public func setSettings(_ settings: HandoffSettings, provider name: String, instance: String) async throws(SwitchboardError) {
        let provider = try self.provider(name)
        if isNative(provider) { try await provider.setHandoffSettings(instance, settings) }
        try await store.setSettings(settings, in: HandoffScope(provider: name, instance: instance))
    }

    /// Copies a native provider's handoff list into the store (nothing for the others).
    public func mirror(provider name: String, instance: String) async throws(SwitchboardError) {
        let provider = try self.provider(name)
        guard isNative(provider) else { return }
        let handoffs = try await provider.handoffs(instance)
        try await store.replaceHandoffs(in: HandoffScope(provider: name, instance: instance), with: handoffs)
    }

    /// Applies an operator's message typed on the phone (`fromMe`, not sent through an API) to a
    /// chat in handoff: when it starts with a resume keyword, the chat goes back to automation.
    /// Returns the resume message to send, when the library (not the provider) must send one.
    public func applyOperatorMessage(_ event: InboundEvent) async throws(SwitchboardError) -> OutboundMessage? {
        guard case .message(let message) = event.body, message.fromMe, !message.sentThroughAPI,
              let text = message.text, let provider = providers[event.provider] else { return nil }
        let scope = HandoffScope(provider: event.provider, instance: event.instance)
        guard try await store.handoff(for: message.chat, in: scope) != nil else { return nil }
        if isNative(provider) {
            // The provider applies its own keywords and sends its own resume message: mirror it.
            try await mirror(provider: event.provider, instance: event.instance)
            return nil
        }
        let settings = try await store.settings(in: scope)
        guard let keyword = settings.resumeKeyword(in: text),
              try await store.setHandoff(false, for: message.chat, in: scope, at: clock.now()) else { return nil }
        logger.info("handoff resumed by the operator", metadata: ["scope": "\(scope)", "keyword": "\(keyword)"])
        guard let resume = settings.resumeMessage, !resume.isEmpty else { return nil }
        return .text(resume, to: message.chat)
    }

    private func isNative(_ provider: any MessagingProvider) -> Bool {
        provider.capabilities.support(for: .handoff) == .provider
    }

    private func provider(_ name: String) throws(SwitchboardError) -> any MessagingProvider {
        guard let provider = providers[name] else { throw .notFound("no provider named \(name) is configured") }
        return provider
    }
}
