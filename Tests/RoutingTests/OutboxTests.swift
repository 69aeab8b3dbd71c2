import Foundation
import Switchboard
import Testing

@Suite("Outbox: durable, idempotent, resumable")
struct OutboxTests {
    let clock = ManualTimeSource()

    func setUp(_ location: StoreLocation = .memory, concurrency: Int = 4,
               instances: [(id: String, phone: String?, status: InstanceStatus)] = [("a", Fixture.shop.digits, .connected)])
        async throws -> (TestStore, Outbox, FakeProvider) {
        let test = try TestStore(location)
        let provider = FakeProvider(name: "wasup", instances: instances)
        let router = try MessageRouter(providers: [provider], store: test.store, clock: clock)
        await router.refresh()
        let outbox = Outbox(store: test.store, sender: router, concurrency: concurrency, clock: clock)
        return (test, outbox, provider)
    }

    @Test("enqueue commits the message before any network traffic")
    func enqueueCommitsFirst() async throws {
        let (test, outbox, provider) = try await setUp(.file)
        defer { test.remove() }
        let entry = try await outbox.enqueue(Fixture.text("Your order shipped"), from: Fixture.shop, idempotencyKey: "order-1")

        #expect(entry.state == .queued)
        #expect(entry.id > 0)
        #expect(provider.attempts.isEmpty)
        let onDisk = try #require(try await test.reopen().outboxEntry(idempotencyKey: "order-1"))
        #expect(onDisk == entry)
        #expect(onDisk.message == Fixture.text("Your order shipped"))
    }

    @Test("the same idempotency key enqueued twice is one message")
    func idempotent() async throws {
        let (test, outbox, provider) = try await setUp()
        defer { test.remove() }
        let first = try await outbox.enqueue(Fixture.text(), from: Fixture.shop, idempotencyKey: "k")
        let again = try await outbox.enqueue(Fixture.text(), from: Fixture.shop, idempotencyKey: "k")
        await outbox.dispatchDue()
        let afterSend = try await outbox.enqueue(Fixture.text(), from: Fixture.shop, idempotencyKey: "k")

        #expect(again.id == first.id)
        #expect(afterSend.state == .sent)
        #expect(provider.sent.count == 1)
        #expect(try await outbox.entries().count == 1)
    }

    @Test("a message enqueued without a key gets a fresh random UUID as its key, each its own")
    func freshKeys() async throws {
        let (test, outbox, _) = try await setUp()
        defer { test.remove() }
        var keys: Set<String> = []
        for _ in 0..<200 {
            let key = try await outbox.enqueue(Fixture.text(), from: Fixture.shop).idempotencyKey
            let uuid = try #require(UUID(uuidString: key), "\(key) is not a UUID")
            #expect(uuid.uuidString == key)  // upper case, as UUID().uuidString writes it
            let bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 4, "version 4: \(key)")
            #expect(bytes[8] >> 6 == 0b10, "RFC 4122 variant: \(key)")
            keys.insert(key)
        }
        #expect(keys.count == 200)
        #expect(try await outbox.entries(limit: 1000).count == 200)
    }

    @Test("a key reused for a different message is refused")
    func keyReuse() async throws {
        let (test, outbox, _) = try await setUp()
        defer { test.remove() }
        try await outbox.enqueue(Fixture.text("one"), idempotencyKey: "k")
        let error = await #expect(throws: SwitchboardError.self) { try await outbox.enqueue(Fixture.text("two"), idempotencyKey: "k") }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.message.contains("already used for a different message") == true)
    }

    @Test("sent: the entry records provider, instance and message id")
    func sent() async throws {
        let (test, outbox, provider) = try await setUp()
        defer { test.remove() }
        let entry = try await outbox.enqueue(Fixture.text(), from: Fixture.shop)
        #expect(await outbox.dispatchDue() == 1)

        let done = try #require(try await outbox.entry(id: entry.id))
        #expect(done.state == .sent)
        #expect(done.provider == "wasup")
        #expect(done.instance == "a")
        #expect(done.messageID == MessageID("wasup-1"))
        #expect(done.attempts == 1)
        #expect(provider.sent.map(\.message) == [Fixture.text()])
    }

    @Test("failed: a failure that will not pass is not retried")
    func failed() async throws {
        let (test, outbox, provider) = try await setUp()
        defer { test.remove() }
        provider.script("a", .failure(.invalidRequest("text too long")))
        let entry = try await outbox.enqueue(Fixture.text(), from: Fixture.shop)
        await outbox.dispatchDue()
        clock.advance(by: .seconds(3600))
        #expect(await outbox.dispatchDue() == 0)

        let done = try #require(try await outbox.entry(id: entry.id))
        #expect(done.state == .failed)
        #expect(done.lastErrorKind == .invalidRequest)
        #expect(done.lastError?.contains("text too long") == true)
    }

    @Test("no route to an unknown phone fails the message, with the router's explanation")
    func failedNoRoute() async throws {
        let (test, outbox, _) = try await setUp()
        defer { test.remove() }
        let entry = try await outbox.enqueue(Fixture.text(), from: Fixture.unknown)
        await outbox.dispatchDue()
        let done = try #require(try await outbox.entry(id: entry.id))
        #expect(done.state == .failed)
        #expect(done.lastError?.contains("no route from +14155550100") == true)
    }

    @Test("ambiguous: a 5xx on the send parks the message; it is never re-sent by itself")
    func ambiguous() async throws {
        let (test, outbox, provider) = try await setUp()
        defer { test.remove() }
        provider.script("a", .failure(.serverError("HTTP 502 from the gateway")))
        let entry = try await outbox.enqueue(Fixture.text(), from: Fixture.shop)
        await outbox.dispatchDue()
        clock.advance(by: .seconds(3600))
        #expect(await outbox.dispatchDue() == 0)

        let done = try #require(try await outbox.entry(id: entry.id))
        #expect(done.state == .ambiguous)
        #expect(done.provider == "wasup")
        #expect(provider.attempts == ["a"])
        #expect(try await outbox.entries(state: .ambiguous).map(\.id) == [entry.id])

        // The operator checked it did not arrive and requeues it.
        try await outbox.requeue(id: entry.id)
        await outbox.dispatchDue()
        #expect(try await outbox.entry(id: entry.id)?.state == .sent)
        #expect(provider.sent.count == 1)
    }

    @Test("a 429 queues the message again for its retryAfter, then sends it")
    func retryLater() async throws {
        let (test, outbox, provider) = try await setUp()
        defer { test.remove() }
        provider.script("a", .failure(.rateLimited("slow down", retryAfter: .seconds(30))))
        let entry = try await outbox.enqueue(Fixture.text(), from: Fixture.shop)
        await outbox.dispatchDue()

        let waiting = try #require(try await outbox.entry(id: entry.id))
        #expect(waiting.state == .queued)
        #expect(waiting.nextAttemptAt == clock.now().addingTimeInterval(30))
        clock.advance(by: .seconds(29))
        #expect(await outbox.dispatchDue() == 0)
        clock.advance(by: .seconds(1))
        #expect(await outbox.dispatchDue() == 1)

        let done = try #require(try await outbox.entry(id: entry.id))
        #expect(done.state == .sent)
        #expect(done.attempts == 2)
    }

    @Test("out of attempts, a retryable failure becomes failed")
    func outOfAttempts() async throws {
        let test = try TestStore(.memory)
        let provider = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let refused = SwitchboardError.transport(.connectionRefused, "refused")
        provider.script("a", .failure(refused), .failure(refused), .failure(refused))
        let router = try MessageRouter(providers: [provider], clock: clock)
        await router.refresh()
        let outbox = Outbox(store: test.store, sender: router, retry: OutboxRetryPolicy(maxAttempts: 3), clock: clock)
        let entry = try await outbox.enqueue(Fixture.text(), from: Fixture.shop)

        for _ in 0..<5 {
            await outbox.dispatchDue()
            clock.advance(by: .seconds(600))
        }

        let done = try #require(try await outbox.entry(id: entry.id))
        #expect(done.state == .failed)
        #expect(done.attempts == 3)
        #expect(provider.attempts.count == 3)
    }

    @Test("the retry delay doubles per attempt and honours a longer retryAfter")
    func retryPolicy() async {
        let policy = OutboxRetryPolicy(maxAttempts: 5, base: .seconds(2), maximum: .seconds(10))
        let refused = SwitchboardError.transport(.connectionRefused, "refused")
        #expect((1...5).map { policy.delay(after: refused, attempts: $0) } == [.seconds(2), .seconds(4), .seconds(8), .seconds(10), nil])
        #expect(policy.delay(after: .rateLimited("429", retryAfter: .seconds(60)), attempts: 1) == .seconds(60))
        #expect(policy.delay(after: .serverError("500"), attempts: 1) == nil)  // may have gone out
        #expect(policy.delay(after: .notFound("no route"), attempts: 1) == nil)
    }

    @Test("the retry policy is coded as its three fields, as before it held a shared schedule")
    func retryPolicyCoding() throws {
        // Duration codes as [high, low] attoseconds: 2 s and 10 s.
        let json = #"{"base":[0,2000000000000000000],"maxAttempts":5,"maximum":[0,10000000000000000000]}"#
        let decoded = try JSONDecoder().decode(OutboxRetryPolicy.self, from: Data(json.utf8))
        #expect(decoded == OutboxRetryPolicy(maxAttempts: 5, base: .seconds(2), maximum: .seconds(10)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(decoded), as: UTF8.self) == json)
        var changed = decoded
        changed.maxAttempts = 1
        changed.base = .seconds(3)
        #expect(changed.delay(after: .transport(.connectionRefused, "refused"), attempts: 0) == .seconds(3))
        #expect(changed.delay(after: .transport(.connectionRefused, "refused"), attempts: 1) == nil)
    }

    @Test("retry policies stay within their bounds however they are made, set or decoded")
    func retryPolicyBounds() throws {
        var outbox = OutboxRetryPolicy(maxAttempts: 0, base: .seconds(-5), maximum: .seconds(-1))
        #expect(outbox == OutboxRetryPolicy(maxAttempts: 1, base: .zero, maximum: .zero))
        outbox.maxAttempts = -3
        outbox.base = .seconds(20)  // above the maximum: raises it
        #expect(outbox.maxAttempts == 1 && outbox.base == .seconds(20) && outbox.maximum == .seconds(20))
        outbox.maximum = .seconds(5)  // below the base: held at it
        #expect(outbox.maximum == .seconds(20))
        let json = #"{"base":[0,2000000000000000000],"maxAttempts":0,"maximum":[0,1000000000000000000]}"#
        let decoded = try JSONDecoder().decode(OutboxRetryPolicy.self, from: Data(json.utf8))
        #expect(decoded == OutboxRetryPolicy(maxAttempts: 1, base: .seconds(2), maximum: .seconds(2)))
        var inbox = InboxRetryPolicy(maxAttempts: 3, initialDelay: .seconds(10), maxDelay: .seconds(1))
        #expect(inbox.maxDelay == .seconds(10))
        #expect((0...3).map { inbox.delay(afterAttempts: $0) } == [.seconds(10), .seconds(10), .seconds(10), nil])
        inbox.maxAttempts = 0
        #expect(inbox.maxAttempts == 1)
    }

    @Test("listing by state, oldest first, and counts")
    func listing() async throws {
        let (test, outbox, provider) = try await setUp(concurrency: 1)
        defer { test.remove() }
        provider.script("a", .success, .failure(.invalidRequest("bad")), .success,
                        .failure(.rateLimited("slow down", retryAfter: .seconds(30))))
        var entries: [OutboxEntry] = []
        for index in 0..<4 {
            entries.append(try await outbox.enqueue(Fixture.text("m\(index)"), from: Fixture.shop, idempotencyKey: "m\(index)"))
        }
        await outbox.dispatchDue()

        #expect(try await outbox.entries(state: .sent).map(\.idempotencyKey) == ["m0", "m2"])
        #expect(try await outbox.entries(state: .failed).map(\.idempotencyKey) == ["m1"])
        #expect(try await outbox.entries(state: .queued).map(\.id) == [entries[3].id])
        #expect(try await outbox.entries(limit: 2).map(\.idempotencyKey) == ["m0", "m1"])
        #expect(try await outbox.counts() == [.sent: 2, .failed: 1, .queued: 1])
        #expect(try await outbox.entry(idempotencyKey: "m3")?.lastErrorKind == .rateLimited)
    }

    @Test("the dispatcher keeps at most `concurrency` sends in flight")
    func boundedConcurrency() async throws {
        let (test, outbox, provider) = try await setUp(concurrency: 3)
        defer { test.remove() }
        provider.yieldsDuringSend = 20
        for index in 0..<30 { try await outbox.enqueue(Fixture.text("m\(index)"), from: Fixture.shop) }
        #expect(await outbox.dispatchDue() == 30)
        #expect(provider.sent.count == 30)
        #expect(provider.maxInFlight <= 3)
        #expect(provider.maxInFlight >= 1)
        #expect(try await outbox.counts() == [.sent: 30])
    }
}
