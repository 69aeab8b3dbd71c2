import EmulatorKit
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Switchboard
import SwitchboardHummingbird
import SwitchboardWawp
import Testing

/// `addSwitchboardWebhooks` on a real Hummingbird server (port 0): a signed delivery is recorded
/// and answered 200, a forged one 401, an unknown provider 404, and a body over the limit is
/// refused with 413 before it reaches the client.
@Suite struct HummingbirdMountTests {
    @Test func theMountAnswersWhatTheClientDecidesAndRefusesBodiesOverTheLimit() async throws {
        try await Deployments.run { d in
            let instance = try await d.connectedWawp(Phone(e164Digits: "447700900444"))
            let configuration = SwitchboardConfiguration(store: ":memory:", providers: [
                ProviderConfiguration(name: "wawp", kind: "wawp", baseURL: d.wawpBase, instances: [instance],
                                      values: ["accessToken": .string(Deployments.wawpToken),
                                               "webhookSecret": .string(Deployments.wawpWebhookSecret)]),
            ])
            let client = try SwitchboardClient(configuration: configuration, kinds: [WawpProvider.providerKind],
                                               transport: Deployments.transport)
            try await BackgroundServer.run({ onServerRunning in
                Application(router: Router().addSwitchboardWebhooks(client, at: "/hooks/", maxBodySize: 4096),
                            configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: onServerRunning)
            }, while: { server in try await Self.exercise(d, client, instance, base: "http://127.0.0.1:\(server.port)/hooks") })
        }
    }

    /// The test's work against the mount at `base`.
    static func exercise(_ d: Deployments, _ client: SwitchboardClient, _ instance: String, base: String) async throws {
        // The emulator delivers a customer's message to the mount: recorded, answered 200.
        try await d.wawpWebhook(to: base + "/wawp")
        try await d.control(d.wawpBase, .post, "instances/\(instance)/inbound", ["from": "447700900999", "text": "hello"])
        let deadline = ContinuousClock.now + .seconds(30)
        var recorded: [InboxEntry] = []
        while recorded.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            recorded = try await client.inbox.entries(state: .pending).filter { $0.event.provider == "wawp" }
        }
        #expect(!recorded.isEmpty, "the delivery was not recorded")
        let outcomes = try await d.control(d.wawpBase, .get, "webhooks")["webhooks"] as? [[String: Any]] ?? []
        #expect(outcomes.contains { ($0["status"] as? Int) == 200 }, "\(outcomes)")

        func post(_ path: String, _ body: Data, headers: HTTPFields = [:]) async throws -> Int {
            var request = TransportRequest(method: .post, url: base + path, body: body)
            request.headerFields = headers
            request.headerFields[.contentType] = "application/json"
            return try await Deployments.transport.send(request).status.code
        }
        #expect(try await post("/wawp", Data(#"{"event":"message","session":"x","payload":{}}"#.utf8)) == 401)
        #expect(try await post("/nobody", Data("{}".utf8)) == 404)
        #expect(try await post("/wawp", Data(repeating: UInt8(ascii: " "), count: 5000)) == 413)
        await client.shutdown()
    }
}
