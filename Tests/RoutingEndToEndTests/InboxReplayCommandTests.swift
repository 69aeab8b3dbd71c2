import Foundation
import Switchboard
import TestSupport
import Testing

/// `switchboard inbox --state failed` lists a parked event and `switchboard inbox replay ID` hands
/// it over again, run as the command a user types, on the store file an app left.
@Suite struct InboxReplayCommandTests {
    @Test func theCommandListsAParkedEventAndReplaysIt() async throws {
        guard FileManager.default.isExecutableFile(atPath: ChildProcess.executable(named: "switchboard").path) else {
            Issue.record("switchboard is not built: run `swift build --build-tests` first")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inbox-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("app.sqlite").path

        // An app's handler fails on one event until it is parked.
        let store = try SQLiteStore(path: path)
        let inbox = Inbox(store: store, retry: InboxRetryPolicy(maxAttempts: 1))
        let chat = ChatID.person(Phone(e164Digits: "447700900999"))
        let event = InboundEvent(provider: "shop", instance: "i1", id: "e1",
                                 body: .message(Message(id: "m1", chat: chat, fromMe: false, text: "broken")))
        _ = try await inbox.record([(event, WebhookIngress.deduplicationKey(event))], at: Date())
        await inbox.dispatchDue { _ in throw SwitchboardError.invalidRequest("the app's handler is broken") }
        let parked = try #require(try await inbox.entries(state: .failed).first)
        await store.close()

        let configuration: [String: Any] = ["store": path, "providers": [
            ["name": "shop", "kind": "wasup", "baseURL": "http://127.0.0.1:9", "apiKey": "k"],
        ]]
        let file = directory.appendingPathComponent("switchboard.json")
        try JSONSerialization.data(withJSONObject: configuration).write(to: file)
        func switchboard(_ arguments: [String]) async throws -> (Int32, String) {
            let child = try await ChildProcess.start(arguments + ["--config", file.path], log: directory.appendingPathComponent("cli-\(UUID().uuidString).log"),
                                               executable: "switchboard")
            let status = await child.wait()
            return (status, child.output)
        }

        let (listed, listing) = try await switchboard(["inbox", "--state", "failed"])
        #expect(listed == 0, "\(listing)")
        #expect(listing.contains("\(parked.id)\tfailed") && listing.contains("the app's handler is broken"), "\(listing)")
        let (replayed, output) = try await switchboard(["inbox", "replay", "\(parked.id)"])
        #expect(replayed == 0, "\(output)")
        #expect(output.contains("\(parked.id)\tpending"), "\(output)")
        let (again, refusal) = try await switchboard(["inbox", "replay", "\(parked.id)"])
        #expect(again != 0, "a pending event cannot be replayed: \(refusal)")

        let reopened = try SQLiteStore(path: path)
        #expect(try await Inbox(store: reopened).entries(state: .pending).map(\.id) == [parked.id])
        await reopened.close()
    }
}
