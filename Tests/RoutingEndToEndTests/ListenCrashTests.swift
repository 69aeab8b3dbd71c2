import Foundation
import PostgresTestServer
import Switchboard
import TestSupport
import Testing

/// `switchboard listen` survives `kill -9`: it prints each event as one JSON line and marks it
/// handled only after the line was written, so a listener killed with SIGKILL and started again
/// prints what it had recorded but not printed. The Wawp emulator delivers 200 messages, with
/// its retries, while the listener is killed once.
@Suite("switchboard listen: kill -9 and start again, nothing lost")
struct ListenCrashTests {
    static let count = 200
    static let chats = 4

    /// The texts of the message events among the JSON lines of `output`.
    static func printed(_ output: String) -> [String] {
        output.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("{"), let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
                  object["type"] == "message" else { return nil }
            return object["text"]
        }
    }

    @Test("killed with SIGKILL part-way and started again, listen prints every one of 200 messages at least once")
    func killAndRestart() async throws {
        guard FileManager.default.isExecutableFile(atPath: ChildProcess.executable(named: "switchboard").path) else {
            Issue.record("switchboard is not built: run `swift build --build-tests` first")
            return
        }
        try await Deployments.run(wawpWebhookAttempts: 12, wawpWebhookBackoff: .milliseconds(100)) { d in
            let instance = try await d.connectedWawp(RoutingEndToEndTests.support)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-listen-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let port = try PostgresTestServer.freeLoopbackPort()
            let config = directory.appendingPathComponent("switchboard.json")
            let configuration: [String: Any] = [
                "store": directory.appendingPathComponent("switchboard.sqlite").path,
                "providers": [["name": "wawp", "kind": "wawp", "baseURL": d.wawpBase, "accessToken": Deployments.wawpToken,
                               "webhookSecret": Deployments.wawpWebhookSecret, "instances": [instance]]],
            ]
            try JSONSerialization.data(withJSONObject: configuration).write(to: config)
            try await d.wawpWebhook(to: "http://127.0.0.1:\(port)/webhooks/wawp")
            let arguments = ["listen", "--port", String(port), "--json", "--config", config.path]
            let first = try await ChildProcess.start(arguments, log: directory.appendingPathComponent("first.log"), executable: "switchboard")
            #expect(await first.waitForOutput("listening on"), "\(first.output)")

            let producer = Task { try await d.sendInbound(to: instance, count: Self.count, chats: Self.chats) }
            var watch = ProgressWatch()
            while first.isRunning, case let count = Self.printed(first.output).count, count < Self.count / 3,
                  !watch.stalled(at: count) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(first.isRunning, "listen ended before it could be killed: \(first.output)")
            await first.kill()
            let beforeKill = Self.printed(first.output)
            let second = try await ChildProcess.start(arguments, log: directory.appendingPathComponent("second.log"), executable: "switchboard")
            try await producer.value
            let expected = Set((0..<Self.count).map(Deployments.inboundText))
            var all: [String] = []
            var progress = ProgressWatch()
            while true {
                all = beforeKill + Self.printed(second.output)
                if Set(all).isSuperset(of: expected) || !second.isRunning || progress.stalled(at: all.count) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            await second.terminate()
            all = beforeKill + Self.printed(second.output)
            print("listen crash test: \(Self.count) messages; \(beforeKill.count) printed before the kill; \(all.count) lines in all, \(Set(all).count) distinct, \(all.count - Set(all).count) printed twice")
            #expect(Set(all) == expected, "missing: \(expected.subtracting(all).sorted().prefix(20))")
        }
    }
}
