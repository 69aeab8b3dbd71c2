import Foundation
import Switchboard

/// Handoff to a human: tag, list, clear, refusal of automated sends, resume keywords.
///
/// These check a provider's handoff state. The guard that refuses automated sends belongs to
/// `SwitchboardClient` for every provider (its store is the source of truth), so no case here
/// expects an adapter to refuse; where the library provides handoff (support
/// ``Capabilities/Support/library``) the resume keywords are the client's too, and that case skips.
enum HandoffCases {
    static func requireNative(_ context: ConformanceContext) throws {
        guard context.provider.capabilities.support(for: .handoff) == .provider else {
            throw ConformanceSkip("handoff is provided by Switchboard's client for this adapter, not by the provider")
        }
    }

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
        ConformanceCase("handoff.resume-keyword", requires: [.instancesCreate, .pairingQR, .handoff]) { context in
            try requireNative(context)
            let id = try await context.connectedInstance()
            try await context.provider.setHandoffSettings(id, HandoffSettings(resumeKeywords: ["#resume"], resumeMessage: ""))
            let settings = try await context.provider.handoffSettings(id)
            try context.expect(settings.resumeKeywords.contains("#resume"), "settings did not keep the keyword: \(settings)")
            try await context.routeWebhooks(id)
            try await context.provider.setHandoff(id, chat: context.contact, active: true)
            let count = try context.deliveryCount()
            _ = try await context.harness.inbound(id, from: context.configuration.contactPhone, text: "#resume thanks, bot", fromMe: true)
            // The provider clears it itself.
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
