import Synchronization

/// The instance ids an adapter knows, in the order it learned them, with the WAHA session name of
/// each where Wawp said it (webhook envelopes name the session).
final class KnownInstances: Sendable {
    private let state: Mutex<(ids: [String], sessions: [String: String])>

    init(_ ids: [String]) {
        var unique: [String] = []
        for id in ids where !id.isEmpty && !unique.contains(id) { unique.append(id) }
        state = Mutex((unique, [:]))
    }

    var ids: [String] { state.withLock { $0.ids } }

    func add(_ id: String, session: String? = nil) {
        state.withLock { state in
            if !state.ids.contains(id) { state.ids.append(id) }
            if let session, !session.isEmpty, session != id { state.sessions[session] = id }
        }
    }

    func remove(_ id: String) {
        state.withLock { state in
            state.ids.removeAll { $0 == id }
            state.sessions = state.sessions.filter { $0.value != id }
        }
    }

    /// The instance id of a session name, or the name itself when it is an id.
    func instance(forSession session: String) -> String {
        state.withLock { $0.sessions[session] } ?? session
    }
}
