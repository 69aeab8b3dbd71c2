import Foundation
import Testing
@testable import Switchboard

/// The timestamp fast path against `Date.ISO8601FormatStyle`, which the adapters fall back to:
/// every string it takes gives the format style's date, and it leaves every other form alone.
@Suite struct ISO8601TimestampTests {
    static func foundation(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }

    @Test func readsTheUsualFormAsFoundationDoes() throws {
        var samples = [
            "2026-01-29T12:00:00.000Z", "2026-01-29T12:00:00Z", "1970-01-01T00:00:00Z", "2000-02-29T23:59:59.999Z",
            "2026-11-29T10:59:32.5Z", "2026-11-29T10:59:32.123456Z", "2026-06-30T08:15:42+02:00", "2026-06-30T08:15:42-05:30",
            "2026-06-30T08:15:42.250+08:00", "2100-12-31T23:59:59Z", "2024-02-29T00:00:00.001Z", "2038-01-19T03:14:08Z",
        ]
        var random = PacingRandom(seed: 8601)
        for _ in 0..<200 {
            let year = 1970 + random.below(130), month = 1 + random.below(12), day = 1 + random.below(28)
            let fraction = [".000", ".5", ".123", ".999", ".010", ".000001", ".987654321", ""][random.below(8)]
            let zone = ["Z", "+00:00", "+05:45", "-11:00", "+14:00"][random.below(5)]
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            samples.append("\(year)-\(two(month))-\(two(day))T\(two(random.below(24))):\(two(random.below(60)))"
                           + ":\(two(random.below(60)))\(fraction)\(zone)")
        }
        for text in samples {
            let expected = try #require(Self.foundation(text), "Foundation refused \(text)")
            let fast = try #require(ISO8601Timestamp.parse(text), "the fast path refused \(text)")
            #expect(fast == expected, "\(text): \(fast.timeIntervalSince1970) vs \(expected.timeIntervalSince1970)")
        }
    }

    @Test func leavesOtherFormsToTheFallback() {
        for text in ["2026-01-29 12:00:00+00:00", " 2026-01-29T12:00:00Z", "2026-01-29T12:00:00", "2026-02-30T12:00:00Z",
                     "2026-01-29T24:00:00Z", "2026-01-29T12:00:60Z", "2026-01-29T12:00:00.Z", "2026-01-29T12:00:00+0000",
                     "2026-01-29t12:00:00z", "20260129T120000Z", "1969-12-31T23:59:59Z", "2026-01-29T12:00:00ZZ", ""] {
            #expect(ISO8601Timestamp.parse(text) == nil, "\(text)")
        }
    }
}
