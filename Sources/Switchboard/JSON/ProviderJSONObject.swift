import Foundation

extension ProviderJSON {
    /// A JSON object: its members in the order they were read or first set, each key once.
    ///
    /// Looked up by comparing keys rather than hashing them (issue 17): provider objects have a
    /// handful of members, and decoders try two or three spellings of a field, most of them absent.
    /// A dictionary hashed every key as it was built and again on every look-up, a fifth of a
    /// webhook decode; a string comparison that fails on the length or the first bytes is cheaper.
    /// Keys are compared by their UTF-8 bytes, as JSON parsers usually do (Swift's `==` would also
    /// match canonically equivalent spellings, and costs more when the strings differ), so `"é"`
    /// and `"e\u{301}"` are two keys here where a `[String: ProviderJSON]` held one. Equality and
    /// hashing ignore the order, as a dictionary's do.
    package struct Object: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
        /// One member.
        package struct Member: Hashable, Sendable {
            /// The key.
            package var key: String
            /// The value.
            package var value: ProviderJSON
        }

        /// The members, each key once.
        package private(set) var members: [Member]

        /// An empty object.
        package init() { members = [] }

        /// Members whose keys the caller has made distinct.
        init(distinct members: [Member]) { self.members = members }

        /// The members of a dictionary.
        package init(_ dictionary: [String: ProviderJSON]) {
            members = dictionary.map { Member(key: $0.key, value: $0.value) }
        }

        /// An object literal; a repeated key keeps its last value.
        package init(dictionaryLiteral elements: (String, ProviderJSON)...) {
            members = []
            members.reserveCapacity(elements.count)
            for (key, value) in elements { self[key] = value }
        }

        /// The value of `key`; setting `nil` removes the member, setting a new key appends it.
        package subscript(key: String) -> ProviderJSON? {
            get {
                for member in members where Self.same(member.key, key) { return member.value }
                return nil
            }
            set {
                if let index = members.firstIndex(where: { Self.same($0.key, key) }) {
                    if let newValue { members[index].value = newValue } else { members.remove(at: index) }
                } else if let newValue {
                    members.append(Member(key: key, value: newValue))
                }
            }
        }

        /// Whether two keys have the same UTF-8 bytes: the lengths first, which most keys that
        /// differ already do, then one `memcmp` over the strings' own storage (no copy: copying a
        /// string to reach its bytes retains it, which cost more than the comparison).
        static func same(_ left: String, _ right: some StringProtocol) -> Bool {
            let count = left.utf8.count
            guard count == right.utf8.count else { return false }
            let equal = left.utf8.withContiguousStorageIfAvailable { leftBytes in
                right.utf8.withContiguousStorageIfAvailable { count == 0 || memcmp(leftBytes.baseAddress!, $0.baseAddress!, count) == 0 }
            }
            return (equal ?? nil) ?? left.utf8.elementsEqual(right.utf8)
        }

        /// Whether two of `members` have the same key: by comparing keys when there are up to 32
        /// (most comparisons fail on the length), by hashing their bytes when there are more, so
        /// that a hostile body with many keys costs linear time.
        static func repeatsKeys<Members: Collection<Member>>(_ members: Members) -> Bool {
            if members.count > 32 {
                var seen = Set<[UInt8]>(minimumCapacity: members.count)
                return !members.allSatisfy { seen.insert(Array($0.key.utf8)).inserted }
            }
            var index = members.startIndex
            while index != members.endIndex {
                let key = members[index].key
                var earlier = members.startIndex
                while earlier != index {
                    if same(members[earlier].key, key) { return true }
                    earlier = members.index(after: earlier)
                }
                index = members.index(after: index)
            }
            return false
        }

        /// The value of `key` given as a part of a longer text (a dotted path's key).
        package subscript(key: Substring) -> ProviderJSON? {
            for member in members where Self.same(member.key, key) { return member.value }
            return nil
        }

        /// How many members.
        package var count: Int { members.count }
        /// Whether there are none.
        package var isEmpty: Bool { members.isEmpty }
        /// The keys, in member order.
        package var keys: [String] { members.map(\.key) }
        /// The members as a dictionary.
        package var dictionary: [String: ProviderJSON] {
            Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        }

        /// The members as `(key, value)` pairs, as a dictionary's are iterated.
        package func makeIterator() -> Iterator { Iterator(members: members.makeIterator()) }

        /// Iterates the members as `(key, value)` pairs.
        package struct Iterator: IteratorProtocol {
            var members: IndexingIterator<[Member]>
            /// The next member.
            package mutating func next() -> (key: String, value: ProviderJSON)? {
                members.next().map { ($0.key, $0.value) }
            }
        }

        /// The same members, in any order.
        package static func == (left: Object, right: Object) -> Bool {
            left.count == right.count && left.members.allSatisfy { right[$0.key] == $0.value }
        }

        /// Hashes the members regardless of their order.
        package func hash(into hasher: inout Hasher) {
            var sum = 0
            for member in members {
                var one = Hasher()
                one.combine(member)
                sum &+= one.finalize()
            }
            hasher.combine(count)
            hasher.combine(sum)
        }
    }
}
