import ArgumentParser
import Switchboard

/// A command that does one thing to one instance: it finds the provider that holds the instance,
/// acts through it, and prints what it did (one JSON object with `--json`, else one line).
protocol InstanceAction: AsyncParsableCommand {
    var options: GlobalOptions { get }
    var target: InstanceTarget { get }

    /// Acts on `instance` through `holder`, the provider that holds it; returns what to print.
    func act(on instance: String, through holder: any MessagingProvider) async throws -> ActionReport
}

/// What an `InstanceAction` prints: `json` with `--json`, else `line`.
struct ActionReport {
    let json: any Encodable
    let line: String
}

extension InstanceAction {
    func run() async throws {
        try await CLIContext.run(options) { context in
            let report = try await act(on: target.instance, through: target.holder(in: context))
            Output.emit(report.json, json: options.json) { report.line }
        }
    }
}
