import EmulatorKit

/// An instance's behavior settings (the spec's `BehaviorSettings`).
struct BehaviorSettings: Sendable {
    var behaviorProfile = "bot-native"
    var typingSimulation = true
    var delayEnabled = true
    var notificationGraceMs = 12_000
    var phoneNotificationsEnabled = false

    static let profiles = ["bot-native", "notification-balanced", "notification-max"]

    /// Applies a (partial) settings object; returns an error message for an invalid value.
    mutating func apply(_ body: JSONValue) -> String? {
        var next = self
        if let profile = body["behaviorProfile"], profile != .null {
            guard let name = profile.stringValue, Self.profiles.contains(name) else {
                return "behaviorProfile must be one of: \(Self.profiles.joined(separator: ", "))"
            }
            next.behaviorProfile = name
        }
        if let typing = body["typingSimulation"]?.boolValue { next.typingSimulation = typing }
        if let delay = body["delayEnabled"]?.boolValue { next.delayEnabled = delay }
        if let grace = body["notificationGraceMs"], grace != .null {
            guard let ms = grace.intValue, (0...120_000).contains(ms) else {
                return "notificationGraceMs must be an integer between 0 and 120000"
            }
            next.notificationGraceMs = ms
        }
        if let legacy = body["phoneNotificationsEnabled"]?.boolValue {
            next.phoneNotificationsEnabled = legacy
            if legacy, body["behaviorProfile"] == nil {
                next.behaviorProfile = next.typingSimulation ? "notification-balanced" : "notification-max"
            }
        }
        if next.behaviorProfile == "notification-max" { next.typingSimulation = false }
        self = next
        return nil
    }

    var json: JSONValue {
        ["behaviorProfile": .string(behaviorProfile), "typingSimulation": .bool(typingSimulation),
         "delayEnabled": .bool(delayEnabled), "notificationGraceMs": .int(notificationGraceMs),
         "phoneNotificationsEnabled": .bool(phoneNotificationsEnabled)]
    }
}
