import ArgumentParser

/// The `switchboard` command.
@main
struct SwitchboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "One WhatsApp messaging API over Wawp and Wasup.",
        discussion: "Exit codes: 0 ok, 1 provider or network error, 2 usage, 3 configuration.",
        subcommands: [Demo.self, Instances.self, Create.self, Delete.self, Status.self, Pair.self, Disconnect.self,
                      Logout.self, Send.self, React.self, HandoffCommand.self, WebhookCommand.self,
                      Routes.self, OutboxCommand.self, InboxCommand.self, ReconcileCommand.self, Listen.self, CapabilitiesCommand.self, Emulate.self, ConformanceCommand.self]
    )
}
