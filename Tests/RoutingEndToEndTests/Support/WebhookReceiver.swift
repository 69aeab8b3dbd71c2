import EmulatorKit
import Foundation
import Hummingbird
import NIOCore

/// A webhook endpoint on 127.0.0.1 (a free port) that hands every POST to `handle` as raw parts,
/// as Switchboard's webhook layer will: target (path and query), headers, body.
///
/// This file imports Hummingbird and not Switchboard, so that `Router` means Hummingbird's here.
final class WebhookReceiver: Sendable {
    typealias Handler = @Sendable (_ target: String, _ headers: [(name: String, value: String)], _ body: Data) async -> Int

    private let server: BackgroundServer
    /// `http://127.0.0.1:PORT/webhooks`.
    let url: String

    private init(server: BackgroundServer) {
        self.server = server
        self.url = "http://127.0.0.1:\(server.port)/webhooks"
    }

    static func start(_ handle: @escaping Handler) async throws -> WebhookReceiver {
        let router = Router()
        router.post("/webhooks") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 16 << 20)
            let headers = request.headers.map { (name: $0.name.rawName, value: $0.value) }
            let status = await handle(request.uri.description, headers, Data(buffer.readableBytesView))
            return Response(status: .init(code: status))
        }
        let server = try await BackgroundServer.start { onServerRunning in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                        onServerRunning: onServerRunning)
        }
        return WebhookReceiver(server: server)
    }

    /// Stops the server gracefully (see `BackgroundServer`).
    func stop() async {
        await server.stop()
    }
}
