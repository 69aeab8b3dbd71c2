// The outbox mode of the crash-test child (Tests/RoutingEndToEndTests/OutboxCrashTests.swift):
// enqueues `count` messages with idempotency keys crash-0 ... crash-(count-1) into the outbox at
// `db`, dispatches them round-robin through a Wasup and a Wawp deployment, and exits 0 once every
// message is final. The test kills the first run with SIGKILL part-way and starts a second, which
// enqueues the same keys again (a no-op for those already stored) and resumes.
import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp

enum OutboxChild {
    /// Arguments: DB WASUP_URL WASUP_KEY WAWP_URL WAWP_TOKEN WAWP_INSTANCE COUNT CONCURRENCY
    static func run(_ arguments: [String]) async {
        guard arguments.count == 8, let count = Int(arguments[6]), let concurrency = Int(arguments[7]) else {
            fail("usage: OutboxCrashChild DB WASUP_URL WASUP_KEY WAWP_URL WAWP_TOKEN WAWP_INSTANCE COUNT CONCURRENCY", status: 64)
        }
        let transport = CurlTransport()
        let wasup = WasupProvider(name: "wasup", baseURL: arguments[1], apiKey: arguments[2], transport: transport)
        let wawp = WawpProvider(name: "wawp", baseURL: arguments[3], accessToken: arguments[4], instances: [arguments[5]],
                                transport: transport)
        let customer = Phone(e164Digits: "33612345678")
        do {
            let store = try SQLiteStore(path: arguments[0])
            let router = try MessageRouter(providers: [wasup, wawp], strategy: .roundRobin, store: store)
            let failures = await router.refresh()
            if !failures.isEmpty { fail("refresh failed: \(failures)") }
            let outbox = Outbox(store: store, sender: router, concurrency: concurrency)
            let dispatcher = Task { await outbox.run(pollInterval: .milliseconds(100)) }
            for index in 0..<count {
                try await outbox.enqueue(.text(String(format: "crash-%04d", index), to: .person(customer)), idempotencyKey: "crash-\(index)")
            }
            print("enqueued \(count)")
            while true {
                let counts = try await outbox.counts()
                let final = (counts[.sent] ?? 0) + (counts[.failed] ?? 0) + (counts[.ambiguous] ?? 0)
                if final == count {
                    print("done: \(counts.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))")
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            dispatcher.cancel()
            await dispatcher.value
            await transport.shutdown()
        } catch {
            fail("\(error)")
        }
    }
}
