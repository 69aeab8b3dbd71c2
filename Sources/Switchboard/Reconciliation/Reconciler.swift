import Foundation
import Logging

/// What one reconciliation of an instance did.
public struct ReconciliationReport: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The configured provider name.
    public var provider: String
    /// The instance.
    public var instance: String
    /// Where the read started (`nil` when skipped before choosing one).
    public var since: Date?
    /// Inbound messages read from the provider's history.
    public var read: Int
    /// Those never seen before, now recorded in the inbox (handed to the app once, like a webhook's).
    public var handedOver: Int
    /// Why the instance was skipped (the provider has no history it can read from a time, or no
    /// event of it is recorded to start from); `nil` when it was read.
    public var skipped: String?
    /// Why the read may have missed messages (the provider's paging stopped short), when it may.
    public var incomplete: String?

    /// Creates a report.
    public init(provider: String, instance: String, since: Date?, read: Int = 0, handedOver: Int = 0,
                skipped: String? = nil, incomplete: String? = nil) {
        self.provider = provider
        self.instance = instance
        self.since = since
        self.read = read
        self.handedOver = handedOver
        self.skipped = skipped
        self.incomplete = incomplete
    }

    public var description: String {
        if let skipped { return "\(provider)/\(instance): skipped: \(skipped)" }
        let from = since.map { " since \(ISO8601DateFormatter().string(from: $0))" } ?? ""
        return "\(provider)/\(instance)\(from): read \(read) inbound, handed over \(handedOver) new"
            + (incomplete.map { " (incomplete: \($0))" } ?? "")
    }
}

/// Recovers inbound messages whose webhooks never came: reads an instance's history since the last
/// event the inbox recorded (or a given time) and records each inbound message through the
/// ``WebhookIngress``, with the deduplication key its webhook would have had, so that a message
/// already handed over is not handed over again and a run repeated hands over nothing new.
///
/// The client runs it after a restart (``SwitchboardClient/Options/Tracking/reconcileOnStart``),
/// after a silent period (``SilenceWatch``) and on demand (``SwitchboardClient/reconcile(provider:instance:since:)``,
/// `switchboard reconcile ID --since T`).
public final class Reconciler: Sendable {
    /// How far before the last recorded event the read starts: the provider's clock and the
    /// library's may differ, and messages read twice are deduplicated anyway.
    public let overlap: Duration

    let providers: [String: any MessagingProvider]
    let ingress: WebhookIngress
    let activity: any InstanceActivityStore
    let clock: any TimeSource
    let logger: Logger

    /// Creates a reconciler.
    public init(providers: [any MessagingProvider], ingress: WebhookIngress, activity: any InstanceActivityStore,
                overlap: Duration = .seconds(120), clock: any TimeSource = SystemTimeSource(),
                logger: Logger = Logger(label: "switchboard.reconcile")) {
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.ingress = ingress
        self.activity = activity
        self.overlap = overlap
        self.clock = clock
        self.logger = logger
    }

    /// Reads `instance`'s inbound history since `since` (by default, the last event recorded for
    /// it less ``overlap``) and records the messages never seen. A provider without a readable
    /// history, or an instance with no recorded event and no `since`, is skipped with the reason.
    /// Throws ``SwitchboardError/Kind/notFound`` for an unknown provider, and the provider's
    /// error when its history cannot be read.
    public func reconcile(provider name: String, instance: String, since: Date? = nil) async throws(SwitchboardError) -> ReconciliationReport {
        guard let provider = providers[name] else { throw .notFound("no provider named \"\(name)\" is configured") }
        guard let reader = provider as? any MessageHistoryReading else {
            return ReconciliationReport(provider: name, instance: instance, since: since,
                                        skipped: "\(provider.kind) offers no message history that can be read from a point in time")
        }
        var start = since
        if start == nil, let last = try await activity.lastInbound(provider: name, instance: instance) {
            start = last.adding(.zero - overlap)
        }
        guard let start else {
            return ReconciliationReport(provider: name, instance: instance, since: nil,
                                        skipped: "no event of this instance is recorded to start from; give a time (--since)")
        }
        let read = try await reader.history(instance, since: start, direction: .inbound)
        let events = read.messages.map(\.message).filter { !$0.fromMe }.map { message in
            InboundEvent(provider: name, instance: instance, id: message.id.rawValue, timestamp: message.timestamp, body: .message(message))
        }
        var recorded = 0
        let now = clock.now()
        for start in stride(from: 0, to: events.count, by: 100) {
            recorded += try await ingress.record(recovered: Array(events[start..<min(events.count, start + 100)]), at: now).count
        }
        let report = ReconciliationReport(provider: name, instance: instance, since: start, read: events.count,
                                          handedOver: recorded, incomplete: read.complete ? nil : read.note ?? "the provider's paging stopped short")
        if recorded > 0 || !read.complete { logger.info("reconciliation: \(report)") }
        return report
    }
}
