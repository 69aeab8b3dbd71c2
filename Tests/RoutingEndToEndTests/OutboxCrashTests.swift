import Foundation
import Switchboard
import TestSupport
import Testing

/// The outbox survives a SIGKILL: a child process enqueues and dispatches 1,000 messages through
/// both emulators, is killed part-way, and a second child resumes from the same database file.
@Suite("Outbox crash: SIGKILL part-way, resume in a new process")
struct OutboxCrashTests {
    static let count = 1000
    static let concurrency = 8

    @Test("after a SIGKILL and a resume, the emulators hold all 1,000 messages; doubles ≤ messages in flight at the kill")
    func killAndResume() async throws {
        guard FileManager.default.isExecutableFile(atPath: ChildProcess.executable(named: "OutboxCrashChild").path) else {
            Issue.record("OutboxCrashChild is not built at \(ChildProcess.executable(named: "OutboxCrashChild").path): run `swift build --build-tests` first")
            return
        }
        try await Deployments.run { d in
            let wasupInstance = try await d.connectedWasup(RoutingEndToEndTests.shop)
            let wawpInstance = try await d.connectedWawp(RoutingEndToEndTests.support)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-crash-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = directory.appendingPathComponent("switchboard.sqlite").path
            let observer = try SQLiteStore(path: database)  // the test's own connection, to watch progress
            let arguments = [database, d.wasupBase, Deployments.wasupKey, d.wawpBase, Deployments.wawpToken, wawpInstance,
                             String(Self.count), String(Self.concurrency)]

            // First run: killed once a third of the messages are sent.
            let first = try await ChildProcess.start(arguments, log: directory.appendingPathComponent("first.log"))
            var sentBeforeKill = 0
            for _ in 0..<6000 where first.isRunning {
                if let counts = try? await observer.outboxCounts(), (counts[.sent] ?? 0) >= Self.count / 3 {
                    sentBeforeKill = counts[.sent] ?? 0
                    break
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(first.isRunning, "the first child ended before it could be killed: \(first.output)")
            await first.kill()
            let atKill = try await observer.outboxCounts()
            let inFlightAtKill = atKill[.sending] ?? 0

            // Second run: same keys enqueued again (no-ops), interrupted sends re-queued, the rest sent.
            let second = try await ChildProcess.start(arguments, log: directory.appendingPathComponent("second.log"))
            let status = await second.wait()
            #expect(status == 0, "second child: \(second.output)")

            let texts = try await d.sentTexts(d.wasupBase, wasupInstance) + d.sentTexts(d.wawpBase, wawpInstance)
            let distinct = Set(texts)
            let doubles = texts.count - distinct.count
            let final = try await observer.outboxCounts()
            print("""
                outbox crash test: killed with \(sentBeforeKill) sent and \(inFlightAtKill) in flight \
                (concurrency \(Self.concurrency)); emulators hold \(texts.count) messages, \
                \(distinct.count) distinct, \(doubles) delivered twice; outbox after resume: \(final)
                """)
            #expect(distinct == Set((0..<Self.count).map { String(format: "crash-%04d", $0) }))
            #expect(final == [.sent: Self.count])
            #expect(doubles <= inFlightAtKill)
            #expect(inFlightAtKill <= Self.concurrency)
        }
    }
}
