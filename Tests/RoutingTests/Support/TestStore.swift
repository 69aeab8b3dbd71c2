import Foundation
import Switchboard

/// A store for one test, in memory or in a temporary file; ``reopen()`` opens the same file again
/// (a restart), ``remove()`` deletes it.
struct TestStore {
    let location: StoreLocation
    let directory: TemporaryDirectory?
    let store: SQLiteStore

    init(_ location: StoreLocation) throws {
        self.location = location
        switch location {
        case .memory:
            directory = nil
            store = try SQLiteStore.inMemory()
        case .file:
            let directory = try TemporaryDirectory()
            self.directory = directory
            store = try SQLiteStore(path: directory.path("switchboard.sqlite"))
        }
    }

    /// The same database file opened again, as a restarted process would.
    func reopen() throws -> SQLiteStore {
        guard let path = store.path else { return store }
        return try SQLiteStore(path: path)
    }

    func remove() { directory?.remove() }
}
