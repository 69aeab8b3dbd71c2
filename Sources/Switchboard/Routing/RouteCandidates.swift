/// The instances a send tries, best first. The usual one or two holders of a number are kept
/// inline, so planning a send allocates nothing (issue 17); longer lists are an array.
struct RouteCandidates: Sequence {
    fileprivate enum Storage {
        case inline(RouteID, RouteID?)
        case list([RouteID])
    }

    private let storage: Storage

    init(_ first: RouteID, _ second: RouteID?) { storage = .inline(first, second) }

    /// `ids` must not be empty.
    init(_ ids: [RouteID]) { storage = .list(ids) }

    /// The best candidate.
    var first: RouteID {
        switch storage {
        case .inline(let first, _): first
        case .list(let ids): ids[0]
        }
    }

    /// How many instances the send may try.
    var count: Int {
        switch storage {
        case .inline(_, let second): second == nil ? 1 : 2
        case .list(let ids): ids.count
        }
    }

    struct Iterator: IteratorProtocol {
        fileprivate let storage: Storage
        fileprivate var index = 0

        mutating func next() -> RouteID? {
            defer { index += 1 }
            switch storage {
            case .inline(let first, let second): return index == 0 ? first : index == 1 ? second : nil
            case .list(let ids): return index < ids.count ? ids[index] : nil
            }
        }
    }

    func makeIterator() -> Iterator { Iterator(storage: storage) }
}
