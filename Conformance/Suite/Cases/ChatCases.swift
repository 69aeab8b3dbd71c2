import Switchboard

/// Reactions, typing, message history and the profile.
enum ChatCases {
    static let all: [ConformanceCase] = [
        ConformanceCase("reactions.add", requires: [.instancesCreate, .pairingQR, .sendText, .reactions]) { context in
            let id = try await context.connectedInstance()
            let message = try await sentMessageID(context, id, text: "react to me")
            try await context.provider.react(id, to: message, in: context.contact, emoji: "👍")
            let reaction = try await context.sent(id).last { $0.reaction != nil }?.reaction
            try context.expect(reaction?.emoji == "👍" && ConformanceIDs.same(reaction?.messageId, message.rawValue),
                               "the phone's side shows no 👍 on \(message): \(String(describing: reaction))")
        },
        ConformanceCase("reactions.remove", requires: [.instancesCreate, .pairingQR, .sendText, .reactions]) { context in
            let id = try await context.connectedInstance()
            let message = try await sentMessageID(context, id, text: "react then unreact")
            try await context.provider.react(id, to: message, in: context.contact, emoji: "❤️")
            let before = try await context.sent(id).count
            try await context.provider.react(id, to: message, in: context.contact, emoji: "")
            let after = try await context.sent(id)
            let reaction = after.last { $0.reaction != nil }?.reaction
            try context.expect(after.count > before && reaction?.emoji == "" && ConformanceIDs.same(reaction?.messageId, message.rawValue),
                               "removing the reaction did not reach the phone's side: \(String(describing: reaction))")
        },
        ConformanceCase("typing", requires: [.instancesCreate, .pairingQR, .typing]) { context in
            let id = try await context.connectedInstance()
            try await context.provider.setTyping(id, in: context.contact, true)
            try await context.provider.setTyping(id, in: context.contact, false)
        },
        ConformanceCase("messages.history", requires: [.instancesCreate, .pairingQR, .sendText, .messageHistory]) { context in
            let id = try await context.connectedInstance()
            _ = try await context.provider.send(.text("history outbound", to: context.contact), from: id)
            _ = try await context.harness.inbound(id, from: context.configuration.contactPhone, text: "history inbound")
            let messages = try await context.provider.messages(id, in: context.contact, limit: 50)
            let outbound = messages.first { $0.text == "history outbound" }
            let inbound = messages.first { $0.text == "history inbound" }
            try context.expect(outbound?.fromMe == true, "history lacks the sent message as fromMe: \(messages.map { $0.text ?? "-" })")
            try context.expect(inbound?.fromMe == false, "history lacks the received message: \(messages.map { $0.text ?? "-" })")
        },
        ConformanceCase("profile.name", requires: [.instancesCreate, .pairingQR, .profileName]) { context in
            let id = try await context.connectedInstance()
            try await context.provider.setProfileName(id, "Conformance Bot")
            let name = try await context.provider.profile(id).name
            try context.expect(name == "Conformance Bot", "profile name is \(name ?? "nil")")
        },
        ConformanceCase("profile.about", requires: [.instancesCreate, .pairingQR, .profileAbout]) { context in
            let id = try await context.connectedInstance()
            try await context.provider.setProfileAbout(id, "Answering within the hour")
            let about = try await context.provider.profile(id).about
            try context.expect(about == "Answering within the hour", "profile about is \(about ?? "nil")")
        },
        ConformanceCase("profile.picture", requires: [.instancesCreate, .pairingQR, .profilePicture]) { context in
            let id = try await context.connectedInstance()
            try await context.provider.setProfilePicture(id, url: "https://example.com/avatar.jpg")
            try await context.provider.setProfilePicture(id, url: nil)
        },
    ]

    /// Sends `text` to the contact and returns its id: from the send's answer, or, where the
    /// provider's documented answer carries none, from the entry the phone's side shows.
    static func sentMessageID(_ context: ConformanceContext, _ id: String, text: String) async throws -> MessageID {
        let sent = try await context.provider.send(.text(text, to: context.contact), from: id)
        if let message = sent.id { return message }
        let entry = try await context.sent(id).last { $0.isTo(context.configuration.contactPhone) && $0.shows(text) }
        guard let message = entry?.messageId else { throw ConformanceFailure("neither the send nor the phone's side gave a message id to react to") }
        return MessageID(message)
    }
}
