import Foundation
import Logging
import Synchronization

/// Applies ``PacingPolicy`` per sending number: the ``Outbox`` dispatcher asks it before each send
/// (``reserve(from:to:)``), and tells it what the provider said (``release(_:)``, ``pause(_:for:reason:)``).
///
/// State lives in the store (``PacingStore``): each reservation is one transaction on the number's
/// ledger, so dispatchers in several processes never together exceed a cap. Time comes from a
/// ``TimeSource`` and the gaps from a seedable ``PacingRandom``, so tests run in virtual time.
public final class Pacer: Sendable {
    /// What a reservation decided.
    public enum Decision: Hashable, Sendable {
        /// Send now; the send is counted (``release(_:)`` it if it did not go out).
        case go(Reservation)
        /// Not now: hold the message until then.
        case hold(PacingHold)
    }

    /// A counted send, until it is known whether it went out.
    public struct Reservation: Hashable, Sendable {
        /// The sending number.
        public var phone: Phone
        /// When it was counted.
        public var at: Date
        /// Whether it opens a new conversation.
        public var newConversation: Bool
    }

    /// The layers the policies come from.
    public let configuration: PacingConfiguration
    let store: any PacingStore
    let clock: any TimeSource
    let random: Mutex<PacingRandom>
    let providerOf: @Sendable (Phone) -> String?
    let typingSupported: @Sendable (Phone) -> Bool
    let phoneOf: @Sendable (_ provider: String, _ instance: String) -> Phone?
    let logger: Logger

    /// Creates a pacer.
    ///
    /// - Parameters:
    ///   - provider: The provider a number sends through (for per-provider layers), when known.
    ///   - typingSupported: Whether every provider holding the number honours a typing hint
    ///     (``Feature/typingHint``); only then is one added.
    ///   - phone: The number an instance holds, to count sends of messages enqueued without one.
    public init(configuration: PacingConfiguration, store: any PacingStore, clock: any TimeSource = SystemTimeSource(),
                random: PacingRandom = PacingRandom(), logger: Logger = Logger(label: "switchboard.pacing"),
                provider: @escaping @Sendable (Phone) -> String? = { _ in nil },
                typingSupported: @escaping @Sendable (Phone) -> Bool = { _ in false },
                phone: @escaping @Sendable (_ provider: String, _ instance: String) -> Phone? = { _, _ in nil }) {
        self.phoneOf = phone
        self.configuration = configuration
        self.store = store
        self.clock = clock
        self.random = Mutex(random)
        self.providerOf = provider
        self.typingSupported = typingSupported
        self.logger = logger
    }

    /// The policy `phone` sends under now.
    public func policy(for phone: Phone) -> PacingPolicy {
        configuration.policy(for: phone, provider: providerOf(phone))
    }

    /// The key a chat is known by in ``PacingStore``: a person's JID by phone.
    static func key(_ chat: ChatID) -> String { chat.phone.map { ChatID.person($0).jid } ?? chat.jid }

    /// Whether a message to `chat` from `phone` may go now; if so, it is counted.
    public func reserve(from phone: Phone, to chat: ChatID) async throws(SwitchboardError) -> Decision {
        let policy = policy(for: phone)
        let isNew = try await !store.hasConversationReply(phone: phone, chat: Self.key(chat))
        let now = clock.now()
        let gap = random.withLock { policy.gap(using: &$0) }
        return try await store.updatePacingLedger(for: phone) { ledger in
            ledger.prune(at: now)
            if var hold = ledger.verdict(for: isNew, policy: policy, at: now) {
                hold.until = max(hold.until, now.addingTimeInterval(0.001))
                return .hold(hold)
            }
            ledger.record(newConversation: isNew, at: now, gap: gap)
            return .go(Reservation(phone: phone, at: now, newConversation: isNew))
        }
    }

    /// Uncounts a reservation whose message surely did not go out.
    public func release(_ reservation: Reservation) async throws(SwitchboardError) {
        try await store.updatePacingLedger(for: reservation.phone) { $0.release(at: reservation.at) }
    }

    /// Counts a send the pacer did not reserve (a message enqueued without a number, which the
    /// router sent from `phone`).
    public func count(from phone: Phone, to chat: ChatID) async throws(SwitchboardError) {
        let isNew = try await !store.hasConversationReply(phone: phone, chat: Self.key(chat))
        let now = clock.now()
        try await store.updatePacingLedger(for: phone) { $0.record(newConversation: isNew, at: now, gap: .zero) }
    }

    /// Pauses every send from `phone` for `duration` (a provider refused one); returns until when.
    @discardableResult
    public func pause(_ phone: Phone, for duration: Duration, reason: String) async throws(SwitchboardError) -> Date {
        let until = clock.now().adding(max(duration, .milliseconds(1)))
        try await store.updatePacingLedger(for: phone) { ledger in
            ledger.pausedUntil = max(ledger.pausedUntil ?? until, until)
            ledger.pauseReason = reason
        }
        logger.notice("pacing: \(phone) paused until \(until.formatted(.iso8601)): \(reason)")
        return until
    }

    /// Holds new conversations from `phone` until `until` (replies keep flowing); `nil` lifts the hold.
    public func holdNewConversations(_ phone: Phone, until: Date?, reason: String) async throws(SwitchboardError) {
        try await store.updatePacingLedger(for: phone) { ledger in
            ledger.newConversationsHeldUntil = until
            ledger.holdReason = until == nil ? nil : reason
        }
        if let until { logger.notice("pacing: new conversations from \(phone) held until \(until.formatted(.iso8601)): \(reason)") }
    }

    /// Notes that the contact of `chat` wrote to `phone`: sends to it are replies from now on.
    public func recordReply(to phone: Phone, in chat: ChatID) async throws(SwitchboardError) {
        try await store.recordConversationReply(phone: phone, chat: Self.key(chat), at: clock.now())
    }

    /// The typing hint for `message` from `phone` under its policy: `nil` when it has one already,
    /// has no text, the policy gives none, or a provider holding the number cannot show one.
    public func typing(for message: OutboundMessage, from phone: Phone) -> TypingHint? {
        guard message.typing == nil, let pace = policy(for: phone).typing, let length = message.content.typedLength,
              typingSupported(phone) else { return nil }
        return pace.hint(characters: length)
    }

    /// Each number's caps, use and next send time (`switchboard outbox`, `switchboard routes`).
    public func status() async throws(SwitchboardError) -> [PacingStatus] {
        let now = clock.now()
        return try await store.pacingLedgers().map { ledger in
            PacingStatus(ledger: ledger, policy: policy(for: ledger.phone), provider: providerOf(ledger.phone), at: now)
        }.sorted { $0.phone < $1.phone }
    }
}

extension OutboundContent {
    /// The length of the text a person would type, for the typing hint; `nil` for content without text.
    var typedLength: Int? {
        switch self {
        case .text(let text): text.count
        default: nil
        }
    }
}
