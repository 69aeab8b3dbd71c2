import Foundation

/// The emulator's clock readings.
enum WawpClock {
    /// Unix seconds.
    static func seconds() -> Int { Int(Date().timeIntervalSince1970) }
    /// Unix milliseconds.
    static func milliseconds() -> Int { Int(Date().timeIntervalSince1970 * 1000) }
}
