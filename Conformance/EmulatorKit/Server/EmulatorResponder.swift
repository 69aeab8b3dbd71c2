import Foundation
import Hummingbird
import Logging
import NIOCore

/// The one Hummingbird responder of an emulator: control API, or record + fault + validate + provider.
struct EmulatorResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext

    let provider: any EmulatedProvider
    let log: RequestLog
    let faults: FaultStore
    let configuration: EmulatorConfiguration
    let logger: Logger

    /// Thrown to abandon a response after the connection was closed on purpose.
    struct Dropped: Error {}

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        let query = EmulatorRequest.parseQuery(request.uri.query)
        let headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        var body = Data()
        var tooLarge = false
        do {
            var buffer = try await request.body.collect(upTo: configuration.maxBodySize)
            body = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch {
            tooLarge = true
        }
        let json: JSONValue? = body.isEmpty ? nil : try? JSONValue(parsing: body)
        let method = request.method.rawValue.uppercased()

        if path == "/__emulator" || path.hasPrefix("/__emulator/") {
            let emulated = EmulatorRequest(method: method, path: path, query: query, headers: headers, body: body, json: json)
            return Self.hummingbird(await ControlAPI(provider: provider, log: log, faults: faults).respond(to: emulated))
        }

        let sequence = log.nextSequence()
        let catalog = provider.catalog
        let match = catalog.match(method: method, path: path)
        var violations: [Violation] = []
        if tooLarge {
            violations.append(Violation(kind: .bodyTooLarge, location: "body",
                                        message: "request body exceeds \(configuration.maxBodySize) bytes"))
        }
        if let match {
            if !tooLarge {
                violations += catalog.validate(match.operation, pathParameters: match.pathParameters, query: query,
                                               headers: headers, body: body, json: json, options: provider.validationOptions)
            }
        } else {
            violations.insert(Violation(kind: .unknownOperation, message: "no operation \(method) \(path)"), at: 0)
        }
        let emulated = EmulatorRequest(sequence: sequence, method: method, path: path, query: query, headers: headers,
                                       body: body, json: json, match: match, violations: violations)

        var faulted = false
        var response: EmulatorResponse
        if let fault = faults.take(method: method, path: path, template: match?.operation.path) {
            faulted = true
            if fault.delayMs > 0 { try? await Task.sleep(for: .milliseconds(fault.delayMs)) }
            if fault.drop {
                response = .dropped
            } else if let status = fault.status {
                if let text = fault.body {
                    response = .text(text, status: status, contentType: fault.contentType ?? "application/json")
                } else {
                    response = provider.errorResponse(status: status, message: "injected fault", request: emulated)
                    if let contentType = fault.contentType {
                        response.headers.removeAll { $0.name.lowercased() == "content-type" }
                        response.headers.append(("Content-Type", contentType))
                    }
                }
            } else {
                faulted = false
                response = await answer(emulated)
            }
        } else {
            response = await answer(emulated)
        }

        let entry = RecordedRequest(sequence: sequence, method: method, path: path, query: query,
                                    operationId: match?.operation.operationId, violations: violations,
                                    status: response.drop ? 0 : response.status, faulted: faulted, body: body, headers: headers)
        log.append(entry)
        if configuration.logRequests { logger.info("\(entry.logLine)") }

        if response.drop {
            // Send the head and one byte of a longer body, then close: the client has started to
            // read an answer, so it reports a lost connection instead of silently retrying.
            let channel = context.channel
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            return Response(status: .ok, headers: fields, body: ResponseBody(contentLength: 64) { writer in
                try await writer.write(ByteBuffer(string: "{"))
                try await channel.close()
                throw Dropped()
            })
        }
        return Self.hummingbird(response)
    }

    /// Auth, then violations, then the provider's handler.
    private func answer(_ request: EmulatorRequest) async -> EmulatorResponse {
        if let denied = await provider.authenticate(request) { return denied }
        if let rejected = await provider.reject(request) { return rejected }
        return await provider.handle(request)
    }

    /// Converts to Hummingbird's response type.
    static func hummingbird(_ response: EmulatorResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let fieldName = HTTPFields.Element.Name(name) { fields.append(HTTPFields.Element(name: fieldName, value: value)) }
        }
        return Response(status: .init(code: response.status), headers: fields,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}
