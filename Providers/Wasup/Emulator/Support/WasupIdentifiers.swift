import EmulatorKit
import Foundation

/// Ids, codes and phone numbers the way Wasup spells them.
enum WasupIdentifiers {
    /// `wa_<base36 millis>_<5 random>`, like `wa_lxyz123_abc45`.
    static func instanceId() -> String {
        "wa_\(String(EmulatorClock.milliseconds(), radix: 36))_\(random(5, from: "abcdefghijklmnopqrstuvwxyz0123456789"))"
    }

    /// A WhatsApp-style message id: `3EB0` and 16 upper-case hex digits.
    static func messageId() -> String { "3EB0" + random(16, from: "0123456789ABCDEF") }

    /// An `XXXX-XXXX` pairing code of upper-case letters and digits.
    static func pairingCode() -> String {
        let alphabet = "ABCDEFGHJKLMNPQRSTVWXYZ0123456789"
        return random(4, from: alphabet) + "-" + random(4, from: alphabet)
    }

    /// A 64-hex-digit API key.
    static func apiKey() -> String { random(64, from: "0123456789abcdef") }

    static func random(_ count: Int, from alphabet: String) -> String { RandomText.of(count, from: alphabet) }

    /// Whether a custom instance id is acceptable: 1 to 64 letters, digits, `_` or `-`.
    static func isValidInstanceId(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// The digits of a phone number written with or without `+`, spaces, dashes or parentheses;
    /// nil unless 7 to 15 digits remain.
    static func phoneDigits(_ text: String) -> String? {
        let stripped = text.filter { !" +-().".contains($0) }
        guard (7...15).contains(stripped.count), stripped.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return stripped
    }

    /// A recipient as Wasup accepts it: phone digits, or a chat id (`...@s.whatsapp.net`, `...@g.us`,
    /// `...@c.us`, `...@lid`), normalized to `(phone or chat id, chat id)`.
    static func recipient(_ text: String) -> (display: String, chatId: String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let at = trimmed.firstIndex(of: "@") {
            let user = String(trimmed[..<at]).split(separator: ":").first.map(String.init) ?? ""
            let domain = trimmed[trimmed.index(after: at)...]
            guard !user.isEmpty, ["s.whatsapp.net", "c.us", "g.us", "lid"].contains(domain) else { return nil }
            if domain == "c.us" || domain == "s.whatsapp.net" {
                guard let digits = phoneDigits(user) else { return nil }
                return (digits, "\(digits)@s.whatsapp.net")
            }
            return (user, "\(user)@\(domain)")
        }
        guard let digits = phoneDigits(trimmed) else { return nil }
        return (digits, "\(digits)@s.whatsapp.net")
    }
}
