import Foundation

/// An inbound event a store is to record: its inbox entry and the event's JSON. Both stores take
/// these in batches, in their group commits.
package struct InboundRow: Sendable {
    package let entry: InboxEntry
    package let json: String

    /// The rows of one delivery's new events, received at `date`; `encode` writes an event's JSON.
    package static func rows(_ events: [(event: InboundEvent, key: String)], at date: Date,
                             encode: (InboundEvent) throws(SwitchboardError) -> String) throws(SwitchboardError) -> [InboundRow] {
        try events.map { item throws(SwitchboardError) in
            InboundRow(entry: InboxEntry(event: item.event, key: item.key, receivedAt: date), json: try encode(item.event))
        }
    }
}
