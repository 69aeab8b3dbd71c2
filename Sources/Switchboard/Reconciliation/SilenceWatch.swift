import Foundation
import Logging
import Synchronization

/// What the ``SilenceWatch`` found about one silent instance.
public struct SilenceReport: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The configured provider name.
    public var provider: String
    /// The instance.
    public var instance: String
    /// Since when nothing came (the last recorded event, or when the watch first saw it connected).
    public var quietSince: Date
    /// Why the health probe failed; `nil` when the instance answered connected.
    public var probeFailure: String?
    /// The reconciliation run after a probe that succeeded.
    public var reconciliation: ReconciliationReport?

    /// Creates a report.
    public init(provider: String, instance: String, quietSince: Date, probeFailure: String? = nil,
                reconciliation: ReconciliationReport? = nil) {
        self.provider = provider
        self.instance = instance
        self.quietSince = quietSince
        self.probeFailure = probeFailure
        self.reconciliation = reconciliation
    }

    public var description: String {
        let head = "\(provider)/\(instance) silent since \(ISO8601DateFormatter().string(from: quietSince))"
        if let probeFailure { return head + ": probe failed (\(probeFailure)); marked failed" }
        return head + ": probe ok" + (reconciliation.map { "; \($0)" } ?? "")
    }
}

/// Finds connected instances that went quiet: no event recorded for ``silenceAfter``. Each gets a
/// health probe (the provider's own status of the instance). A probe that fails, or that finds the
/// session not connected, sets the instance `failed` in the routing table (so sends move to other
/// instances) and records a neutral ``InboundEvent/Body/instanceStatus(_:phone:)`` event in the
/// inbox for the app. A probe that succeeds reconciles the quiet period (``Reconciler``): messages
/// whose webhooks were lost are recovered.
public final class SilenceWatch: Sendable {
    /// How long a connected instance may go without an event before it is probed.
    public let silenceAfter: Duration

    let router: MessageRouter
    let ingress: WebhookIngress
    let reconciler: Reconciler
    let activity: any InstanceActivityStore
    let clock: any TimeSource
    let logger: Logger
    /// Per instance: when the watch first saw it connected, or last probed it successfully.
    let quiet = Mutex<[String: Date]>([:])

    /// Creates a watch.
    public init(silenceAfter: Duration, router: MessageRouter, ingress: WebhookIngress, reconciler: Reconciler,
                activity: any InstanceActivityStore, clock: any TimeSource = SystemTimeSource(),
                logger: Logger = Logger(label: "switchboard.silence")) {
        self.silenceAfter = silenceAfter
        self.router = router
        self.ingress = ingress
        self.reconciler = reconciler
        self.activity = activity
        self.clock = clock
        self.logger = logger
    }

    /// Looks at every connected instance once; probes (and reconciles or fails) the silent ones.
    /// Returns a report per instance probed.
    @discardableResult
    public func check() async -> [SilenceReport] {
        var reports: [SilenceReport] = []
        let connected = router.routes().filter { $0.status == .connected }
        // Instances a failed probe holds are probed again each time: one that answers is released.
        for route in router.routes() where route.status == .failed && router.isSilenced(provider: route.provider, instance: route.instance) {
            reports.append(await probe(route, quietSince: quietSince(of: route), at: clock.now(), again: true))
        }
        let names = Set(connected.map { "\($0.provider)/\($0.instance)" })
        quiet.withLock { quiet in quiet = quiet.filter { names.contains($0.key) } }
        for route in connected {
            let key = "\(route.provider)/\(route.instance)"
            let now = clock.now()
            let seen = quiet.withLock { quiet in
                if let seen = quiet[key] { return seen }
                quiet[key] = now
                return now
            }
            var last = seen
            do {
                if let recorded = try await activity.lastInbound(provider: route.provider, instance: route.instance) {
                    last = max(last, recorded)
                }
            } catch {
                logger.error("silence: cannot read the last event of \(key): \(error)")
                continue
            }
            guard now.timeIntervalSince(last) >= silenceAfter.timeInterval else { continue }
            reports.append(await probe(route, quietSince: last, at: now))
        }
        return reports
    }

    /// When a held instance went quiet: its last recorded event, or an hour ago when none is.
    private func quietSince(of route: Route) async -> Date {
        let last = try? await activity.lastInbound(provider: route.provider, instance: route.instance)
        return (last ?? nil) ?? clock.now().addingTimeInterval(-3600)
    }

    private func probe(_ route: Route, quietSince: Date, at now: Date, again: Bool = false) async -> SilenceReport {
        let key = "\(route.provider)/\(route.instance)"
        var report = SilenceReport(provider: route.provider, instance: route.instance, quietSince: quietSince)
        var failure: String?
        if let provider = router.providersByName[route.provider] {
            do {
                let instance = try await provider.instance(route.instance)
                if instance.status != .connected { failure = "the provider reports the session \(instance.status)" }
            } catch {
                failure = error.description
            }
        } else {
            failure = "provider \(route.provider) is not configured"
        }
        if let failure, again {
            report.probeFailure = failure
            return report
        }
        if let failure {
            report.probeFailure = failure
            logger.warning("silence: \(key) has been quiet since \(quietSince) and its probe failed: \(failure); marking it failed")
            let event = InboundEvent(provider: route.provider, instance: route.instance,
                                     id: "switchboard.silence/\(route.instance)/\(Int(now.timeIntervalSince1970))",
                                     timestamp: now, body: .instanceStatus(.failed, phone: route.phone))
            do {
                _ = try await ingress.record(recovered: [event], at: now)
            } catch {
                logger.error("silence: the status event of \(key) was not recorded: \(error)")
            }
            // Held failed through refreshes (the provider may still list it as connected) until
            // an event comes from it or a later probe succeeds.
            await router.markSilent(provider: route.provider, instance: route.instance)
            quiet.withLock { _ = $0.removeValue(forKey: key) }
            return report
        }
        quiet.withLock { $0[key] = now }
        if await router.releaseSilence(provider: route.provider, instance: route.instance) {
            logger.info("silence: \(key) answers its probe again; routes use it again")
        }
        do {
            report.reconciliation = try await reconciler.reconcile(provider: route.provider, instance: route.instance,
                                                                   since: quietSince.adding(.zero - reconciler.overlap))
        } catch {
            logger.warning("silence: \(key) answered its probe but its history could not be read: \(error)")
        }
        return report
    }
}
