import ArgumentParser
import Switchboard

/// `switchboard handoff INSTANCE [--chat C (--on | --off) | --clear | --keywords K,K]`.
struct HandoffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "handoff", abstract: "List, tag or clear chats handed to a human.")
    @OptionGroup var options: GlobalOptions
    @OptionGroup var target: InstanceTarget
    @Option(help: "The chat to tag or untag.") var chat: String?
    @Flag(help: "Hand --chat to a human.") var on = false
    @Flag(help: "Give --chat back to automation.") var off = false
    @Flag(help: "Give every chat back.") var clear = false
    @Option(help: "Set the resume keywords, comma-separated.") var keywords: String?

    func run() async throws {
        try await CLIContext.run(options) { context in
            let instance = target.instance
            let holder = try await target.holder(in: context)
            if let chat {
                guard on != off else { throw UsageError("with --chat, give --on or --off") }
                try await holder.setHandoff(instance, chat: try ChatID(chat), active: on)
            }
            if clear {
                let count = try await holder.clearHandoffs(instance)
                if !options.json { print("cleared \(count) chat(s)") }
            }
            if let keywords {
                var settings = try await holder.handoffSettings(instance)
                settings.resumeKeywords = keywords.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                try await holder.setHandoffSettings(instance, settings)
            }
            for handoff in try await holder.handoffs(instance) {
                Output.emit(handoff, json: options.json) { "\(handoff.chat)\t\(handoff.since.map { "since \($0)" } ?? "")" }
            }
        }
    }
}

/// `switchboard webhook set|test INSTANCE --url URL`.
struct WebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "webhook", abstract: "Set or test an instance's webhook.",
                                                    subcommands: [SetURL.self, Test.self])

    struct SetURL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Point the instance's webhook at a URL, or re-register its current one (adding Wasup's per-instance token).")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var target: InstanceTarget
        @Option(help: "The URL; without it, the instance's current URL is registered again.") var url: String?

        func run() async throws {
            try await CLIContext.run(options) { context in
                let instance = target.instance
                let holder = try await target.holder(in: context)
                var webhook = url
                if webhook == nil { webhook = try await holder.instance(instance).webhookURL }
                guard let webhook, !webhook.isEmpty else {
                    throw UsageError("instance \(instance) has no webhook URL to register again: give --url")
                }
                try await holder.setWebhook(instance, url: webhook)
                Output.emit(["instance": instance, "webhook": Redaction.redact(webhook)], json: options.json) { "webhook of \(instance) set" }
            }
        }
    }

    struct Test: InstanceAction {
        static let configuration = CommandConfiguration(commandName: "test", abstract: "Ask the provider for a test delivery.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var target: InstanceTarget

        func act(on instance: String, through holder: any MessagingProvider) async throws -> ActionReport {
            try await holder.testWebhook(instance)
            return ActionReport(json: ["instance": instance, "tested": "true"], line: "test delivery requested for \(instance)")
        }
    }
}
