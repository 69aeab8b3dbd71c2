/// A small seedable generator (SplitMix64) for the random gaps between sends: tests give a seed
/// so that a run can be repeated; the default seeds from the system generator. The emulators'
/// varied choices and the tests' random inputs draw from it too.
public struct PacingRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator from `seed`, or from the system generator.
    public init(seed: UInt64? = nil) {
        var system = SystemRandomNumberGenerator()
        state = seed ?? system.next()
    }

    /// The next value.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
