import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Switchboard
import SwitchboardHummingbird
import SwitchboardWasup

/// `switchboard listen --port 8080`: a ready webhook receiver for apps without a server of their own.
struct Listen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Receive providers' webhooks on POST /webhooks/{provider name} and print one line per event.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "The port to listen on (0: one the system picks, printed).") var port = 8080
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "Serve Switchboard's metrics for Prometheus at http://HOST:PORT/metrics (0: a port the system picks, printed).")
    var metrics: Int?

    func run() async throws {
        let json = options.json
        try await reportingErrors {
            // An inbox consumer: each event is printed as one line and marked handled only after
            // the line was written (an unbuffered write(2) to stdout, a pipe or a file). A process
            // killed in between prints it again when started again: at least once, never lost.
            let context = try CLIContext(options) { event in
                let line = (json ? EventFormat.jsonLine(event) : EventFormat.text(event)) + "\n"
                try FileHandle.standardOutput.write(contentsOf: Data(line.utf8))
            }
            try await context.checkStore()
            let client = context.client
            let router = Router()
            router.addSwitchboardWebhooks(client)   // 413 over 2 MiB
            var logger = Logger(label: "switchboard.listen")
            logger.logLevel = .warning
            let (host, port) = (host, port)
            let names = context.providers.map(\.name).joined(separator: ",")
            // Said once the socket is bound, with the bound port (with --port 0 the system picks it).
            let app = Application(router: router, configuration: .init(address: .hostname(host, port: port)),
                                  onServerRunning: { channel in
                                      printError("listening on http://\(host):\(channel.localAddress?.port ?? port)/webhooks/{\(names)}")
                                  }, logger: logger)
            // Say now which instances' deliveries will be refused (or accepted unverified), and why.
            for case let wasup as WasupProvider in context.providers {
                let instances = (try? await wasup.listInstances().map(\.id)) ?? []
                for warning in await wasup.webhookWarnings(instances) { printError("warning: " + warning) }
            }
            var services: [any Service] = [client, app]
            if let metrics {
                services.append(MetricsEndpoint.service(host: host, port: metrics, logger: logger))
            }
            let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            try await group.run()
            await context.close()
        }
    }
}

/// One event as a line of text or JSON.
enum EventFormat {
    static func text(_ event: InboundEvent) -> String {
        "\(event.provider)/\(event.instance) \(fields(event).filter { $0.key != "provider" && $0.key != "instance" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
    }

    static func jsonLine(_ event: InboundEvent) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: fields(event), options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func fields(_ event: InboundEvent) -> [String: String] {
        var fields = ["provider": event.provider, "instance": event.instance, "id": event.id]
        if let timestamp = event.timestamp { fields["timestamp"] = ISO8601DateFormatter().string(from: timestamp) }
        switch event.body {
        case .message(let message):
            fields["type"] = "message"
            fields["messageId"] = message.id.rawValue
            fields["chat"] = message.chat.jid
            fields["fromMe"] = String(message.fromMe)
            if let from = message.from { fields["from"] = from.jid }
            if let phone = message.fromPhone { fields["fromPhone"] = phone.e164 }
            if let text = message.text { fields["text"] = text }
            if let media = message.media { fields["mediaURL"] = media.url ?? ""; fields["mimeType"] = media.mimeType ?? "" }
            if let location = message.location { fields["location"] = "\(location.latitude),\(location.longitude)" }
            if let replyTo = message.replyTo { fields["replyTo"] = replyTo.rawValue }
        case .reaction(let reaction):
            fields["type"] = "reaction"
            fields["messageId"] = reaction.message.rawValue
            fields["emoji"] = reaction.emoji
        case .ack(let ack):
            fields["type"] = "ack"
            fields["messageId"] = ack.message.rawValue
            fields["status"] = ack.status.rawValue
        case .instanceStatus(let status, let phone):
            fields["type"] = "status"
            fields["status"] = status.rawValue
            if let phone { fields["phone"] = phone.e164 }
        case .revoked(let message, _):
            fields["type"] = "revoked"
            fields["messageId"] = message.rawValue
        case .edited(let message, _, let text):
            fields["type"] = "edited"
            fields["messageId"] = message.rawValue
            fields["text"] = text
        case .call(let from, let id):
            fields["type"] = "call"
            fields["from"] = from?.jid ?? ""
            fields["callId"] = id ?? ""
        case .presence(let chat, let state):
            fields["type"] = "presence"
            fields["chat"] = chat?.jid ?? ""
            fields["state"] = state
        case .other(let type, _):
            fields["type"] = type
        }
        return fields
    }
}
