import Foundation

/// Delivery ids accepted recently, oldest first, bounded in count.
struct SeenDeliveryIDs {
    private var order: [(id: String, at: Date)] = []
    private var head = 0
    private var ids: Set<String> = []

    /// Records `id` unless it was seen within `maxAge` seconds before `now`; returns whether it was new.
    mutating func insert(_ id: String, at now: Date, maxAge: Double, capacity: Int) -> Bool {
        while head < order.count, now.timeIntervalSince(order[head].at) > maxAge || order.count - head >= capacity {
            ids.remove(order[head].id)
            head += 1
        }
        if head > 1024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
        guard ids.insert(id).inserted else { return false }
        order.append((id, now))
        return true
    }
}
