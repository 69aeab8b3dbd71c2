import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A bare HTTP/1.1 server on 127.0.0.1, one thread per connection, for what a well-behaved server
/// never does on cue: read a request on a kept-alive connection and close it without an answer.
///
/// `script(connection, request)` decides for each request (both counted from 1) whether to answer
/// `200 ok` or to close the connection having read the request.
final class ScriptedSocketServer: Sendable {
    enum Action: Sendable { case answer, closeWithoutAnswer }
    /// One request as read: which connection carried it, its method and path.
    struct Seen: Sendable, Equatable { let connection: Int; let method: String; let path: String }

    let port: Int
    private let listener: Int32
    private let state = Mutex<(seen: [Seen], connections: Int, open: [Int32], stopped: Bool)>(([], 0, [], false))
    private let script: @Sendable (_ connection: Int, _ request: Int) -> Action

    init(script: @escaping @Sendable (_ connection: Int, _ request: Int) -> Action) throws {
        self.script = script
        (listener, port) = try SocketSupport.listen(backlog: 64)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Every request read so far, in order.
    var seen: [Seen] { state.withLock { $0.seen } }

    /// Stops accepting and closes every connection.
    func stop() {
        let open = state.withLock { state -> [Int32] in
            state.stopped = true
            return state.open
        }
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        for fd in open { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { break }
            let number = state.withLock { state -> Int? in
                guard !state.stopped else { return nil }
                state.connections += 1
                state.open.append(fd)
                return state.connections
            }
            guard let number else { close(fd); break }
            let thread = Thread { [self] in serve(fd, connection: number) }
            thread.start()
        }
        close(listener)
    }

    private func serve(_ fd: Int32, connection: Int) {
        defer {
            state.withLock { $0.open.removeAll { $0 == fd } }
            close(fd)
        }
        var buffer: [UInt8] = []
        var count = 0
        while let (method, path) = SocketSupport.readRequest(fd, buffer: &buffer) {
            count += 1
            state.withLock { $0.seen.append(Seen(connection: connection, method: method, path: path)) }
            switch script(connection, count) {
            case .closeWithoutAnswer:
                return
            case .answer:
                let answer = Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok".utf8)
                guard SocketSupport.writeAll(fd, answer) else { return }
            }
        }
    }
}

/// A listener that never accepts, its queue already full, so that a client's connection attempt
/// stays unanswered (Linux drops the SYN) until the client gives up.
final class FullBacklogListener: Sendable {
    let port: Int
    private let listener: Int32
    private let fillers: [Int32]

    init() throws {
        (listener, port) = try SocketSupport.listen(backlog: 0)
        var fillers: [Int32] = []
        // A backlog of 0 still queues one connection; the others only make sure.
        for _ in 0..<3 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var address = SocketSupport.loopback(port: port)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            fillers.append(fd)
        }
        self.fillers = fillers
    }

    /// Closes the listener and the fillers.
    func stop() {
        for fd in fillers { close(fd) }
        close(listener)
    }
}

enum SocketSupport {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        return address
    }

    /// A listening socket on 127.0.0.1 and the port the system picked.
    static func listen(backlog: Int32) throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, backlog) == 0 else { close(fd); throw Failure(description: "bind/listen: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Reads one request (head, then a `Content-Length` body); `nil` at end of stream.
    static func readRequest(_ fd: Int32, buffer: inout [UInt8]) -> (method: String, path: String)? {
        let separator = Array("\r\n\r\n".utf8)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = range(of: separator, in: buffer) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let lines = head.components(separatedBy: "\r\n")
                let parts = lines.first?.split(separator: " ") ?? []
                let length = lines.dropFirst().compactMap { line -> Int? in
                    let pair = line.split(separator: ":", maxSplits: 1)
                    guard pair.count == 2, pair[0].lowercased() == "content-length" else { return nil }
                    return Int(pair[1].trimmingCharacters(in: .whitespaces))
                }.first ?? 0
                let total = end + separator.count + length
                while buffer.count < total {
                    let read = recv(fd, &chunk, chunk.count, 0)
                    guard read > 0 else { return nil }
                    buffer += chunk[..<read]
                }
                buffer.removeFirst(total)
                guard parts.count >= 2 else { return nil }
                return (String(parts[0]), String(parts[1]))
            }
            let read = recv(fd, &chunk, chunk.count, 0)
            guard read > 0 else { return nil }
            buffer += chunk[..<read]
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    private static func range(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
