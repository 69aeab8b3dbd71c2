import EmulatorKit
import Foundation

/// Ids in the shapes Wawp and WAHA use, and chat id normalization.
enum WawpIdentifiers {
    private static let hex = "0123456789ABCDEF"
    private static let alphanumeric = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    private static let base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    private static let ulid = "0123456789abcdefghjkmnpqrstvwxyz"

    private static func random(_ count: Int, from alphabet: String) -> String { RandomText.of(count, from: alphabet) }

    /// A 12-character instance id (`3EB0BCB2E3D4`).
    static func instanceId() -> String { random(12, from: hex) }

    /// A session name (`wawp-84729105`).
    static func sessionName() -> String { "wawp-" + String(Int.random(in: 10_000_000...99_999_999)) }

    /// A WEBJS-style message id: `3EB0` and 16 hex digits.
    static func webMessageId() -> String { "3EB0" + random(16, from: hex) }

    /// A NOWEB-style message id: `BAE5` and 12 hex digits.
    static func nowebMessageId() -> String { "BAE5" + random(12, from: hex) }

    /// A webhook event id (`evt_01` and 24 lower-case Crockford base32 characters).
    static func eventId() -> String { "evt_01" + random(24, from: ulid) }

    /// A webhook request id.
    static func requestId() -> String { UUID().uuidString.lowercased() }

    /// A WhatsApp Web QR value: `2@` and four comma-separated base64 fields.
    static func qrValue() -> String {
        "2@" + random(64, from: base64) + "," + random(43, from: base64) + "=," + random(43, from: base64) + "=,"
            + random(23, from: base64) + "="
    }

    /// An 8-character pairing code as WhatsApp shows it (`ABCD-1234`).
    static func pairingCode() -> String { random(4, from: alphanumeric) + "-" + random(4, from: alphanumeric) }

    /// The LID of a phone: a stable 15-digit number derived from it, `@lid`.
    static func lid(for phone: String) -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in phone.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return String(100_000_000_000_000 + hash % 900_000_000_000_000) + "@lid"
    }

    /// The digits of a phone number written with `+`, spaces, dashes, dots or parentheses; nil
    /// unless 7 to 15 digits remain.
    static func phoneDigits(_ text: String) -> String? {
        var digits = text.filter { !" +-().".contains($0) }
        if digits.hasPrefix("00") { digits.removeFirst(2) }
        guard (7...15).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return digits
    }

    /// A chat id from a number or a JID: digits become `digits@c.us`, `@s.whatsapp.net` becomes
    /// `@c.us`, other JIDs (`@g.us`, `@lid`, `@newsletter`) are kept. Nil for anything else.
    static func chatId(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let at = trimmed.firstIndex(of: "@") {
            let user = trimmed[..<at], server = trimmed[trimmed.index(after: at)...]
            guard !user.isEmpty, !server.isEmpty else { return nil }
            if server == "s.whatsapp.net" || server == "c.us" {
                return phoneDigits(String(user)).map { $0 + "@c.us" }
            }
            return ["g.us", "lid", "newsletter", "broadcast"].contains(server) ? trimmed : nil
        }
        return phoneDigits(trimmed).map { $0 + "@c.us" }
    }

    /// The digits of a `digits@c.us` chat id, nil for groups and others.
    static func phone(ofChat chatId: String) -> String? {
        chatId.hasSuffix("@c.us") ? String(chatId.dropLast(5)) : nil
    }
}
