import ArgumentParser

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $SWITCHBOARD_CONFIG or ./switchboard.json).")
    var config: String?

    @Flag(name: .long, help: "Print JSON (one object per line) instead of text.")
    var json = false
}
