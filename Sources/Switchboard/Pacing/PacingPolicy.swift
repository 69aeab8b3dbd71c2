import Foundation

/// How fast one sending number may send: the same rules on every provider, applied by the
/// ``Outbox`` dispatcher before each send (see ``Pacer``).
///
/// - Caps per minute, hour and day count every message the number sent in the sliding window.
/// - ``newConversationsPerDay`` counts messages to chats whose contact never wrote to the number
///   (cold outreach); replies in existing conversations are not held by it.
/// - After each send the number waits a random gap between ``minimumGap`` and ``maximumGap``.
/// - ``warmUp`` scales every cap on the number's first days: `[0.1, 0.25, 0.5]` allows 10 % of
///   each cap on day 1, 25 % on day 2, 50 % on day 3 and the full caps after (at least 1 each).
/// - ``typing`` turns a text's length into the "typing…" hint the provider shows first.
///
/// A `nil` cap is no cap. Build one from a preset (``preset(named:)``) and override what you need,
/// or in the configuration (`"pacing"`, see ``PacingConfiguration``).
public struct PacingPolicy: Hashable, Sendable, Codable {
    /// Messages per sliding minute.
    public var perMinute: Int?
    /// Messages per sliding hour.
    public var perHour: Int?
    /// Messages per sliding day (24 hours).
    public var perDay: Int?
    /// Messages to new conversations per sliding day.
    public var newConversationsPerDay: Int?
    /// The shortest random gap after a send.
    public var minimumGap: Duration
    /// The longest random gap after a send.
    public var maximumGap: Duration
    /// Factors applied to every cap on the number's first days (day 1 first); empty: none.
    public var warmUp: [Double]
    /// How long the "typing…" hint lasts for a text; `nil`: no hint.
    public var typing: TypingPace?

    /// Creates a policy; the defaults pace nothing.
    public init(perMinute: Int? = nil, perHour: Int? = nil, perDay: Int? = nil, newConversationsPerDay: Int? = nil,
                minimumGap: Duration = .zero, maximumGap: Duration = .zero, warmUp: [Double] = [],
                typing: TypingPace? = nil) {
        self.perMinute = perMinute
        self.perHour = perHour
        self.perDay = perDay
        self.newConversationsPerDay = newConversationsPerDay
        self.minimumGap = minimumGap
        self.maximumGap = max(minimumGap, maximumGap)
        self.warmUp = warmUp
        self.typing = typing
    }

    /// The caps in force on day `day` (0 for the number's first day), after warm-up.
    public func caps(onDay day: Int) -> PacingCaps {
        let factor = day >= 0 && day < warmUp.count ? warmUp[day] : 1
        func scaled(_ cap: Int?) -> Int? { cap.map { factor >= 1 ? $0 : max(1, Int((Double($0) * factor).rounded(.down))) } }
        return PacingCaps(perMinute: scaled(perMinute), perHour: scaled(perHour), perDay: scaled(perDay),
                          newConversationsPerDay: scaled(newConversationsPerDay))
    }

    /// A random gap between ``minimumGap`` and ``maximumGap``.
    public func gap(using random: inout some RandomNumberGenerator) -> Duration {
        guard maximumGap > minimumGap else { return minimumGap }
        let low = minimumGap.timeInterval, high = maximumGap.timeInterval
        return .interval(Double.random(in: low...high, using: &random))
    }

    /// Whether the policy holds anything at all (a cap, a gap or a typing hint).
    public var pacesAnything: Bool {
        perMinute != nil || perHour != nil || perDay != nil || newConversationsPerDay != nil || maximumGap > .zero || typing != nil
    }
}

/// The caps of a ``PacingPolicy`` in force on one day (after warm-up); `nil` is no cap.
public struct PacingCaps: Hashable, Sendable, Codable {
    /// Messages per sliding minute.
    public var perMinute: Int?
    /// Messages per sliding hour.
    public var perHour: Int?
    /// Messages per sliding day.
    public var perDay: Int?
    /// Messages to new conversations per sliding day.
    public var newConversationsPerDay: Int?

    /// Creates caps.
    public init(perMinute: Int? = nil, perHour: Int? = nil, perDay: Int? = nil, newConversationsPerDay: Int? = nil) {
        self.perMinute = perMinute
        self.perHour = perHour
        self.perDay = perDay
        self.newConversationsPerDay = newConversationsPerDay
    }
}

/// How long "typing…" shows before a text: ``perCharacter`` times its length, within
/// ``minimum`` ... ``maximum``.
public struct TypingPace: Hashable, Sendable, Codable {
    /// Time per character.
    public var perCharacter: Duration
    /// The shortest hint.
    public var minimum: Duration
    /// The longest hint.
    public var maximum: Duration

    /// Creates a pace.
    public init(perCharacter: Duration, minimum: Duration, maximum: Duration) {
        self.perCharacter = perCharacter
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
    }

    /// The hint for a text of `characters` characters.
    public func hint(characters: Int) -> TypingHint {
        let raw = perCharacter.timeInterval * Double(max(0, characters))
        let seconds = min(max(raw, minimum.timeInterval), maximum.timeInterval)
        return TypingHint(milliseconds: Int((seconds * 1000).rounded()))
    }
}
