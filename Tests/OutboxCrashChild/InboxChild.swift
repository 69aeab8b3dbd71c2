// The inbox mode of the child: the client's webhook ingress on a Hummingbird server, and its inbox
// dispatcher with a handler that appends each inbound message's text to a file (one line, written
// with write(2) before the handler returns). The inbox crash test kills it with SIGKILL and starts
// it again on the same store and port; the inbox replica test runs three at once on one PostgreSQL.
//
// Arguments: STORE PORT WAWP_URL WAWP_TOKEN WAWP_SECRET WAWP_INSTANCE OUTFILE [replica]
// STORE is a SQLite path or a postgres:// URL (password in SWITCHBOARD_STORE_PASSWORD). With
// `replica`, events another process left in hand are not taken over at start (only expired leases).
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Switchboard
import SwitchboardHummingbird
import SwitchboardPostgres
import SwitchboardWawp

enum InboxChild {
    static func run(_ arguments: [String]) async {
        guard arguments.count >= 7, let port = Int(arguments[1]) else {
            fail("usage: OutboxCrashChild inbox STORE PORT WAWP_URL WAWP_TOKEN WAWP_SECRET WAWP_INSTANCE OUTFILE [replica]", status: 64)
        }
        let replica = arguments.count > 7 && arguments[7] == "replica"
        let output = open(arguments[6], O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard output >= 0 else { fail("cannot open \(arguments[6])") }
        let configuration = SwitchboardConfiguration(store: arguments[0], providers: [
            ProviderConfiguration(name: "wawp", kind: "wawp", baseURL: arguments[2], instances: [arguments[5]],
                                  values: ["accessToken": .string(arguments[3]), "webhookSecret": .string(arguments[4])]),
        ])
        var options = SwitchboardClient.Options()
        options.pollInterval = .milliseconds(100)
        options.inboxConcurrency = 4
        options.recoverInterruptedEvents = !replica
        options.inboxLease = .seconds(5)
        // The crash test is about webhook retries alone: reading history at start would also
        // recover (once) what the emulator is still retrying.
        options.tracking.reconcileOnStart = false
        var logger = Logger(label: "inbox-child")
        logger.logLevel = .warning
        options.logger = logger
        do {
            let client = try SwitchboardClient(configuration: configuration, kinds: [WawpProvider.providerKind],
                                               storeKinds: [PostgresStore.storeKind], options: options) { event in
                guard case .message(let message) = event.body else { return }
                // One line per handled message: its text, the instance the event names, its id.
                let line = Data("\(message.text ?? "")\t\(event.instance)\t\(message.id.rawValue)\n".utf8)
                let written = line.withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
                guard written == line.count else { throw POSIXError(.EIO) }
            }
            // The shipped mount: POST /webhooks/{provider} into the client's ingress.
            let router = Router().addSwitchboardWebhooks(client, maxBodySize: 8 << 20)
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                                  onServerRunning: { _ in FileHandle.standardOutput.write(Data("listening on \(port)\n".utf8)) }, logger: logger)
            let group = ServiceGroup(services: [client, app], gracefulShutdownSignals: [.sigterm], logger: logger)
            try await group.run()
        } catch {
            fail("\(error)")
        }
    }
}
