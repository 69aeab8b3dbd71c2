import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Switchboard

/// A test-only ``HTTPTransport`` on URLSession, until the libcurl transport lands.
struct URLSessionTransport: HTTPTransport {
    func send(_ request: Switchboard.HTTPRequest) async throws(SwitchboardError) -> Switchboard.HTTPResponse {
        guard let url = URL(string: request.url) else {
            throw SwitchboardError.transport(.connectionLost, "bad URL")
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.timeoutInterval = 10
        for (name, value) in request.headers { urlRequest.addValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else {
                throw SwitchboardError.transport(.connectionLost, "not HTTP")
            }
            let headers = http.allHeaderFields.map { (name: "\($0.key)", value: "\($0.value)") }
            return Switchboard.HTTPResponse(status: http.statusCode, headers: headers, body: data)
        } catch let error as SwitchboardError {
            throw error
        } catch {
            throw SwitchboardError.transport(.connectionLost, "\(error)")
        }
    }
}
