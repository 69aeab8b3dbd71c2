import class EmulatorKit.BackgroundServer
import enum EmulatorKit.EmulatorServerError
import Foundation
import Hummingbird
import Logging
import NIOCore
import Switchboard
import Synchronization

/// The suite's own webhook receiver: a small HTTP server that records every delivery as it
/// arrived (path and query, headers, raw body) and answers `200 {}`.
///
/// The suite points the deployment at ``url`` (through the adapter's `setWebhook`, or the
/// harness's `POST /__emulator/webhook` where the provider sets webhooks outside its API) and hands
/// what arrives to the adapter's `verifyWebhook` and `decodeWebhook`. Nothing is read back from
/// the deployment, so inbound cases work against any deployment that can reach ``url``: bind it
/// on `0.0.0.0` and give the public URL of a tunnel for a remote one.
public final class WebhookReceiver: Sendable {
    /// Where to listen and how the deployment reaches it.
    public struct Options: Hashable, Sendable {
        /// The address to bind (`127.0.0.1`; `0.0.0.0` for a tunnel).
        public var host: String
        /// The port to bind; 0 picks a free one.
        public var port: Int
        /// The URL the deployment posts to, without the path (`https://abc.tunnel.example`); nil for
        /// `http://<host>:<bound port>`.
        public var publicURL: String?

        /// Creates options; the defaults listen on a free loopback port.
        public init(host: String = "127.0.0.1", port: Int = 0, publicURL: String? = nil) {
            self.host = host
            self.port = port
            self.publicURL = publicURL
        }
    }

    /// The path deliveries are posted to.
    public static let path = "/conformance/webhooks"

    /// The options it was created with.
    public let options: Options
    private let received = Mutex<[WebhookDelivery]>([])
    private let running = Mutex<BackgroundServer?>(nil)

    /// Creates a receiver; nothing listens until ``start()``.
    public init(_ options: Options = Options()) { self.options = options }

    /// Starts listening; returns the bound port. Throws when the address cannot be bound.
    @discardableResult
    public func start() async throws -> Int {
        if let port = running.withLock({ $0?.port }) { return port }
        var logger = Logger(label: "switchboard.conformance.receiver")
        logger.logLevel = .critical
        let server: BackgroundServer
        do {
            server = try await BackgroundServer.start { onServerRunning in
                Application(responder: Recorder(receiver: self),
                            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port), serverName: nil),
                            onServerRunning: onServerRunning, logger: logger)
            }
        } catch EmulatorServerError.notStarted {
            throw ConformanceFailure("the webhook receiver could not listen on \(options.host):\(options.port)")
        }
        running.withLock { $0 = server }
        return server.port
    }

    /// Stops listening and waits until the port is closed: it stops accepting, lets the deliveries
    /// in progress finish (for up to 5 seconds), then cancels what is left.
    public func stop() async {
        let server = running.withLock { state in
            defer { state = nil }
            return state
        }
        await server?.stop()
    }

    /// The URL deliveries go to: the public URL (or `http://host:port`) plus ``path``.
    public var url: String {
        let base = options.publicURL ?? "http://\(options.host == "0.0.0.0" ? "127.0.0.1" : options.host):\(running.withLock { $0?.port } ?? options.port)"
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + Self.path
    }

    /// Every delivery received so far, oldest first.
    public var deliveries: [WebhookDelivery] { received.withLock { $0 } }

    /// How many deliveries have arrived.
    public var count: Int { received.withLock { $0.count } }

    /// Forgets what was received.
    public func clear() { received.withLock { $0.removeAll() } }

    fileprivate func record(_ delivery: WebhookDelivery) { received.withLock { $0.append(delivery) } }

    /// Records every request, whatever its path, and answers `200 {}`.
    private struct Recorder: HTTPResponder {
        typealias Context = BasicRequestContext
        let receiver: WebhookReceiver

        func respond(to request: Request, context: Context) async throws -> Response {
            var buffer = try await request.body.collect(upTo: 16 << 20)
            let body = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
            let headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
            let target = request.uri.query.map { request.uri.path + "?" + $0 } ?? request.uri.path
            receiver.record(WebhookDelivery(target: target, headers: headers, body: body))
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
        }
    }
}
