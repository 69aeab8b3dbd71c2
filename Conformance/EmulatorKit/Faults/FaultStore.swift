import Synchronization

/// The injected faults of one emulator. Thread-safe.
public final class FaultStore: Sendable {
    private let faults = Mutex<[Fault]>([])

    /// No faults.
    public init() {}

    /// Adds a fault; the earliest added matching fault wins.
    public func add(_ fault: Fault) {
        faults.withLock { $0.append(fault) }
    }

    /// Removes every fault.
    public func clear() {
        faults.withLock { $0.removeAll() }
    }

    /// The current faults.
    public var all: [Fault] { faults.withLock { $0 } }

    /// The first fault matching the request, counting one use of it (a fault whose `times` runs out
    /// is removed).
    public func take(method: String, path: String, template: String?) -> Fault? {
        faults.withLock { faults in
            guard let index = faults.firstIndex(where: { $0.matches(method: method, path: path, template: template) }) else {
                return nil
            }
            let fault = faults[index]
            if let times = fault.times {
                if times <= 1 { faults.remove(at: index) } else { faults[index].times = times - 1 }
            }
            return fault
        }
    }
}
