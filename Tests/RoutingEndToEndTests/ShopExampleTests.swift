import Foundation
import HTTPTypes
import PostgresTestServer
import Switchboard
import SwitchboardWasup
import SwitchboardWawp
import TestSupport
import Testing

/// README's tour, as the `ShopExample` program, run as its own process against each emulator:
/// the same code sends from the shop's number, receives a customer's message through its
/// Hummingbird webhook endpoint, replies, and stops cleanly on SIGTERM. Only the configuration
/// file differs between the two providers.
@Suite struct ShopExampleTests {
    static let shop = Phone(e164Digits: "447700900123")
    static let customer = Phone(e164Digits: "447700900999")
    static let webhookSecret = "shop-example-webhook-secret"

    @Test(arguments: ["wasup", "wawp"])
    func theTourSendsReceivesRepliesAndStopsOnSIGTERM(kind: String) async throws {
        guard FileManager.default.isExecutableFile(atPath: ChildProcess.executable(named: "ShopExample").path) else {
            Issue.record("ShopExample is not built: run `swift build --build-tests` first")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Deployments.run { d in
            let port = try PostgresTestServer.freeLoopbackPort()
            let webhookURL = "http://127.0.0.1:\(port)/webhooks/shop"
            let (instance, base, provider) = try await Self.deployment(kind, d, webhookURL: webhookURL)
            let configuration = ["store": directory.appendingPathComponent("shop.sqlite").path, "providers": [provider]] as [String: Any]
            let file = directory.appendingPathComponent("switchboard.json")
            try JSONSerialization.data(withJSONObject: configuration).write(to: file)

            let child = try await ChildProcess.start([], log: directory.appendingPathComponent("shop.log"), environment: ["SWITCHBOARD_CONFIG": file.path, "PORT": "\(port)"], executable: "ShopExample")
            defer { child.sendKill() }

            try await Self.waitUntil("the example sent its first message", child) {
                try await d.sentTexts(base, instance).contains("Your order has shipped")
            }
            try await Self.waitUntil("the example's server answers", child) { await Self.answers(port) }
            try await d.control(base, .post, "instances/\(instance)/inbound", ["from": Self.customer.digits, "text": "Where is my parcel?"])
            try await Self.waitUntil("the example replied", child) {
                try await d.sentTexts(base, instance).contains("Thanks! We got: Where is my parcel?")
            }
            let status = try await child.terminate(within: .seconds(30))
            #expect(status == 0, "exit status \(String(describing: status)); output:\n\(child.output)")
        }
    }

    /// A connected instance holding the shop's number on `kind`'s emulator, its webhook pointed at
    /// the example; the provider's entry in the example's configuration.
    static func deployment(_ kind: String, _ d: Deployments, webhookURL: String) async throws -> (String, String, [String: Any]) {
        switch kind {
        case "wasup":
            let instance = try await d.connectedWasup(shop)
            let admin = WasupProvider(name: "shop", baseURL: d.wasupBase, apiKey: Deployments.wasupKey,
                                      transport: Deployments.transport, webhookSecret: webhookSecret)
            try await admin.setWebhook(instance, url: webhookURL)
            return (instance, d.wasupBase, ["name": "shop", "kind": "wasup", "baseURL": d.wasupBase,
                                            "apiKey": Deployments.wasupKey, "webhookSecret": webhookSecret])
        default:
            let instance = try await d.connectedWawp(shop)
            try await d.control(d.wawpBase, .post, "webhook", ["url": webhookURL, "secret": webhookSecret])
            return (instance, d.wawpBase, ["name": "shop", "kind": "wawp", "baseURL": d.wawpBase, "instances": [instance],
                                           "accessToken": Deployments.wawpToken, "webhookSecret": webhookSecret])
        }
    }

    /// Whether anything answers HTTP on the port.
    static func answers(_ port: Int) async -> Bool {
        (try? await Deployments.transport.send(TransportRequest(method: .get, url: "http://127.0.0.1:\(port)/"))) != nil
    }

    /// Polls `condition` until it holds; fails (with the child's output) after 60 s or when the child exits.
    static func waitUntil(_ what: String, _ child: ChildProcess, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while try await !condition() {
            guard child.isRunning else { throw HarnessError("the example exited before \(what):\n\(child.output)") }
            guard ContinuousClock.now < deadline else { throw HarnessError("timed out waiting until \(what):\n\(child.output)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
