import Foundation

/// Timestamps as Wasup writes them: ISO 8601 UTC with milliseconds (`2026-01-29T12:00:00.000Z`).
enum WasupClock {
    static func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func parse(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
