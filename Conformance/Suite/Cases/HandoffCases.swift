import Foundation
import Switchboard

/// Handoff to a human: tag, list, clear, refusal of automated sends, resume keywords.
enum HandoffCases {
    static let other = ChatID.person(Phone(e164Digits: "447700900999"))

    static let all: [ConformanceCase] = [
        ConformanceCase("handoff.tag-list-clear", requires: [.instancesCreate, .pairingQR, .handoff]) { context in
            let id = try await context.connectedInstance()
            try await context.provider.setHandoff(id, chat: context.contact, active: true)
            var chats = try await context.provider.handoffs(id).map(\.chat)
            try context.expect(chats.contains(context.contact), "tagged chat not listed: \(chats)")
            try await context.provider.setHandoff(id, chat: context.contact, active: false)
            chats = try await context.provider.handoffs(id).map(\.chat)
            try context.expect(!chats.contains(context.contact), "untagged chat still listed: \(chats)")
            try await context.provider.setHandoff(id, chat: context.contact, active: true)
            try await context.provider.setHandoff(id, chat: other, active: true)
            let cleared = try await context.provider.clearHandoffs(id)
            try context.expect(cleared == 2, "clear-all cleared \(cleared), expected 2")
            chats = try await context.provider.handoffs(id).map(\.chat)
            try context.expect(chats.isEmpty, "chats left after clear-all: \(chats)")
        },
        ConformanceCase("handoff.refuses-automated", requires: [.instancesCreate, .pairingQR, .handoff, .sendText]) { context in
            let id = try await context.connectedInstance()
            try await context.provider.setHandoff(id, chat: context.contact, active: true)
            let before = try await context.sent(id).count
            try await context.expectError(.handoffActive, "automated send during handoff") {
                try await context.provider.send(.text("bot reply", to: context.contact), from: id, origin: .automated)
            }
            try context.expect(try await context.sent(id).count == before, "the refused message reached the phone's side")
            _ = try await context.provider.send(.text("human reply", to: context.contact), from: id, origin: .human)
            try context.expect(try await context.sent(id).contains { $0.isTo(context.configuration.contactPhone) && $0.shows("human reply") },
                               "the human's message did not go through")
            _ = try await context.provider.send(.text("bot elsewhere", to: other), from: id, origin: .automated)
        },
        ConformanceCase("handoff.resume-keyword", requires: [.instancesCreate, .pairingQR, .handoff]) { context in
            let id = try await context.connectedInstance()
            try await context.provider.setHandoffSettings(id, HandoffSettings(resumeKeywords: ["#resume"], resumeMessage: ""))
            let settings = try await context.provider.handoffSettings(id)
            try context.expect(settings.resumeKeywords.contains("#resume"), "settings did not keep the keyword: \(settings)")
            try await context.routeWebhooks(id)
            try await context.provider.setHandoff(id, chat: context.contact, active: true)
            let count = try context.deliveryCount()
            _ = try await context.harness.inbound(id, from: context.configuration.contactPhone, text: "#resume thanks, bot", fromMe: true)
            // The provider clears it itself, or the adapter does when it decodes the operator's
            // message from the webhook (where the library provides handoff): both are fine.
            var chats: [ChatID] = []
            var seen = count
            for _ in 0..<context.configuration.timing.attempts {
                seen = try context.decodeDeliveries(after: seen).count
                chats = try await context.provider.handoffs(id).map(\.chat)
                if !chats.contains(context.contact) { return }
                try await Task.sleep(for: context.configuration.timing.pollInterval)
            }
            throw ConformanceFailure("the operator's #resume did not clear the handoff: \(chats)")
        },
    ]
}
