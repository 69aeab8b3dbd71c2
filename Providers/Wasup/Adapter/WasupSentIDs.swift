import Switchboard
import Synchronization

/// The ids of messages this adapter sent recently, so that a reaction to one of them can say
/// `fromMe: true` as Wasup's react endpoint needs. Bounded: the oldest ids are forgotten first.
final class WasupSentIDs: Sendable {
    private struct State {
        var order: [MessageID] = []
        var members: Set<MessageID> = []
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 1024) { self.capacity = max(1, capacity) }

    func insert(_ id: MessageID) {
        state.withLock { state in
            guard state.members.insert(id).inserted else { return }
            state.order.append(id)
            if state.order.count > capacity {
                let dropped = state.order.count - capacity
                state.order.prefix(dropped).forEach { state.members.remove($0) }
                state.order.removeFirst(dropped)
            }
        }
    }

    func contains(_ id: MessageID) -> Bool {
        state.withLock { $0.members.contains(id) }
    }
}
