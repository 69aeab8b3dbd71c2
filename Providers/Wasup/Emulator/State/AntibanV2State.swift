import EmulatorKit
import Foundation

/// The Anti-Ban v2 block of an instance: its config, and whether enforcement is paused.
struct AntibanV2State: Sendable {
    var enabled = true
    var preset = "moderate"
    var overrides = JSONObject()
    var modules: JSONObject = [
        "warmup": ["enabled": true], "replyRatio": ["enabled": true], "contactGraph": ["enabled": true],
        "presence": ["enabled": true, "circadianProfile": "default", "timezone": "UTC"],
        "retryTracker": ["enabled": true], "reconnectThrottle": ["enabled": true], "contactMapping": ["enabled": true],
        "sessionStability": ["enabled": true], "stealthConnect": ["enabled": true],
    ]
    var alertsWebhook: String?
    var paused = false

    static let presets = ["conservative", "moderate", "aggressive"]
    static let overrideFields = ["maxPerMinute", "maxPerHour", "maxPerDay", "minDelayMs", "maxDelayMs"]

    /// Applies a PUT body; returns an error message for an invalid value.
    mutating func apply(_ body: JSONValue) -> String? {
        var next = self
        if let enabled = body["enabled"]?.boolValue { next.enabled = enabled }
        if let preset = body["preset"], preset != .null {
            guard let name = preset.stringValue, Self.presets.contains(name) else {
                return "preset must be one of: \(Self.presets.joined(separator: ", "))"
            }
            next.preset = name
        }
        if let overrides = body["overrides"]?.objectValue {
            for (key, value) in overrides {
                if value == .null { next.overrides[key] = nil; continue }
                guard Self.overrideFields.contains(key), let number = value.intValue, number >= 0 else {
                    return "overrides.\(key) must be a non-negative integer (one of \(Self.overrideFields.joined(separator: ", ")))"
                }
                next.overrides[key] = .int(number)
            }
        }
        if let modules = body["modules"]?.objectValue {
            for (key, value) in modules {
                guard let settings = value.objectValue else { return "modules.\(key) must be an object" }
                next.modules[key] = .object((next.modules[key]?.objectValue ?? JSONObject()).merging(settings))
            }
        }
        if let alerts = body["alertsWebhook"] { next.alertsWebhook = alerts.stringValue }
        self = next
        return nil
    }

    var configJSON: JSONValue {
        ["enabled": .bool(enabled), "preset": .string(preset), "overrides": .object(overrides),
         "modules": .object(modules), "alertsWebhook": JSONValue(alertsWebhook)]
    }

    /// Why a send now would break an explicit v2 override limit (`maxPerMinute/Hour/Day`), if any.
    func refusal(sends: [(at: Date, chat: String)], now: Date) -> (reason: String, waitTime: Int)? {
        guard enabled, !paused else { return nil }
        for (field, window, label) in [("maxPerMinute", 60.0, "minute"), ("maxPerHour", 3600.0, "hour"), ("maxPerDay", 86_400.0, "day")] {
            guard let limit = overrides[field]?.intValue else { continue }
            let recent = sends.filter { now.timeIntervalSince($0.at) < window }
            if recent.count >= limit {
                let oldest = recent.map(\.at).min() ?? now
                let wait = max(1, Int((oldest.timeIntervalSince1970 + window - now.timeIntervalSince1970) * 1000))
                return ("Anti-Ban v2 limit reached (\(limit)/\(label))", wait)
            }
        }
        return nil
    }

    /// Warm-up over the first 7 days after `createdAt`.
    func warmupJSON(createdAt: Date, sentToday: Int, now: Date) -> JSONValue {
        let limits = [20, 36, 52, 84, 117, 150, 200]
        let day = min(7, Int(now.timeIntervalSince(createdAt) / 86_400) + 1)
        let complete = now.timeIntervalSince(createdAt) >= 7 * 86_400
        return ["phase": .string(complete ? "graduated" : "warming"), "day": .int(day), "totalDays": 7,
                "todayLimit": .int(limits[day - 1]), "todaySent": .int(sentToday),
                "progress": .int(complete ? 100 : day * 100 / 7), "complete": .bool(complete)]
    }

    /// Risk from the share of today's warm-up limit used.
    func healthJSON(sentToday: Int, todayLimit: Int) -> JSONValue {
        let used = todayLimit > 0 ? sentToday * 100 / todayLimit : 0
        let risk = used >= 150 ? "critical" : used >= 100 ? "high" : used >= 70 ? "medium" : "low"
        let recommendation = switch risk {
        case "low": "Sending is within safe limits"
        case "medium": "Slow down: approaching today's warm-up limit"
        case "high": "Pause bulk sending until tomorrow"
        default: "Stop sending: the number is at risk of a ban"
        }
        return ["risk": .string(risk), "score": .int(max(0, 100 - min(100, used))),
                "recommendation": .string(recommendation), "isPaused": .bool(paused)]
    }
}
