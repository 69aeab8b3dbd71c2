import ArgumentParser
import Foundation
import Switchboard

/// `switchboard reconcile ID [--since T]`: reads the instance's history since T (by default, its
/// last recorded event) and hands each inbound message never seen to the inbox, once.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Recover inbound messages whose webhooks never came, from the instance's message history.",
        discussion: "Messages already handed over are not handed over again (the same deduplication keys as their webhooks). The next `listen` or app run handles what was recovered.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The instance id.") var id: String
    @Option(help: "The provider holding the instance (default: the one whose routes list it).") var provider: String?
    @Option(help: "Read from this time: ISO 8601 (2026-01-29T12:00:00Z) or an age (90m, 6h, 2d). Default: the instance's last recorded event.")
    var since: String?

    func run() async throws {
        try await CLIContext.run(options) { context in
            let start = try since.map(Self.parse)
            _ = await context.router.refresh()
            let provider = try await context.locate(id, provider: provider)
            let report = try await context.client.reconcile(provider: provider.name, instance: id, since: start)
            Output.emit(report, json: options.json) { report.description }
        }
    }

    /// An ISO 8601 time, or an age before now (`90m`, `6h`, `2d`, `30s`).
    static func parse(_ text: String) throws -> Date {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let unit = text.last.flatMap({ units[$0] }), let amount = Double(text.dropLast()), amount >= 0, amount.isFinite {
            return Date().addingTimeInterval(-amount * unit)
        }
        throw UsageError("--since takes an ISO 8601 time (2026-01-29T12:00:00Z) or an age (90m, 6h, 2d), not \"\(text)\"")
    }
}
