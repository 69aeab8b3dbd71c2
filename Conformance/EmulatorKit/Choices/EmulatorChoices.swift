import Switchboard
import Synchronization

/// What an emulator answers where its spec leaves room.
///
/// - ``literal``: answer only what the spec documents. Where the spec documents a placeholder
///   (Wawp's plain-text `Success: Operation completed successfully.`) the emulator answers the
///   placeholder, and it sends no header and no field the spec does not name. An adapter must
///   read what is there and fail clearly where nothing is.
/// - ``seed``: vary, per request, the choices the spec leaves open (how long a session takes to
///   show its QR, the order of lists, which documented answer shape or date form), from this seed,
///   so a run is repeatable. Without a seed every choice is the emulator's default.
public struct EmulatorChoices: Hashable, Sendable {
    /// Answer only what the spec documents.
    public var literal: Bool
    /// Vary what the spec leaves open, repeatably; nil for the defaults.
    public var seed: UInt64?

    /// Creates choices; the defaults are the emulator's usual answers.
    public init(literal: Bool = false, seed: UInt64? = nil) {
        self.literal = literal
        self.seed = seed
    }

    /// The emulator's usual answers.
    public static let standard = EmulatorChoices()
    /// Only what the spec documents.
    public static let specLiteral = EmulatorChoices(literal: true)
}

/// A repeatable source of choices (SplitMix64) behind a lock; without a seed every choice is the
/// first option.
public final class ChoiceSource: Sendable {
    /// The core's seeded generator (the pacer's): one SplitMix64 for the whole package.
    private let state: Mutex<PacingRandom?>

    /// A source for `seed`; nil always picks the default.
    public init(seed: UInt64?) { state = Mutex(seed.map { PacingRandom(seed: $0) }) }

    /// Whether choices vary at all.
    public var varies: Bool { state.withLock { $0 != nil } }

    /// One of `options`; the first without a seed.
    public func pick<T>(_ options: [T]) -> T {
        precondition(!options.isEmpty, "pick needs an option")
        guard let next = next() else { return options[0] }
        return options[Int(next % UInt64(options.count))]
    }

    /// An integer in `range`; its lower bound without a seed.
    public func int(in range: ClosedRange<Int>) -> Int {
        guard let next = next() else { return range.lowerBound }
        return range.lowerBound + Int(next % UInt64(range.count))
    }

    /// A coin toss; false without a seed.
    public func flip() -> Bool { pick([false, true]) }

    private func next() -> UInt64? {
        state.withLock { random in random?.next() }
    }
}
