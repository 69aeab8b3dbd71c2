import Switchboard

/// Reactions, typing, message history and the profile.
enum ChatCases {
    static let all: [ConformanceCase] = [
        ConformanceCase("reactions.add", requires: [.instancesCreate, .pairingQR, .sendText, .reactions]) { context in
            let id = try await context.connectedInstance()
            let sent = try await context.provider.send(.text("react to me", to: context.contact), from: id)
            guard let message = sent.id else { throw ConformanceFailure("the send returned no message id to react to") }
            try await context.provider.react(id, to: message, in: context.contact, emoji: "👍")
            let last = try await context.harness.sent(id).last
            try context.expect(last?.mentions("👍") == true && last?.mentions(message.rawValue) == true,
                               "the phone's side shows no 👍 on \(message): \(String(describing: last))")
        },
        ConformanceCase("reactions.remove", requires: [.instancesCreate, .pairingQR, .sendText, .reactions]) { context in
            let id = try await context.connectedInstance()
            let sent = try await context.provider.send(.text("react then unreact", to: context.contact), from: id)
            guard let message = sent.id else { throw ConformanceFailure("the send returned no message id to react to") }
            try await context.provider.react(id, to: message, in: context.contact, emoji: "❤️")
            let before = try await context.harness.sent(id).count
            try await context.provider.react(id, to: message, in: context.contact, emoji: "")
            let after = try await context.harness.sent(id)
            try context.expect(after.count > before && after.last?.mentions(message.rawValue) == true && after.last?.mentions("❤️") == false,
                               "removing the reaction did not reach the phone's side: \(String(describing: after.last))")
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
}
