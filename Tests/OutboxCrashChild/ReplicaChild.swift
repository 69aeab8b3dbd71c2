// The replica mode of the child: one of several app replicas sharing one PostgreSQL database.
// It enqueues its share of the messages (keys and texts `replica-NNNNN`, FIRST ..< FIRST+COUNT)
// through its own SwitchboardClient, prints `enqueued`, then runs the client (route refresh, the
// outbox dispatcher claiming with SKIP LOCKED under a lease) until all TOTAL messages in the
// shared outbox are final, prints `done`, and exits 0. The test kills one replica with SIGKILL
// part-way; the others take over its claims when their leases run out.
//
// Arguments: STORE_URL WASUP_URL WASUP_KEY FIRST COUNT TOTAL (password in SWITCHBOARD_STORE_PASSWORD)
import Foundation
import Logging
import Switchboard
import SwitchboardPostgres
import SwitchboardWasup

enum ReplicaChild {
    /// The chat every replica writes to.
    static let customer = ChatID.person(Phone(e164Digits: "33612345678"))

    static func run(_ arguments: [String]) async {
        guard arguments.count == 6, let first = Int(arguments[3]), let count = Int(arguments[4]), let total = Int(arguments[5]) else {
            fail("usage: OutboxCrashChild replica STORE_URL WASUP_URL WASUP_KEY FIRST COUNT TOTAL", status: 64)
        }
        let configuration = SwitchboardConfiguration(store: arguments[0], providers: [
            ProviderConfiguration(name: "wasup", kind: "wasup", baseURL: arguments[1], values: ["apiKey": .string(arguments[2])]),
        ])
        var options = SwitchboardClient.Options()
        options.recoverInterruptedSends = nil      // replicas: only expired claims are taken over
        options.recoverInterruptedEvents = false
        options.outboxLease = .seconds(3)
        options.outboxConcurrency = 8
        options.pollInterval = .milliseconds(200)
        var logger = Logger(label: "replica-child")
        logger.logLevel = .warning
        options.logger = logger
        do {
            let client = try SwitchboardClient(configuration: configuration, kinds: [WasupProvider.providerKind],
                                               storeKinds: [PostgresStore.storeKind], options: options)
            let failures = try await client.refreshRoutes()
            if !failures.isEmpty { fail("refresh failed: \(failures)") }
            let runner = Task { try await client.run() }
            var index = first
            while index < first + count {
                let batch = (index..<min(index + 100, first + count)).map { n in
                    let label = String(format: "replica-%05d", n)
                    return (message: OutboundMessage.text(label, to: customer), from: Phone?.none, idempotencyKey: Optional(label))
                }
                try await client.outbox.enqueue(contentsOf: batch)
                index += batch.count
            }
            FileHandle.standardOutput.write(Data("enqueued \(count)\n".utf8))
            while true {
                let counts = try await client.outbox.counts()
                let final = (counts[.sent] ?? 0) + (counts[.failed] ?? 0) + (counts[.ambiguous] ?? 0)
                if final >= total {
                    let summary = counts.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
                    FileHandle.standardOutput.write(Data("done: \(summary)\n".utf8))
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            await client.shutdown()
            _ = try? await runner.value
        } catch {
            fail("\(error)")
        }
    }
}
