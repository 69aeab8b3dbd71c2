import Foundation
import HTTPTypes
import Switchboard

/// The phone's side of a deployment: a client of the harness contract (`/__emulator/...`, written
/// down in Conformance/README.md), the same on every emulator and on any harness that keeps it, so
/// the suite can scan QR codes, inject messages and read what the phone's contacts received. It
/// uses no route outside the contract: webhook deliveries reach the suite's own
/// ``WebhookReceiver``, never a harness endpoint.
public struct EmulatorHarness: Sendable {
    /// The control API's base URL (the emulator's own base URL).
    public let baseURL: String
    private let transport: any HTTPTransport

    /// Creates a harness client.
    public init(baseURL: String, transport: any HTTPTransport) {
        self.baseURL = baseURL
        self.transport = transport
    }

    /// Back to a fresh start.
    public func reset() async throws { _ = try await call(.post, "/__emulator/reset") }

    /// The phone scans the instance's QR code.
    public func scan(_ instance: String, phone: Phone) async throws {
        _ = try await call(.post, "/__emulator/instances/\(escape(instance))/scan", ["phone": phone.digits])
    }

    /// The phone's owner types the pairing code.
    public func confirmCode(_ instance: String, code: String) async throws {
        _ = try await call(.post, "/__emulator/instances/\(escape(instance))/confirm-code", ["code": code])
    }

    /// A message reaches the instance (or, with `fromMe`, an operator sends one from the phone);
    /// returns its message id. The emulator fires the provider's webhook.
    public func inbound(_ instance: String, from: Phone, text: String?, fromMe: Bool = false,
                        mediaURL: String? = nil, mimeType: String? = nil) async throws -> String {
        var body: [String: any Sendable] = ["from": from.digits, "fromMe": fromMe]
        if let text { body["text"] = text }
        if let mediaURL { body["mediaUrl"] = mediaURL }
        if let mimeType { body["mimeType"] = mimeType }
        let answer = try await call(.post, "/__emulator/instances/\(escape(instance))/inbound", body)
        guard let id = answer["messageId"]?.string else { throw ConformanceFailure("inbound answered no messageId") }
        return id
    }

    /// A sent message was delivered, read or played.
    public func ack(_ instance: String, message: String, status: String) async throws {
        _ = try await call(.post, "/__emulator/instances/\(escape(instance))/ack", ["messageId": message, "status": status])
    }

    /// What the instance delivered to WhatsApp, oldest first: the `messages` of
    /// `GET /__emulator/instances/{id}/sent`, each entry with the contract's seven keys.
    public func sent(_ instance: String) async throws -> [SentEntry] {
        let answer = try await call(.get, "/__emulator/instances/\(escape(instance))/sent")
        guard let entries = answer["messages"]?.array else {
            throw ConformanceFailure("the harness broke its contract: GET /__emulator/instances/{id}/sent answered without `messages`")
        }
        return try entries.map(SentEntry.init(json:))
    }

    /// Sets the delivery URL and signing secret where the provider sets them outside its API.
    public func configureWebhook(url: String, secret: String?) async throws {
        var body: [String: any Sendable] = ["url": url]
        if let secret { body["secret"] = secret }
        _ = try await call(.post, "/__emulator/webhook", body)
    }

    /// Makes matching requests fail. `status` alone answers the provider's own error shape.
    public func addFault(method: String, path: String, status: Int, times: Int = 1,
                         body: String? = nil, contentType: String? = nil) async throws {
        var fault: [String: any Sendable] = ["method": method, "path": path, "status": status, "times": times]
        if let body { fault["body"] = body }
        if let contentType { fault["contentType"] = contentType }
        _ = try await call(.post, "/__emulator/faults", fault)
    }

    /// Removes every fault.
    public func clearFaults() async throws { _ = try await call(.delete, "/__emulator/faults") }

    /// The request log: every provider API request with its operation and catalog violations.
    public func requests() async throws -> [HarnessJSON] {
        let answer = try await call(.get, "/__emulator/requests")
        return answer.array ?? answer["requests"]?.array ?? []
    }

    private func call(_ method: HTTPRequest.Method, _ path: String, _ body: [String: any Sendable]? = nil) async throws -> HarnessJSON {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let response = try await transport.send(TransportRequest(
            method: method, url: baseURL + path,
            headerFields: data == nil ? [:] : [.contentType: "application/json"], body: data))
        guard (200..<300).contains(response.status.code) else {
            throw ConformanceFailure("control API \(method) \(path) answered \(response.status.code): \(response.text.prefix(300))")
        }
        return response.body.isEmpty ? .null : try HarnessJSON(parsing: response.body)
    }

    private func escape(_ segment: String) -> String { TransportRequest.percentEncode(segment) }
}
