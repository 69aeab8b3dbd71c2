import Foundation
import GRDB

extension SQLiteStore {
    /// Records an event id; `true` only the first time. One `INSERT … ON CONFLICT DO NOTHING`, so
    /// concurrent callers (threads or processes) cannot both see `true`.
    public func markSeen(_ eventID: String, at date: Date) throws(SwitchboardError) -> Bool {
        try write("recording event \(eventID)") { db in
            try db.execute(sql: "INSERT INTO seenEvent (id, seenAt) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                           arguments: [eventID, date.storeSeconds])
            return db.changesCount == 1
        }
    }

    /// Forgets event ids recorded before `date`.
    @discardableResult
    public func forgetSeen(before date: Date) throws(SwitchboardError) -> Int {
        try write("forgetting seen events") { db in
            try db.execute(sql: "DELETE FROM seenEvent WHERE seenAt < ?", arguments: [date.storeSeconds])
            return db.changesCount
        }
    }
}
