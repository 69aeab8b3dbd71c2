import Foundation
import HTTPTypes
import Switchboard
import Synchronization

/// A webhook load balancer for the replica tests: each delivery goes to the next live replica in
/// turn, then once more to the live replica after it, as a provider's retry may land on another
/// replica. The provider gets the first replica's answer. A replica taken out with ``down(_:)``
/// (its health check failed) gets no more deliveries.
final class LoadBalancer: Sendable {
    let ports: [Int]
    private struct State {
        var next = 0
        var down: Set<Int> = []
    }
    private let state = Mutex(State())

    init(ports: [Int]) { self.ports = ports }

    /// How many deliveries came in.
    var forwarded: Int { state.withLock { $0.next } }

    /// Stops sending to the replica at `index` of ``ports``.
    func down(_ index: Int) {
        _ = state.withLock { $0.down.insert(index) }
    }

    func forward(headers: [(name: String, value: String)], body: Data) async -> Int {
        let (turn, live) = state.withLock { state -> (Int, [Int]) in
            defer { state.next += 1 }
            return (state.next, ports.indices.filter { !state.down.contains($0) }.map { ports[$0] })
        }
        guard !live.isEmpty else { return 502 }
        var fields = HTTPFields()
        for (name, value) in headers {
            let lowered = name.lowercased()
            guard lowered == "content-type" || lowered.hasPrefix("x-"), let field = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: field, value: value))
        }
        var answer = 502
        for offset in 0..<min(2, live.count) {
            let port = live[(turn + offset) % live.count]
            let request = TransportRequest(method: .post, url: "http://127.0.0.1:\(port)/webhooks/wawp", headerFields: fields, body: body)
            let status = (try? await Deployments.transport.send(request))?.status.code ?? 502
            if offset == 0 { answer = status }
        }
        return answer
    }
}
