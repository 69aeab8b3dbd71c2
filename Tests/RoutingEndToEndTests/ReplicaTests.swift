import Foundation
import PostgresTestServer
import Switchboard
import SwitchboardPostgres
import SwitchboardWasup
import SwitchboardWawp
import TestSupport
import Testing

/// Several app replicas on one PostgreSQL database (issue 16), against the emulators. The outbox
/// and inbox tests run each replica as its own process (OutboxCrashChild, `replica` and `inbox`
/// modes); the handoff and wake-up tests run two clients in this process, each with its own
/// connection pool, which is what replicas share through the database.
@Suite("Replicas on one PostgreSQL database")
struct ReplicaTests {
    static let messages = 5000
    static let replicas = 3

    /// A fresh database on the test process's PostgreSQL server; its URL and the environment
    /// that carries its password.
    static func database() async throws -> (url: String, environment: [String: String]) {
        let server = try await PostgresTestServer.shared()
        return (try await server.createDatabase(), [PostgresStoreLocation.passwordVariable: server.password])
    }

    static func temporaryDirectory(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("outbox: three replica processes send 5,000 messages, one is SIGKILLed part-way; every message is sent, doubles ≤ sends in flight at the kill")
    func outboxAcrossReplicas() async throws {
        guard FileManager.default.isExecutableFile(atPath: ChildProcess.executable.path) else {
            Issue.record("OutboxCrashChild is not built at \(ChildProcess.executable.path): run `swift build --build-tests` first")
            return
        }
        let (url, environment) = try await Self.database()
        try await Deployments.run { d in
            let instance = try await d.connectedWasup(RoutingEndToEndTests.shop)
            let directory = try Self.temporaryDirectory("replicas")
            defer { try? FileManager.default.removeItem(at: directory) }
            let observer = try await PostgresStore.connect(url: url, environment: environment)
            var children: [ChildProcess] = []
            var first = 0
            for replica in 0..<Self.replicas {
                let count = Self.messages / Self.replicas + (replica < Self.messages % Self.replicas ? 1 : 0)
                children.append(try await ChildProcess.start(
                    ["replica", url, d.wasupBase, Deployments.wasupKey, String(first), String(count), String(Self.messages)],
                    log: directory.appendingPathComponent("replica-\(replica).log"), environment: environment))
                first += count
            }
            // Kill replica 0 once it has enqueued its share and a third of all messages are sent.
            let victim = children[0]
            #expect(await victim.waitForOutput("enqueued"), "replica 0: \(victim.output)")
            var sentBeforeKill = 0
            for _ in 0..<6000 where victim.isRunning {
                if let counts = try? await observer.outboxCounts(), (counts[.sent] ?? 0) >= Self.messages / 3 {
                    sentBeforeKill = counts[.sent] ?? 0
                    break
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(victim.isRunning, "replica 0 ended before it could be killed: \(victim.output)")
            await victim.kill()
            // Every send in flight now, the killed replica's and the live ones': an upper bound on
            // what the kill can double (the killed replica's claims are sent again when their
            // lease runs out; the live replicas' finish normally).
            let inFlightAtKill = try await observer.outboxCounts()[.sending] ?? 0

            for (index, child) in children.enumerated().dropFirst() {
                #expect(await child.waitForOutput("done:", attempts: 9000), "replica \(index): \(child.output)")
                await child.terminate()
            }
            let texts = try await d.sentTexts(d.wasupBase, instance)
            let distinct = Set(texts)
            let doubles = texts.count - distinct.count
            let final = try await observer.outboxCounts()
            await observer.close()
            print("""
                replica outbox test: \(Self.replicas) replica processes, \(Self.messages) messages; replica 0 SIGKILLed \
                with \(sentBeforeKill) sent and \(inFlightAtKill) in flight across all replicas; the emulator holds \
                \(texts.count) sends, \(distinct.count) distinct, \(doubles) sent twice; outbox after: \(final)
                """)
            #expect(distinct == Set((0..<Self.messages).map { String(format: "replica-%05d", $0) }))
            #expect(final == [.sent: Self.messages])
            #expect(doubles <= inFlightAtKill)
        }
    }

    @Test("inbox: 1,000 messages' webhooks spread over three replica processes (each delivery also to a second one), one SIGKILLed part-way: each is handed to the app, in order per chat; doubles ≤ events in hand at the kill")
    func inboxAcrossReplicas() async throws {
        guard FileManager.default.isExecutableFile(atPath: ChildProcess.executable.path) else {
            Issue.record("OutboxCrashChild is not built at \(ChildProcess.executable.path): run `swift build --build-tests` first")
            return
        }
        // 1,000 messages, each announced twice by the emulator (`message`, `message.any`) and each
        // announcement forwarded to two replicas: 4,000 recordings of 1,000 events. The emulator
        // delivers one webhook at a time, and a producer's control call answers once its own
        // deliveries are done, behind the others': its timeout is generous, since the test is about
        // what is handed over, not how fast (numbers come from `make bench`).
        let count = 1000
        let chats = 3
        let (url, environment) = try await Self.database()
        // 12 attempts from 100 ms, doubling: a delivery in flight to the killed replica is retried.
        try await Deployments.run(wawpWebhookAttempts: 12, wawpWebhookBackoff: .milliseconds(100)) { d in
            let instance = try await d.connectedWawp(RoutingEndToEndTests.support)
            let directory = try Self.temporaryDirectory("replica-inbox")
            defer { try? FileManager.default.removeItem(at: directory) }
            let handled = HandledLog(url: directory.appendingPathComponent("handled.txt"))
            let observer = try await PostgresStore.connect(url: url, environment: environment)
            var ports: [Int] = []
            var children: [ChildProcess] = []
            for replica in 0..<Self.replicas {
                let port = try PostgresTestServer.freeLoopbackPort()
                ports.append(port)
                children.append(try await ChildProcess.start(
                    ["inbox", url, String(port), d.wawpBase, Deployments.wawpToken, Deployments.wawpWebhookSecret, instance,
                     handled.url.path, "replica"],
                    log: directory.appendingPathComponent("replica-\(replica).log"), environment: environment))
            }
            for (index, child) in children.enumerated() {
                #expect(await child.waitForOutput("listening on"), "replica \(index): \(child.output)")
            }
            // The load balancer: each delivery goes to the next replica, and again to the one after
            // it (a provider's retry landing elsewhere); the emulator gets the first answer.
            let balancer = LoadBalancer(ports: ports)
            let receiver = try await WebhookReceiver.start { target, headers, body in
                await balancer.forward(headers: headers, body: body)
            }
            try await d.wawpWebhook(to: receiver.url)
            let producer = Task { try await d.sendInbound(to: instance, count: count, chats: chats) }
            // Kill replica 0 once a third of the messages were handed over; the balancer's health
            // check then takes it out. What it held is taken over by the others when the lease
            // (5 s) runs out: those are the only events that may be handed over twice.
            let victim = children[0]
            let reached = await handled.wait(while: { victim.isRunning }) { $0.count >= count / 3 }
            #expect(reached, "the handler did not reach \(count / 3) lines before the kill (it stopped at \(handled.lines.count)): \(victim.output)")
            #expect(victim.isRunning, "replica 0 ended before it could be killed: \(victim.output)")
            await victim.kill()
            balancer.down(0)
            // Every event in hand now, the killed replica's and the live ones': an upper bound on what the kill can double.
            let inHandAtKill = try await observer.inboxCounts()[.handling] ?? 0
            let handledAtKill = handled.lines.count
            try await producer.value

            let expected = Set((0..<count).map(Deployments.inboundText))
            let complete = await handled.wait { Set($0.map(\.text)).isSuperset(of: expected) }
            // The handler returned for the last line; wait for the inbox to record it (nothing pending or in hand).
            var counts: [InboxState: Int] = [:]
            for _ in 0..<3000 {
                counts = try await observer.inboxCounts()
                if counts[.pending] == nil, counts[.handling] == nil { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            for child in children { await child.terminate() }
            await receiver.stop()
            await observer.close()
            let texts = handled.lines.map(\.text)
            let distinct = Set(texts)
            let doubles = texts.count - distinct.count
            print("""
                replica inbox test: \(count) messages over \(chats) chats, \(Self.replicas) replica processes; replica 0 \
                SIGKILLed with \(handledAtKill) handed over and \(inHandAtKill) in hand across all replicas; \
                \(balancer.forwarded) deliveries forwarded; the handler got \(texts.count) lines, \(distinct.count) distinct, \
                \(doubles) handed over twice; inbox after: \(counts)
                """)
            #expect(complete, "missing: \(expected.subtracting(distinct).sorted().prefix(20))")
            #expect(distinct == expected)
            #expect(doubles <= inHandAtKill)
            #expect(counts == [.handled: count])
            // In order per chat: each chat's messages were first handed over in the order they were written.
            for chat in 0..<chats {
                var seen = Set<String>()
                let firsts = texts.filter { text in
                    guard let n = Int(text.dropFirst("inbox-".count)), n % chats == chat else { return false }
                    return seen.insert(text).inserted
                }
                #expect(firsts == stride(from: chat, to: count, by: chats).map(Deployments.inboundText), "chat \(chat) out of order")
            }
        }
    }

    /// A client on the PostgreSQL database at `url`, configured as a replica (no recovery at start).
    static func replica(_ d: Deployments, url: String, environment: [String: String], wawp: [String] = [],
                        pollInterval: Duration = .milliseconds(50), onEvent: Inbox.Handler? = nil) throws -> SwitchboardClient {
        var options = SwitchboardClient.Options()
        options.pollInterval = pollInterval
        options.recoverInterruptedSends = nil
        options.recoverInterruptedEvents = false
        return try d.client(d.configuration(store: url, wawp: wawp), options: options, storeKinds: [PostgresStore.storeKind],
                            environment: environment, onEvent: onEvent)
    }

    @Test("handoff: set through one replica, an automated send through another is refused; ended there, it goes through (two clients in one process)")
    func handoffAcrossReplicas() async throws {
        let (url, environment) = try await Self.database()
        try await Deployments.run { d in
            let instance = try await d.connectedWawp(RoutingEndToEndTests.support)
            let one = try Self.replica(d, url: url, environment: environment, wawp: [instance])
            let other = try Self.replica(d, url: url, environment: environment, wawp: [instance])
            try await one.refreshRoutes()
            try await other.refreshRoutes()
            let chat = ChatID.person(RoutingEndToEndTests.customer)
            try await one.setHandoff(true, chat: chat, instance: instance, provider: "wawp")
            do {
                _ = try await other.send(.text("automated while handed off", to: chat), via: "wawp", instance: instance)
                Issue.record("the other replica sent to a handed-off chat")
            } catch let error as SwitchboardError {
                #expect(error.kind == .handoffActive && error.surelyNotSent)
            }
            #expect(try await !d.sentTexts(d.wawpBase, instance).contains("automated while handed off"))
            try await one.setHandoff(false, chat: chat, instance: instance, provider: "wawp")
            _ = try await other.send(.text("automated after the handoff", to: chat), via: "wawp", instance: instance)
            #expect(try await d.sentTexts(d.wawpBase, instance).contains("automated after the handoff"))
            await one.shutdown()
            await other.shutdown()
        }
    }

    @Test("wake-up: what one replica enqueues or records, another replica whose poll interval is an hour dispatches at once (LISTEN/NOTIFY; two clients in one process)")
    func dispatchersWakeOnNotify() async throws {
        let (url, environment) = try await Self.database()
        try await Deployments.run { d in
            let instance = try await d.connectedWasup(RoutingEndToEndTests.shop)
            let handed = Locked<[String]>([])
            let writer = try Self.replica(d, url: url, environment: environment)
            let dispatcher = try Self.replica(d, url: url, environment: environment, pollInterval: .seconds(3600)) { event in
                handed.withLock { $0.append(event.id) }
            }
            try await dispatcher.refreshRoutes()
            let runner = Task { try await dispatcher.run() }
            let chat = ChatID.person(RoutingEndToEndTests.customer)
            // Two rounds: the second finds the dispatcher surely idle, waiting out its hour.
            for round in 0..<2 {
                try await writer.enqueue(.text("woken \(round)", to: chat), idempotencyKey: "wake-\(round)")
                var sent = false
                for _ in 0..<3000 where !sent {
                    sent = try await d.sentTexts(d.wasupBase, instance).contains("woken \(round)")
                    if !sent { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(sent, "round \(round): not sent by the other replica")
                let event = InboundEvent(provider: "wasup", instance: instance, id: "wake-\(round)", body: .message(
                    Message(id: MessageID("wake-message-\(round)"), chat: chat, fromMe: false, text: "wake \(round)")))
                _ = try await writer.inbox.record([(event, "wake-\(round)")], at: Date())
                var got = false
                for _ in 0..<3000 where !got {
                    got = handed.withLock { $0.contains("wake-\(round)") }
                    if !got { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(got, "round \(round): the event was not handed over by the other replica")
            }
            await dispatcher.shutdown()
            _ = try? await runner.value
            await writer.shutdown()
        }
    }
}
