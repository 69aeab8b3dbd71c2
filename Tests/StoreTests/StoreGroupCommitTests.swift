import Foundation
import Switchboard
import SwitchboardPostgres
import Synchronization
import Testing

/// Group commits (issue 17): concurrent records and enqueues share transactions, and each caller
/// is answered as if it had come alone.
@Suite("Store behaviour: group commits")
struct StoreGroupCommitTests {
    let now = Fixture.now

    @Test("200 concurrent records of 150 distinct events and 50 repeats record exactly 150; each event goes to one caller", arguments: StoreUnderTest.allCases)
    func concurrentRecords(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            // Callers 0..<150 bring g0..g149; callers 150..<200 bring g0..g49 again.
            let ids = (0..<200).map { "g\($0 % 150)" }
            let answers = try await withThrowingTaskGroup(of: (Int, [InboxEntry]).self) { group in
                for (caller, id) in ids.enumerated() {
                    group.addTask { (caller, try await store.recordInbound(Fixture.delivery([id]), at: now)) }
                }
                return try await group.reduce(into: [Int: [InboxEntry]]()) { $0[$1.0] = $1.1 }
            }
            #expect(answers.count == 200)
            #expect(answers.values.map(\.count).reduce(0, +) == 150)
            for id in Set(ids) {
                let callers = ids.indices.filter { ids[$0] == id }
                let recorded = callers.compactMap { answers[$0]?.first }
                #expect(recorded.count == 1, "\(id) was recorded for \(recorded.count) of its \(callers.count) callers")
                guard let entry = recorded.first else { continue }
                #expect(entry.key == "wasup/\(id)" && entry.event == Fixture.event(id) && entry.state == .pending)
                #expect(try await store.inboxEntry(id: entry.id) == entry)
            }
            #expect(Set(answers.values.joined().map(\.id)).count == 150)
            #expect(try await store.inboxCounts() == [.pending: 150])
            // Each caller's answer is as if it had come alone: a repeat now records nothing.
            #expect(try await store.recordInbound(Fixture.delivery(["g7", "g149"]), at: now).isEmpty)
        }
    }

    @Test("200 concurrent enqueues of 150 distinct keys and 50 repeats insert exactly 150; repeats get the stored entry", arguments: StoreUnderTest.allCases)
    func concurrentEnqueues(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            let keys = (0..<200).map { "q\($0 % 150)" }
            let answers = try await withThrowingTaskGroup(of: (Int, (entry: OutboxEntry, inserted: Bool)).self) { group in
                for (caller, key) in keys.enumerated() {
                    group.addTask {
                        // Half one at a time, half through the batch call with a second, fresh key.
                        if caller % 2 == 0 { return (caller, try await store.insertOutbox(Fixture.entry(key))) }
                        let results = try await store.insertOutbox(contentsOf: [Fixture.entry(key), Fixture.entry("solo-\(caller)")])
                        #expect(results[1].inserted && results[1].entry.idempotencyKey == "solo-\(caller)")
                        return (caller, results[0])
                    }
                }
                return try await group.reduce(into: [Int: (entry: OutboxEntry, inserted: Bool)]()) { $0[$1.0] = $1.1 }
            }
            #expect(answers.count == 200)
            #expect(answers.values.filter(\.inserted).count == 150)
            for key in Set(keys) {
                let results = keys.indices.filter { keys[$0] == key }.compactMap { answers[$0] }
                #expect(results.filter(\.inserted).count == 1, "\(key) was inserted for \(results.filter(\.inserted).count) callers")
                #expect(Set(results.map(\.entry.id)).count == 1, "\(key)'s callers got different entries")
                #expect(results.allSatisfy { $0.entry.idempotencyKey == key && $0.entry.message == Fixture.text(key) })
            }
            #expect(try await store.outboxCounts() == [.queued: 250])
            let stored = try await store.outboxEntry(idempotencyKey: "q3")
            #expect(stored == answers[3]?.entry)
        }
    }

    @Test("a batch whose commit fails is committed again one request at a time: the bad request fails alone, the others are answered once each")
    func failingRequestFailsAlone() async throws {
        let committed = Mutex<[Int]>([])
        let batches = Mutex<[[Int]]>([])
        let gate = Gate()
        let commits = GroupCommit<Int, Int> { requests async throws(SwitchboardError) in
            batches.withLock { $0.append(requests) }
            // The first commit waits until the other 99 callers queued, so they make one batch.
            if requests == [0] { await gate.wait() }
            if requests.contains(13) { throw .storage("request 13 cannot be stored") }
            committed.withLock { $0.append(contentsOf: requests) }
            return requests.map { $0 * 2 }
        }
        let answers = await withTaskGroup(of: (Int, Result<Int, SwitchboardError>).self) { group in
            group.addTask {
                do throws(SwitchboardError) { return (0, .success(try await commits.submit(0))) } catch { return (0, .failure(error)) }
            }
            while batches.withLock({ $0.isEmpty }) { try? await Task.sleep(for: .milliseconds(1)) }
            for request in 1..<100 {
                group.addTask {
                    do throws(SwitchboardError) { return (request, .success(try await commits.submit(request))) } catch {
                        return (request, .failure(error))
                    }
                }
            }
            while commits.waiting < 99 { try? await Task.sleep(for: .milliseconds(1)) }
            gate.open()
            return await group.reduce(into: [Int: Result<Int, SwitchboardError>]()) { $0[$1.0] = $1.1 }
        }
        for request in 0..<100 where request != 13 {
            #expect((try? answers[request]?.get()) == request * 2, "request \(request): \(String(describing: answers[request]))")
        }
        #expect(throws: SwitchboardError.self) { try answers[13]?.get() }
        #expect(committed.withLock { $0 }.sorted() == (0..<100).filter { $0 != 13 })
        let sizes = batches.withLock { $0.map(\.count) }
        #expect(sizes == [1, 99] + Array(repeating: 1, count: 99), "batch sizes \(sizes)")
    }

    @Test("a batch whose commit fails ambiguously (the store's answer was lost) fails every request at once, without committing each again")
    func ambiguousFailureFailsTheBatch() async throws {
        let batches = Mutex<[[Int]]>([])
        let gate = Gate()
        let commits = GroupCommit<Int, Int> { requests async throws(SwitchboardError) in
            batches.withLock { $0.append(requests) }
            if requests == [0] { await gate.wait(); return [0] }
            throw SwitchboardError.storage("no answer").markedAmbiguous()
        }
        let answers = await withTaskGroup(of: (Int, Result<Int, SwitchboardError>).self) { group in
            group.addTask {
                do throws(SwitchboardError) { return (0, .success(try await commits.submit(0))) } catch { return (0, .failure(error)) }
            }
            while batches.withLock({ $0.isEmpty }) { try? await Task.sleep(for: .milliseconds(1)) }
            for request in 1..<10 {
                group.addTask {
                    do throws(SwitchboardError) { return (request, .success(try await commits.submit(request))) } catch {
                        return (request, .failure(error))
                    }
                }
            }
            while commits.waiting < 9 { try? await Task.sleep(for: .milliseconds(1)) }
            gate.open()
            return await group.reduce(into: [Int: Result<Int, SwitchboardError>]()) { $0[$1.0] = $1.1 }
        }
        #expect((try? answers[0]?.get()) == 0)
        for request in 1..<10 {
            #expect(throws: SwitchboardError.self) { try answers[request]?.get() }
            if case .failure(let error) = answers[request] { #expect(error.isAmbiguous) }
        }
        let sizes = batches.withLock { $0.map(\.count) }
        #expect(sizes == [1, 9], "batch sizes \(sizes)")
    }

    @Test("PostgreSQL: a delivery PostgreSQL refuses (a NUL in its key) fails alone; the deliveries committed with it are recorded and answered")
    func refusedRowFailsAlone() async throws {
        try await StoreHarness.with(.postgres) { harness in
            let store = harness.store
            let ids = (0..<40).map { $0 == 17 ? "bad\u{0}key" : "ok\($0)" }
            let answers = await withTaskGroup(of: (Int, Result<[InboxEntry], SwitchboardError>).self) { group in
                for (caller, id) in ids.enumerated() {
                    group.addTask {
                        do throws(SwitchboardError) {
                            return (caller, .success(try await store.recordInbound(Fixture.delivery([id]), at: now)))
                        } catch {
                            return (caller, .failure(error))
                        }
                    }
                }
                return await group.reduce(into: [Int: Result<[InboxEntry], SwitchboardError>]()) { $0[$1.0] = $1.1 }
            }
            for (caller, id) in ids.enumerated() where caller != 17 {
                let recorded = try #require(try? answers[caller]?.get(), "caller \(caller) failed: \(String(describing: answers[caller]))")
                #expect(recorded.map(\.key) == ["wasup/\(id)"])
            }
            #expect(throws: SwitchboardError.self) { try answers[17]?.get() }
            #expect(try await store.inboxCounts() == [.pending: 39])
            #expect(try await store.recordInbound(Fixture.delivery(["ok3"]), at: now).isEmpty)
        }
    }
}

/// Holds callers of ``wait()`` until ``open()``.
private final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let open = state.withLock { state in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }
}
