import ArgumentParser
import Switchboard

/// `switchboard routes`: the routing table with each instance's health and cooldown.
struct Routes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the routing table: instances by phone, status, cooldown.")
    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await CLIContext.run(options) { context in
            let failures = await context.router.refresh()
            for (provider, error) in failures.sorted(by: { $0.key < $1.key }) { printError("warning: could not list \(provider): \(error)") }
            for route in context.router.routes() {
                Output.emit(route, json: options.json) {
                    let cooling = route.cooldownRemaining.map { "cooling \($0)" } ?? (route.isAvailable ? "available" : "-")
                    return "\(route.phone?.e164 ?? "-")\t\(route.provider)/\(route.instance)\t\(route.status)\t\(cooling)"
                }
            }
            try await PacingLines.emit(context, json: options.json)
        }
    }
}

/// `switchboard outbox [--state S]`: durable messages and where they stand.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "List the outbox: queued, sending, sent (delivered, read, played, stuck), failed or ambiguous messages.")
    @OptionGroup var options: GlobalOptions
    @OptionGroup var filter: EntryFilter<OutboxState>

    func run() async throws {
        try await CLIContext.run(options) { context in
            let entries = try await context.store.outboxEntries(state: try filter.selected(), limit: filter.limit)
            // A sent entry shows how far it got (delivered, read, played, failed) and whether it is stuck.
            let receipts = try await context.client.deliveries.records(of: entries.filter { $0.state == .sent }.map(\.id))
            let stuck = Set(try await context.client.stuckMessages(limit: 10_000).map(\.id))
            for entry in entries {
                Output.emit(entry, json: options.json) {
                    let state = entry.state == .sent ? receipts[entry.id].map { "\($0.status.rawValue)" } ?? "sent" : "\(entry.state)"
                    return "\(entry.id)\t\(state)\(stuck.contains(entry.id) ? " (stuck)" : "")\t\(entry.message.to)\t\(entry.provider.map { "\($0)/\(entry.instance ?? "?")" } ?? "-")\t\(entry.lastError ?? "")"
                }
            }
            try await PacingLines.emit(context, json: options.json)
        }
    }
}

/// The pacing lines `switchboard routes` and `switchboard outbox` end with: per sending number,
/// its caps, what it used and when its next send may go (nothing when nothing is paced).
enum PacingLines {
    /// One JSON line's shape: `{"pacing": {...}}`, so it stands apart from routes and entries.
    struct Line: Encodable {
        let pacing: PacingStatus
    }

    static func emit(_ context: CLIContext, json: Bool) async throws {
        for status in try await context.client.pacing() {
            Output.emit(Line(pacing: status), json: json) { "pacing\t\(status)" }
        }
    }
}
