import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Switchboard

/// A plain `HTTPTransport` over Foundation's URLSession, for tests until ``CurlTransport`` is
/// merged: real HTTP over loopback, nothing mocked.
final class LoopbackTransport: HTTPTransport {
    private let session: URLSession

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    func send(_ request: Switchboard.HTTPRequest) async throws(SwitchboardError) -> Switchboard.HTTPResponse {
        guard let url = URL(string: request.url) else { throw .invalidRequest("bad URL \(request)") }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.timeoutInterval = 30
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body
        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else { throw SwitchboardError.invalidResponse("not HTTP") }
            let headers = http.allHeaderFields.compactMap { key, value -> (name: String, value: String)? in
                guard let name = key as? String else { return nil }
                return (name, "\(value)")
            }
            return Switchboard.HTTPResponse(status: http.statusCode, headers: headers, body: data)
        } catch let error as SwitchboardError {
            throw error
        } catch {
            throw .transport(.other, "\(error)")
        }
    }
}
