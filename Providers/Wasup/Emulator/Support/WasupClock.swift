import Foundation

/// Timestamps as Wasup writes them: ISO 8601 UTC with milliseconds (`2026-01-29T12:00:00.000Z`).
enum WasupClock {
    static func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// `2026-01-29 12:00:00+00:00`: the same instant, as a YAML 1.1 reader writes the spec's examples.
    static func spaced(_ date: Date) -> String {
        var components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(secondsFromGMT: 0) ?? .current, from: date)
        components.nanosecond = nil
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d+00:00", components.year ?? 0, components.month ?? 0, components.day ?? 0,
                      components.hour ?? 0, components.minute ?? 0, components.second ?? 0)
    }

    static func parse(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
