import EmulatorKit
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// "Relay", a made-up hosted messaging API that exists only in the tests: instances that a phone
/// links, and text sends. Its server runs in-process on a loopback port; `RelayProvider` is its
/// adapter. Together they prove a third provider plugs into the client, the router and the
/// conformance suite with no edit to the core.
///
/// API (JSON, `Authorization: Bearer <token>`; 401 without it):
/// - `POST /v1/instances {"name"}` → 201 instance; `GET /v1/instances` → `{"instances": [...]}`
/// - `GET /v1/instances/{id}` → instance, 404 `{"error"}` when unknown; `DELETE` → 204
/// - `POST /v1/instances/{id}/messages {"to", "text"}` → 201 `{"id"}`; 409 when not linked
///
/// An instance is `{"id", "name", "state": "idle" | "linked", "number": "447700900123" | null}`.
public final class RelayServer: Sendable {
    struct Box: Sendable {
        var id: String
        var name: String?
        var number: String?
        var sent: [String] = []
        var json: [String: Any] { ["id": id, "name": name as Any? ?? NSNull(), "state": number == nil ? "idle" : "linked",
                                   "number": number as Any? ?? NSNull()] }
    }

    let token: String
    let boxes = Mutex<[String: Box]>([:])
    let counter = Atomic<Int>(0)
    let server = Mutex<BackgroundServer?>(nil)

    /// A server accepting `token`.
    public init(token: String) { self.token = token }

    /// Starts listening on a free loopback port; the port.
    public func start() async throws -> Int {
        let router = Router()
        router.post("/v1/instances") { request, _ in try await self.create(request) }
        router.get("/v1/instances") { request, _ in try self.answer(request) { ["instances": self.boxes.withLock { $0.values.sorted { $0.id < $1.id }.map(\.json) }] } }
        router.get("/v1/instances/{id}") { request, context in
            try self.answer(request) { try self.box(context.parameters.require("id")).json }
        }
        router.delete("/v1/instances/{id}") { request, context in
            let id = try context.parameters.require("id")
            return try self.answer(request, status: .noContent) {
                guard self.boxes.withLock({ $0.removeValue(forKey: id) }) != nil else { throw RelayError.notFound(id) }
                return [:]
            }
        }
        router.post("/v1/instances/{id}/messages") { request, context in
            let id = try context.parameters.require("id")
            let body = try await Self.json(request)
            return try self.answer(request, status: .created) {
                guard let text = body["text"] as? String, body["to"] is String else { throw RelayError.badRequest("needs to and text") }
                let messageID = "rl_\(self.counter.wrappingAdd(1, ordering: .relaxed).newValue)"
                try self.boxes.withLock { boxes in
                    guard var box = boxes[id] else { throw RelayError.notFound(id) }
                    guard box.number != nil else { throw RelayError.notLinked(id) }
                    box.sent.append(text)
                    boxes[id] = box
                }
                return ["id": messageID]
            }
        }
        let started = try await BackgroundServer.start { onServerRunning in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                        onServerRunning: onServerRunning)
        }
        server.withLock { $0 = started }
        return started.port
    }

    /// Stops the server gracefully (see `BackgroundServer`) and waits until its port is closed.
    public func stop() async {
        await server.withLock { $0 }?.stop()
    }

    /// The phone's side: links `id` to `number` (digits).
    public func link(_ id: String, number: String) {
        boxes.withLock { $0[id]?.number = number }
    }

    /// The texts `id` sent, oldest first.
    public func sent(_ id: String) -> [String] { boxes.withLock { $0[id]?.sent ?? [] } }

    private func create(_ request: Request) async throws -> Response {
        let body = try await Self.json(request)
        return try answer(request, status: .created) {
            let id = "relay-\(counter.wrappingAdd(1, ordering: .relaxed).newValue)"
            let box = Box(id: id, name: body["name"] as? String)
            boxes.withLock { $0[id] = box }
            return box.json
        }
    }

    private func box(_ id: String) throws -> Box {
        guard let box = boxes.withLock({ $0[id] }) else { throw RelayError.notFound(id) }
        return box
    }

    private static func json(_ request: Request) async throws -> [String: Any] {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        guard buffer.readableBytes > 0 else { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any] ?? [:]
    }

    private func answer(_ request: Request, status: HTTPResponse.Status = .ok, _ body: () throws -> [String: Any]) throws -> Response {
        var object: [String: Any]
        var status = status
        if request.headers[.authorization] != "Bearer \(token)" {
            (status, object) = (.unauthorized, ["error": "bad token"])
        } else {
            do { object = try body() } catch let error as RelayError {
                (status, object) = error.answer
            }
        }
        let data = status == .noContent ? Data() : try JSONSerialization.data(withJSONObject: object)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

enum RelayError: Error {
    case notFound(String), notLinked(String), badRequest(String)

    var answer: (HTTPResponse.Status, [String: Any]) {
        switch self {
        case .notFound(let id): (.notFound, ["error": "no instance \(id)"])
        case .notLinked(let id): (.conflict, ["error": "instance \(id) is not linked to a phone"])
        case .badRequest(let message): (.badRequest, ["error": message])
        }
    }
}
