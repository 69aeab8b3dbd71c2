import Foundation
import HTTPTypes
import Logging
import Switchboard
import Synchronization

/// Delivers webhooks over an ``HTTPTransport``, retrying with exponential backoff, and keeps a log
/// of outcomes. Thread-safe.
public final class WebhookDeliverer: Sendable {
    /// The transport webhooks go out on.
    public let transport: any HTTPTransport
    /// Attempts per delivery, at least 1.
    public let attempts: Int
    /// The wait before the second attempt; each later wait doubles.
    public let backoff: Duration
    /// Longest time one attempt may take.
    public let timeout: Duration
    private let logger: Logger
    private let outcomes = Mutex<[WebhookOutcome]>([])

    /// Creates a deliverer.
    ///
    /// - Parameters:
    ///   - attempts: tries per delivery (retried on transport errors, 408, 429 and 5xx).
    ///   - backoff: wait before the first retry, doubled for each further one.
    public init(transport: any HTTPTransport, attempts: Int = 3, backoff: Duration = .milliseconds(200),
                timeout: Duration = .seconds(10), logger: Logger = Logger(label: "switchboard.emulator.webhooks")) {
        self.transport = transport
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.timeout = timeout
        self.logger = logger
    }

    /// Delivers one webhook, retrying as configured, and returns (and logs) what became of it.
    @discardableResult
    public func deliver(_ delivery: WebhookDelivery) async -> WebhookOutcome {
        await deliver(delivery, attempts: attempts)
    }

    /// Delivers one webhook with a given number of attempts (1 for a one-shot test delivery).
    @discardableResult
    public func deliver(_ delivery: WebhookDelivery, attempts: Int) async -> WebhookOutcome {
        let attempts = max(1, attempts)
        var fields = HTTPFields()
        for header in delivery.headers {
            guard let name = HTTPField.Name(header.name) else {
                logger.warning("webhook \(delivery.event): header name \"\(header.name)\" is not a valid field name, left out")
                continue
            }
            fields.append(HTTPField(name: name, value: header.value))
        }
        if !fields.contains(.contentType) { fields[.contentType] = "application/json" }
        let request = TransportRequest(method: .post, url: delivery.url, headerFields: fields, body: delivery.body,
                                       connectTimeout: timeout, timeout: timeout)
        var response: TransportResponse?
        var failure: String?
        var made = 0
        var wait = backoff
        while made < attempts {
            if made > 0 {
                try? await Task.sleep(for: wait)
                wait *= 2
            }
            made += 1
            do {
                let answer = try await transport.send(request)
                response = answer
                failure = nil
                if !Self.isRetryable(status: answer.status.code) { break }
            } catch {
                response = nil
                failure = error.description
            }
            if Task.isCancelled { break }
        }
        let outcome = WebhookOutcome(delivery: delivery, attempts: made, response: response, error: failure)
        logger.info("webhook \(delivery.event) -> \(Redaction.redact(delivery.url)): \(response.map { String($0.status.code) } ?? failure ?? "-") after \(made) attempt(s)")
        outcomes.withLock { $0.append(outcome) }
        return outcome
    }

    /// Every outcome so far, in completion order.
    public var log: [WebhookOutcome] { outcomes.withLock { $0 } }

    /// Forgets the outcome log.
    public func clearLog() { outcomes.withLock { $0.removeAll() } }

    /// Whether an answer with this status is worth another attempt.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || status >= 500
    }
}
