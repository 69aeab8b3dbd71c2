import Foundation
import Switchboard

/// WhatsApp's limits on new contacts, read from a `session.status` event's `payload.data` while the
/// session stays `WORKING`. The Wawp spec does not describe `data`; the shapes are WAHA's (which
/// Wawp hosts), documented in devlikeapro/waha-docs, `content/docs/how-to/events/index.md`,
/// section "session.status" (also https://waha.devlike.pro/docs/how-to/events/#sessionstatus):
///
/// - `data.reachoutTimelock`: `{enforcementType, isActive, timeEnforcementEnds}` — messaging new
///   contacts is restricted until `timeEnforcementEnds` (Unix seconds); sends to them fail with
///   error 463 meanwhile. WAHA sends `isActive: false` when it lifts.
/// - `data.messageCapping`: `{cappingStatus, totalQuota, usedQuota, cycleStart, cycleEnd, ...}` —
///   the per-cycle quota on new contacts; once `cappingStatus` is `CAPPED`, sends to them fail with
///   error 475 until `cycleEnd` (Unix seconds).
///
/// Absent, `null` or unreadable `data` gives `nil`: the event is then a plain status.
enum WawpStatusDetails {
    static func decode(_ data: WawpJSON?) -> InstanceStatusDetails? {
        guard let data else { return nil }
        let timelock = data["reachoutTimelock"].flatMap(object)
        let capping = data["messageCapping"].flatMap(object)
        guard timelock != nil || capping != nil else { return nil }
        var details = InstanceStatusDetails()
        if let timelock {
            details.newContactsRestricted = timelock["isActive"]?.bool ?? false
            details.newContactsRestrictedUntil = WawpDate.parse(timelock["timeEnforcementEnds"])
        }
        if let capping {
            let status = capping["cappingStatus"]?.nonEmptyString ?? "UNKNOWN"
            details.newContactQuota = NewContactQuota(
                status: status, isCapped: status.uppercased() == "CAPPED",
                total: capping["totalQuota"]?.int, used: capping["usedQuota"]?.int,
                cycleEnd: WawpDate.parse(capping["cycleEnd"]))
        }
        return details
    }

    private static func object(_ json: WawpJSON) -> WawpJSON? {
        if case .object = json { json } else { nil }
    }
}
