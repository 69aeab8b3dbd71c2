import ArgumentParser

/// The `switchboard` command.
@main
struct SwitchboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "One WhatsApp messaging API over Wawp and Wasup.",
        subcommands: [Demo.self]
    )
}
