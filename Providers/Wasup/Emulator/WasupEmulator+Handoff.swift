import EmulatorKit
import Foundation

extension WasupEmulator {
    /// `GET .../handoff`.
    func handoffList(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in
            .json(["success": true, "chats": .array(instance.handoff.map {
                ["chatId": .string($0.chatId), "since": .string(WasupClock.iso($0.since))]
            })])
        }
    }

    /// `POST .../handoff` `{phone, active}`.
    func handoffSet(_ request: EmulatorRequest) -> EmulatorResponse {
        let body = bodyObject(request)
        let raw = body["phone"]?.stringValue ?? ""
        let active = body["active"]?.boolValue ?? false
        return withInstance(request) { instance, _ in
            guard let recipient = WasupIdentifiers.recipient(raw) else {
                return failure(400, "Invalid phone: \(raw)")
            }
            if active {
                if !instance.isInHandoff(recipient.chatId) { instance.handoff.append((recipient.chatId, Date())) }
                instance.log("Handoff started for \(recipient.display)")
            } else {
                instance.handoff.removeAll { $0.chatId == recipient.chatId }
                instance.log("Handoff ended for \(recipient.display)")
            }
            return .json(["success": true, "chatId": .string(recipient.chatId), "active": .bool(active)])
        }
    }

    /// `DELETE .../handoff`: every chat, or only `?phone=`.
    func handoffClear(_ request: EmulatorRequest) -> EmulatorResponse {
        let only = request.queryItem("phone").flatMap(WasupIdentifiers.recipient)?.chatId
        return withInstance(request) { instance, _ in
            let before = instance.handoff.count
            instance.handoff.removeAll { only == nil || $0.chatId == only }
            let cleared = before - instance.handoff.count
            instance.log("Handoff cleared for \(cleared) chat(s)")
            return .json(["success": true, "cleared": .int(cleared)])
        }
    }

    /// `GET .../handoff/settings`.
    func handoffSettings(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in .json(["success": true, "settings": instance.handoffSettingsJSON]) }
    }

    /// `PUT .../handoff/settings` `{resumeKeywords, resumeMessage}`.
    func updateHandoffSettings(_ request: EmulatorRequest) -> EmulatorResponse {
        let body = bodyObject(request)
        return withInstance(request) { instance, _ in
            if let keywords = body["resumeKeywords"], keywords != .null {
                let words = keywords.arrayValue?.compactMap(\.stringValue) ?? []
                guard words.count == keywords.arrayValue?.count, words.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                    return failure(400, "resumeKeywords must be an array of non-empty strings")
                }
                instance.resumeKeywords = words
            }
            if let message = body["resumeMessage"], message != .null {
                guard let text = message.stringValue else { return failure(400, "resumeMessage must be a string") }
                instance.resumeMessage = text
            }
            return .json(["success": true, "settings": instance.handoffSettingsJSON])
        }
    }

    /// The resume keyword `text` starts with (case-insensitive), if any.
    func resumeKeyword(in text: String, of instance: WasupInstance) -> String? {
        let lowered = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return instance.resumeKeywords.first { !$0.isEmpty && lowered.hasPrefix($0.lowercased()) }
    }
}
