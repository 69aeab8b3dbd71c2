import Foundation

/// Idempotency keys for messages enqueued without one: a random (version 4) UUID's text, as
/// `UUID().uuidString` writes it.
///
/// Foundation's `UUID()` opens, reads and closes `/dev/urandom` for every UUID on Linux: three
/// system calls, about a twentieth of a one-at-a-time enqueue (`strace`, issue 17). The system
/// generator asks the kernel (`getrandom`) without a file.
enum FreshKey {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { raw in
            raw.storeBytes(of: high, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: low, toByteOffset: 8, as: UInt64.self)
            raw[6] = (raw[6] & 0x0F) | 0x40  // version 4
            raw[8] = (raw[8] & 0x3F) | 0x80  // RFC 4122 variant
        }
        return UUID(uuid: bytes).uuidString
    }
}
