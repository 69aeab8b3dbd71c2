import Foundation

/// Remembers which inbound events were handled, so that a webhook delivered twice is acted on once.
public protocol SeenEventStore: Sendable {
    /// Records `eventID` as seen. Returns `true` the first time, `false` for every later call with the
    /// same id, also when callers race in several threads or processes: the check and the write are
    /// one statement.
    func markSeen(_ eventID: String, at date: Date) throws(SwitchboardError) -> Bool
    /// Forgets ids recorded before `date` (a provider's redelivery window is hours, not months);
    /// returns how many were forgotten.
    @discardableResult
    func forgetSeen(before date: Date) throws(SwitchboardError) -> Int
}

extension SeenEventStore {
    /// Records `eventID` as seen now; `true` the first time only.
    public func markSeen(_ eventID: String) throws(SwitchboardError) -> Bool {
        try markSeen(eventID, at: Date())
    }

    /// Records an inbound event as seen, keyed by its provider name and id (two providers may use
    /// the same id); `true` the first time only.
    public func markSeen(_ event: InboundEvent, at date: Date = Date()) throws(SwitchboardError) -> Bool {
        try markSeen(event.provider + "/" + event.id, at: date)
    }
}
