import Foundation
import HTTPTypes
import Switchboard
import Synchronization

/// A webhook load balancer for the replica tests: each delivery goes to the next replica in
/// turn, then once more to the replica after it, as a provider's retry may land on another
/// replica. The provider gets the first replica's answer.
final class LoadBalancer: Sendable {
    let ports: [Int]
    private let next = Mutex(0)

    init(ports: [Int]) { self.ports = ports }

    /// How many deliveries came in.
    var forwarded: Int { next.withLock { $0 } }

    func forward(headers: [(name: String, value: String)], body: Data) async -> Int {
        let turn = next.withLock { value -> Int in
            defer { value += 1 }
            return value
        }
        var fields = HTTPFields()
        for (name, value) in headers {
            let lowered = name.lowercased()
            guard lowered == "content-type" || lowered.hasPrefix("x-"), let field = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: field, value: value))
        }
        var answer = 502
        for offset in 0..<2 {
            let port = ports[(turn + offset) % ports.count]
            let request = TransportRequest(method: .post, url: "http://127.0.0.1:\(port)/webhooks/wawp", headerFields: fields, body: body)
            let status = (try? await Deployments.transport.send(request))?.status.code ?? 502
            if offset == 0 { answer = status }
        }
        return answer
    }
}
