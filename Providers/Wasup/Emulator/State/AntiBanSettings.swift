import EmulatorKit
import Foundation

/// The legacy anti-ban limits of an instance, and their enforcement over its send history.
struct AntiBanSettings: Sendable {
    var preset: String
    var messagesPerHour: Int
    var messagesPerDay: Int
    var uniqueChatsPerHour: Int
    var uniqueChatsPerDay: Int

    /// The default: the spec's `AntiBanSettings` example.
    static let standard = AntiBanSettings(preset: "balanced", messagesPerHour: 200, messagesPerDay: 5000,
                                          uniqueChatsPerHour: 50, uniqueChatsPerDay: 500)

    /// A named preset. The spec contradicts itself: the PUT body's enum names `new`/`balanced`/
    /// `higher`, the `AntiBanSettings` schema every answer uses names `conservative`/`balanced`/
    /// `aggressive`/`custom`. Reading taken: both spellings are accepted, and answers always use
    /// the schema's (`new` is `conservative`, `higher` is `aggressive`), so no answer leaves its enum.
    static func preset(_ name: String) -> AntiBanSettings? {
        switch name {
        case "new", "conservative":
            AntiBanSettings(preset: "conservative", messagesPerHour: 30, messagesPerDay: 200, uniqueChatsPerHour: 15, uniqueChatsPerDay: 50)
        case "balanced":
            AntiBanSettings(preset: "balanced", messagesPerHour: 200, messagesPerDay: 5000, uniqueChatsPerHour: 50, uniqueChatsPerDay: 500)
        case "higher", "aggressive":
            AntiBanSettings(preset: "aggressive", messagesPerHour: 500, messagesPerDay: 10_000, uniqueChatsPerHour: 150, uniqueChatsPerDay: 1500)
        default: nil
        }
    }

    static let limitFields = ["messagesPerHour", "messagesPerDay", "uniqueChatsPerHour", "uniqueChatsPerDay"]

    /// Applies a PUT body: a preset, then any explicit limits (which make it `custom`).
    /// Returns an error message for an unknown preset or a limit below 1.
    mutating func apply(_ body: JSONValue) -> String? {
        if let name = body["preset"]?.stringValue, name != "custom" {
            guard let preset = Self.preset(name) else {
                return "Invalid preset. Use one of: new, balanced, higher, custom"
            }
            self = preset
        }
        var custom = body["preset"]?.stringValue == "custom"
        for field in Self.limitFields {
            guard let value = body[field], value != .null else { continue }
            guard let number = value.intValue, number >= 1 else { return "\(field) must be a positive integer" }
            custom = true
            switch field {
            case "messagesPerHour": messagesPerHour = number
            case "messagesPerDay": messagesPerDay = number
            case "uniqueChatsPerHour": uniqueChatsPerHour = number
            default: uniqueChatsPerDay = number
            }
        }
        if custom { preset = "custom" }
        return nil
    }

    var json: JSONValue {
        ["preset": .string(preset), "messagesPerHour": .int(messagesPerHour), "messagesPerDay": .int(messagesPerDay),
         "uniqueChatsPerHour": .int(uniqueChatsPerHour), "uniqueChatsPerDay": .int(uniqueChatsPerDay)]
    }

    /// Why a send to `chat` now would break a limit, and how many milliseconds until it would not.
    func refusal(sends: [(at: Date, chat: String)], chat: String, now: Date) -> (reason: String, waitTime: Int)? {
        let hour = sends.filter { now.timeIntervalSince($0.at) < 3600 }
        let day = sends.filter { now.timeIntervalSince($0.at) < 86_400 }
        func wait(_ window: [(at: Date, chat: String)], _ seconds: Double) -> Int {
            guard let oldest = window.map(\.at).min() else { return 0 }
            return max(1, Int(((oldest.timeIntervalSince1970 + seconds) - now.timeIntervalSince1970) * 1000))
        }
        if hour.count >= messagesPerHour {
            return ("Hourly message limit reached (\(messagesPerHour)/hour)", wait(hour, 3600))
        }
        if day.count >= messagesPerDay {
            return ("Daily message limit reached (\(messagesPerDay)/day)", wait(day, 86_400))
        }
        let hourChats = Set(hour.map(\.chat)), dayChats = Set(day.map(\.chat))
        if !hourChats.contains(chat), hourChats.count >= uniqueChatsPerHour {
            return ("Hourly unique chat limit reached (\(uniqueChatsPerHour)/hour)", wait(hour, 3600))
        }
        if !dayChats.contains(chat), dayChats.count >= uniqueChatsPerDay {
            return ("Daily unique chat limit reached (\(uniqueChatsPerDay)/day)", wait(day, 86_400))
        }
        return nil
    }

    /// The spec's `AntiBanHealth` for the send history.
    func health(sends: [(at: Date, chat: String)], now: Date) -> JSONValue {
        let hour = sends.filter { now.timeIntervalSince($0.at) < 3600 }
        let day = sends.filter { now.timeIntervalSince($0.at) < 86_400 }
        let hourChats = Set(hour.map(\.chat)).count, dayChats = Set(day.map(\.chat)).count
        func percent(_ used: Int, _ limit: Int) -> Int { limit > 0 ? min(100, used * 100 / limit) : 0 }
        let usages = [("hourly messages", percent(hour.count, messagesPerHour)), ("daily messages", percent(day.count, messagesPerDay)),
                      ("hourly chats", percent(hourChats, uniqueChatsPerHour)), ("daily chats", percent(dayChats, uniqueChatsPerDay))]
        let warnings = usages.filter { $0.1 >= 80 }.map { "\($0.0) at \($0.1)% of limit" }
        let status = usages.contains { $0.1 >= 100 } ? "limited" : warnings.isEmpty ? "healthy" : "warning"
        return ["status": .string(status), "hourlyUsage": .int(usages[0].1), "dailyUsage": .int(usages[1].1),
                "hourlyChatsUsage": .int(usages[2].1), "dailyChatsUsage": .int(usages[3].1),
                "warnings": .array(warnings.map(JSONValue.string)),
                "stats": ["messagesThisHour": .int(hour.count), "messagesThisDay": .int(day.count),
                          "uniqueChatsThisHour": .int(hourChats), "uniqueChatsThisDay": .int(dayChats)]]
    }
}
