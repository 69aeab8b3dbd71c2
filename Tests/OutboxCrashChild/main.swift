// The child process of the outbox crash test (Tests/RoutingEndToEndTests/OutboxCrashTests.swift):
// enqueues `count` messages with idempotency keys crash-0 ... crash-(count-1) into the outbox at
// `db`, dispatches them round-robin through a Wasup and a Wawp deployment, and exits 0 once every
// message is final. The test kills the first run with SIGKILL part-way and starts a second, which
// enqueues the same keys again (a no-op for those already stored) and resumes.
//
// Usage: OutboxCrashChild DB WASUP_URL WASUP_KEY WAWP_URL WAWP_TOKEN WAWP_INSTANCE COUNT CONCURRENCY
import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp

let arguments = CommandLine.arguments
guard arguments.count == 9, let count = Int(arguments[7]), let concurrency = Int(arguments[8]) else {
    FileHandle.standardError.write(Data("usage: OutboxCrashChild DB WASUP_URL WASUP_KEY WAWP_URL WAWP_TOKEN WAWP_INSTANCE COUNT CONCURRENCY\n".utf8))
    exit(64)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("OutboxCrashChild: \(message)\n".utf8))
    exit(1)
}

let transport = CurlTransport()
let wasup = WasupProvider(name: "wasup", baseURL: arguments[2], apiKey: arguments[3], transport: transport)
let wawp = WawpProvider(name: "wawp", baseURL: arguments[4], accessToken: arguments[5], instances: [arguments[6]],
                        transport: transport)
let customer = Phone(e164Digits: "33612345678")

do {
    let store = try SQLiteStore(path: arguments[1])
    let router = try MessageRouter(providers: [wasup, wawp], strategy: .roundRobin, store: store)
    let failures = await router.refresh()
    if !failures.isEmpty { fail("refresh failed: \(failures)") }
    let outbox = Outbox(store: store, sender: router, concurrency: concurrency)
    let dispatcher = Task { await outbox.run(pollInterval: .milliseconds(100)) }
    for index in 0..<count {
        try outbox.enqueue(.text(String(format: "crash-%04d", index), to: .person(customer)), idempotencyKey: "crash-\(index)")
    }
    print("enqueued \(count)")
    while true {
        let counts = try outbox.counts()
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
