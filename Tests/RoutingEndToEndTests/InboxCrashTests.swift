import Foundation
import PostgresTestServer
import Switchboard
import TestSupport
import Testing

/// The inbox survives SIGKILLs: a child process runs the client's webhook ingress and inbox
/// dispatcher, with a handler that appends each message's text to a file, while the Wawp
/// emulator delivers 1,000 inbound messages (signed, two envelopes each, retried as a provider
/// retries). The child is killed twice part-way and started again on the same database and port.
@Suite("Inbox crash: SIGKILL twice while 1,000 webhooks arrive, restart on the same database")
struct InboxCrashTests {
    static let count = 1000
    /// Contacts writing at once; each writes its messages one after another, so each chat's
    /// messages arrive in order.
    static let chats = 8

    @Test("after two SIGKILLs every one of 1,000 inbound messages reached the handler, in order per chat; doubles ≤ events in hand at the kills")
    func killTwiceAndRestart() async throws {
        guard FileManager.default.isExecutableFile(atPath: ChildProcess.executable(named: "OutboxCrashChild").path) else {
            Issue.record("OutboxCrashChild is not built at \(ChildProcess.executable(named: "OutboxCrashChild").path): run `swift build --build-tests` first")
            return
        }
        // 12 attempts from 100 ms, doubling: a delivery outlasts a receiver that is down for minutes.
        try await Deployments.run(wawpWebhookAttempts: 12, wawpWebhookBackoff: .milliseconds(100)) { d in
            let instance = try await d.connectedWawp(RoutingEndToEndTests.support)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-inbox-crash-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = directory.appendingPathComponent("switchboard.sqlite").path
            let handled = HandledLog(url: directory.appendingPathComponent("handled.txt"))
            let port = try PostgresTestServer.freeLoopbackPort()
            try await d.wawpWebhook(to: "http://127.0.0.1:\(port)/webhooks/wawp")
            let arguments = ["inbox", database, String(port), d.wawpBase, Deployments.wawpToken, Deployments.wawpWebhookSecret,
                             instance, handled.url.path]
            var child = try await ChildProcess.start(arguments, log: directory.appendingPathComponent("child-1.log"))
            #expect(await child.waitForOutput("listening on"), "the child did not start: \(child.output)")
            let observer = try SQLiteStore(path: database)  // the test's own connection, to see what was in hand at a kill

            // The phone's side: each contact writes its messages one after another (the control
            // call returns once the emulator's webhook deliveries, with their retries, are over).
            let producer = Task { try await d.sendInbound(to: instance, count: Self.count, chats: Self.chats) }

            var inHandAtKills: [Int] = []
            for (round, threshold) in [Self.count / 3, 2 * Self.count / 3].enumerated() {
                let running = child
                let reached = await handled.wait(while: { running.isRunning }) { $0.count >= threshold }
                #expect(reached, "the handler did not reach \(threshold) lines before the kill (it stopped at \(handled.lines.count)): \(child.output)")
                #expect(child.isRunning, "the child ended before it could be killed: \(child.output)")
                await child.kill()
                inHandAtKills.append(try await observer.inboxCounts()[.handling] ?? 0)
                child = try await ChildProcess.start(arguments, log: directory.appendingPathComponent("child-\(round + 2).log"))
            }
            try await producer.value

            let expected = Set((0..<Self.count).map(Deployments.inboundText))
            let last = child
            let complete = await handled.wait(while: { last.isRunning }) { Set($0.map(\.text)).isSuperset(of: expected) }
            // The handler returned for the last line; wait for the inbox to record it (nothing pending or in hand).
            var counts: [InboxState: Int] = [:]
            for _ in 0..<3000 {
                counts = try await observer.inboxCounts()
                if counts[.pending] == nil, counts[.handling] == nil { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            await child.terminate()

            let lines = handled.lines
            let texts = lines.map(\.text)
            let distinct = Set(texts)
            let doubles = texts.count - distinct.count
            print("""
                inbox crash test: \(Self.count) inbound messages over \(Self.chats) chats, two SIGKILLs with \
                \(inHandAtKills) event(s) in hand; the handler got \(texts.count) lines, \(distinct.count) distinct, \
                \(doubles) handed over twice; inbox after restart: \(counts)
                """)
            #expect(complete, "missing: \(expected.subtracting(distinct).sorted().prefix(20))")
            #expect(distinct == expected)
            #expect(doubles <= inHandAtKills.reduce(0, +))
            #expect(counts == [.handled: Self.count])
            #expect(lines.allSatisfy { $0.instance == instance }, "an event named another instance than \(instance)")
            // In order per chat: each chat's messages were first handed over in the order they were written.
            for chat in 0..<Self.chats {
                var seen = Set<String>()
                let firsts = texts.filter { text in
                    guard let n = Int(text.dropFirst("inbox-".count)), n % Self.chats == chat else { return false }
                    return seen.insert(text).inserted
                }
                #expect(firsts == stride(from: chat, to: Self.count, by: Self.chats).map(Deployments.inboundText), "chat \(chat) out of order")
            }
        }
    }
}
