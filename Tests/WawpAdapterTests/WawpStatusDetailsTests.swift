import Foundation
import Switchboard
import SwitchboardWawp
import Testing

/// WhatsApp's new-contact limits in `session.status`, in the shapes WAHA documents
/// (devlikeapro/waha-docs, `content/docs/how-to/events/index.md`), decoded into neutral details.
@Suite struct WawpStatusDetailsTests {
    static func decode(_ data: String) throws -> InboundEvent {
        let body = #"{"id": "evt_1", "event": "session.status", "session": "default", "me": {"id": "447700900111@c.us"}, "payload": {"status": "WORKING", "data": "# + data + "}}"
        let events = try WawpWebhookDecodingTests.wawp.decodeWebhook(WebhookDelivery(body: Data(body.utf8)))
        try #require(events.count == 1)
        return events[0]
    }

    @Test func reachoutTimelock() throws {
        let event = try Self.decode(#"{"reachoutTimelock": {"enforcementType": "RESTRICT_ALL_COMPANIONS", "isActive": true, "timeEnforcementEnds": 1784477333}}"#)
        #expect(event.body == .instanceStatus(.connected, phone: Phone(e164Digits: "447700900111")))
        let details = try #require(event.statusDetails)
        #expect(details.newContactsRestricted)
        #expect(details.newContactsRestrictedUntil == Date(timeIntervalSince1970: 1784477333))
        #expect(details.newContactsHeldUntil == Date(timeIntervalSince1970: 1784477333))
    }

    @Test func timelockLifted() throws {
        let event = try Self.decode(#"{"reachoutTimelock": {"isActive": false, "timeEnforcementEnds": 1784477333}}"#)
        #expect(event.statusDetails?.newContactsRestricted == false)
        #expect(event.statusDetails != nil && event.statusDetails?.newContactsHeldUntil == nil)
    }

    @Test func messageCapping() throws {
        let warning = try Self.decode(#"{"messageCapping": {"cappingStatus": "FIRST_WARNING", "totalQuota": 1000, "usedQuota": 640, "cycleStart": 1782874800, "cycleEnd": 1785553199, "mvStatus": "NOT_ELIGIBLE", "oteStatus": "NOT_ELIGIBLE"}}"#)
        #expect(warning.statusDetails?.newContactQuota == NewContactQuota(status: "FIRST_WARNING", isCapped: false, total: 1000, used: 640,
                                                                          cycleEnd: Date(timeIntervalSince1970: 1785553199)))
        #expect(warning.statusDetails?.newContactsHeldUntil == nil)
        let capped = try Self.decode(#"{"messageCapping": {"cappingStatus": "CAPPED", "totalQuota": 1000, "usedQuota": 1000, "cycleEnd": 1785553199}}"#)
        #expect(capped.statusDetails?.newContactsHeldUntil == Date(timeIntervalSince1970: 1785553199))
    }

    @Test func plainStatusHasNoDetails() throws {
        #expect(try Self.decode("null").statusDetails == nil)
        #expect(try Self.decode(#"{"something": 1}"#).statusDetails == nil)
    }
}
