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
            package let key: String
            /// The value.
            package var value: ProviderJSON
            /// The key's ``Object/summary(of:)``.
            let summary: UInt64

            /// A member.
            package init(key: String, value: ProviderJSON) {
                self.init(key: key, value: value, summary: Object.summary(of: key))
            }

            /// A member whose key's summary the caller worked out from its bytes.
            init(key: String, value: ProviderJSON, summary: UInt64) {
                self.key = key
                self.value = value
                self.summary = summary
            }

            /// The same key and value (the summary follows from the key).
            package static func == (left: Member, right: Member) -> Bool {
                left.key == right.key && left.value == right.value
            }

            /// Hashes the key and value.
            package func hash(into hasher: inout Hasher) {
                hasher.combine(key)
                hasher.combine(value)
            }
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
                let summary = Self.summary(of: key)
                for member in members where member.summary == summary && Self.same(member.key, key) { return member.value }
                return nil
            }
            set {
                let summary = Self.summary(of: key)
                if let index = members.firstIndex(where: { $0.summary == summary && Self.same($0.key, key) }) {
                    if let newValue { members[index].value = newValue } else { members.remove(at: index) }
                } else if let newValue {
                    members.append(Member(key: key, value: newValue, summary: summary))
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

        /// A summary of a key's UTF-8 bytes: its length, its first six bytes and its last. Keys
        /// with different summaries differ, so a look-up or a check for repeated keys compares
        /// integers, and compares bytes only where the summaries agree: checking a 16-member
        /// object for repeats compared 120 pairs of strings, an eighth of a Wawp decode (issue 17).
        static func summary(of key: some StringProtocol) -> UInt64 {
            if let summary = key.utf8.withContiguousStorageIfAvailable({ summary(ofBytes: $0) }) { return summary }
            // A key without contiguous UTF-8 (a bridged string): through a copy.
            return Array(key.utf8).withUnsafeBufferPointer { summary(ofBytes: $0) }
        }

        /// ``summary(of:)`` of bytes.
        static func summary(ofBytes bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            let count = bytes.count
            var summary = UInt64(truncatingIfNeeded: count) << 56
            for offset in 0..<Swift.min(count, 6) { summary |= UInt64(bytes[offset]) << (8 * offset) }
            if count > 6 { summary |= UInt64(bytes[count - 1]) << 48 }
            return summary
        }

        /// Whether two of `members` have the same key: by comparing summaries (and keys where
        /// they agree) when there are up to 32, by hashing the keys' bytes when there are more,
        /// so that a hostile body with many keys costs linear time.
        static func repeatsKeys<Members: Collection<Member>>(_ members: Members) -> Bool {
            if members.count > 32 {
                var seen = Set<[UInt8]>(minimumCapacity: members.count)
                return !members.allSatisfy { seen.insert(Array($0.key.utf8)).inserted }
            }
            var index = members.startIndex
            while index != members.endIndex {
                let member = members[index]
                var earlier = members.startIndex
                while earlier != index {
                    if members[earlier].summary == member.summary, same(members[earlier].key, member.key) { return true }
                    earlier = members.index(after: earlier)
                }
                index = members.index(after: index)
            }
            return false
        }

        /// The value of `key` given as a part of a longer text (a dotted path's key).
        package subscript(key: Substring) -> ProviderJSON? {
            let summary = Self.summary(of: key)
            for member in members where member.summary == summary && Self.same(member.key, key) { return member.value }
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
