import ArgumentParser
import Switchboard

/// `switchboard inbox [--state S]` and `switchboard inbox replay ID`: inbound events between the
/// webhook's answer and the app's handler, and handing a failed one over again.
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "List the inbox: pending, handling, handled or failed inbound events.",
        subcommands: [List.self, Replay.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List inbound events, oldest first.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var filter: EntryFilter<InboxState>

        func run() async throws {
            try await CLIContext.run(options) { context in
                for entry in try await context.client.inbox.entries(state: try filter.selected(), limit: filter.limit) {
                    Output.emit(entry, json: options.json) {
                        "\(entry.id)\t\(entry.state)\t\(entry.chatKey)\tattempts \(entry.attempts)\t\(entry.lastError ?? "")"
                    }
                }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hand a failed inbound event over again (the next `listen` or app run handles it).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The inbox entry's id (from `switchboard inbox --state failed`).") var id: Int64

        func run() async throws {
            try await CLIContext.run(options) { context in
                let entry = try await context.client.inbox.replay(id: id)
                Output.emit(entry, json: options.json) { "\(entry.id)\t\(entry.state)\t\(entry.chatKey)" }
            }
        }
    }
}
