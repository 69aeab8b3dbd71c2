import Foundation

/// The emulators' clock readings, as providers stamp their answers.
public enum EmulatorClock {
    /// Unix seconds, now.
    public static func seconds() -> Int { Int(Date().timeIntervalSince1970) }
    /// Unix milliseconds, now.
    public static func milliseconds() -> Int { Int(Date().timeIntervalSince1970 * 1000) }
}
