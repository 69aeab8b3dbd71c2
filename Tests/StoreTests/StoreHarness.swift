import Foundation
import PostgresTestServer
import Switchboard
import SwitchboardPostgres
import Synchronization
import Testing

/// The stores the behaviour suite runs against: the same cases, written once.
enum StoreUnderTest: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// ``SQLiteStore`` on a file in a temporary directory.
    case sqlite
    /// `PostgresStore` on a fresh database of the test process's own PostgreSQL server.
    case postgres

    var testDescription: String { rawValue }
}

/// A store for one test and a way to open the same data again, as a restarted process (or another
/// replica) would.
final class StoreHarness: Sendable {
    let kind: StoreUnderTest
    let store: any Store
    private let sqlitePath: String?
    private let directory: URL?
    private let postgresURL: String?
    private let password: String?
    private let opened = OpenedStores()

    private init(kind: StoreUnderTest, store: any Store, sqlitePath: String?, directory: URL?,
                 postgresURL: String?, password: String?) {
        self.kind = kind
        self.store = store
        self.sqlitePath = sqlitePath
        self.directory = directory
        self.postgresURL = postgresURL
        self.password = password
        opened.add(store)
    }

    /// A new, empty store of `kind`.
    static func make(_ kind: StoreUnderTest) async throws -> StoreHarness {
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("switchboard.sqlite").path
            return StoreHarness(kind: kind, store: try SQLiteStore(path: path), sqlitePath: path, directory: directory,
                                postgresURL: nil, password: nil)
        case .postgres:
            let server = try await PostgresTestServer.shared()
            let url = try await server.createDatabase()
            let store = try await PostgresStore.connect(url: url, environment: [PostgresStoreLocation.passwordVariable: server.password])
            return StoreHarness(kind: kind, store: store, sqlitePath: nil, directory: nil, postgresURL: url, password: server.password)
        }
    }

    /// Runs `body` with a new store of `kind`, then closes every store it opened and removes its files.
    static func with(_ kind: StoreUnderTest, _ body: (StoreHarness) async throws -> Void) async throws {
        let harness = try await make(kind)
        do {
            try await body(harness)
        } catch {
            await harness.close()
            throw error
        }
        await harness.close()
    }

    /// The same data opened again through a second store (its own connections), as another process would.
    func reopen() async throws -> any Store {
        let store: any Store
        switch kind {
        case .sqlite: store = try SQLiteStore(path: sqlitePath!)
        case .postgres: store = try await PostgresStore.connect(url: postgresURL!, environment: [PostgresStoreLocation.passwordVariable: password!])
        }
        opened.add(store)
        return store
    }

    func close() async {
        for store in opened.all() { await store.close() }
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }
}

private final class OpenedStores: Sendable {
    private let stores = Mutex<[any Store]>([])
    func add(_ store: any Store) { stores.withLock { $0.append(store) } }
    func all() -> [any Store] { stores.withLock { $0 } }
}

/// Phones, messages and events the store tests share.
enum Fixture {
    static let shop = Phone(e164Digits: "447700900111")
    static let support = Phone(e164Digits: "447700900222")
    static let customer = Phone(e164Digits: "33612345678")
    static let unknown = Phone(e164Digits: "14155550100")
    static let now = Date(timeIntervalSince1970: 1_800_000_000.25)

    static func text(_ text: String = "Hello", to phone: Phone = customer) -> OutboundMessage {
        .text(text, to: .person(phone))
    }

    static func entry(_ key: String, at date: Date = now, due: Date? = nil) -> OutboxEntry {
        OutboxEntry(idempotencyKey: key, message: text(key), from: shop, createdAt: date, nextAttemptAt: due)
    }

    /// A text message event in the chat of `phone`, with id `id`.
    static func event(_ id: String, from phone: Phone = customer, instance: String = "a") -> InboundEvent {
        let chat = ChatID.person(phone)
        return InboundEvent(provider: "wasup", instance: instance, id: id, timestamp: now,
                            body: .message(Message(id: MessageID(id), chat: chat, from: chat, fromMe: false, text: "hi \(id)")))
    }

    static func delivery(_ ids: [String], from phone: Phone = customer) -> [(event: InboundEvent, key: String)] {
        ids.map { (event: event($0, from: phone), key: "wasup/\($0)") }
    }
}
