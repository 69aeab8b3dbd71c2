#if os(Linux)
import CCurl
import Glibc

/// libcurl's event interface on epoll, for ``CurlWorker``'s thread (Linux).
///
/// libcurl says which sockets to watch (`CURLMOPT_SOCKETFUNCTION`) and when its next timeout is
/// due (`CURLMOPT_TIMERFUNCTION`); this keeps them in an epoll set and, when a socket is ready or
/// the timer is due, calls `curl_multi_socket_action` for just that. Callers on other threads
/// wake the loop through an eventfd. Everything except ``wake()`` runs on the worker's thread,
/// inside its loop or inside libcurl calls made from it.
final class CurlEvents: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let epoll: Int32
    private let wakeFD: Int32
    /// The sockets in the epoll set.
    private var watched: Set<Int32> = []
    /// When libcurl's timer is due, in `CLOCK_MONOTONIC` nanoseconds; nil when it has none.
    private var timerDue: UInt64?
    private var fds = [Int32](repeating: 0, count: 128)
    private var ready = [Int32](repeating: 0, count: 128)

    init(multi: UnsafeMutableRawPointer) {
        self.multi = multi
        var wakeFD: Int32 = -1
        epoll = sb_poller_create(&wakeFD)
        guard epoll >= 0 else { fatalError("epoll_create1 or eventfd failed: errno \(errno)") }
        self.wakeFD = wakeFD
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = sb_multi_setopt_ptr(multi, CURLMOPT_SOCKETDATA, context)
        _ = sb_multi_setopt_socket_callback(multi, watchSocket)
        _ = sb_multi_setopt_ptr(multi, CURLMOPT_TIMERDATA, context)
        _ = sb_multi_setopt_timer_callback(multi, timerChanged)
    }

    /// Interrupts ``wait()``; safe from any thread.
    func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, MemoryLayout<UInt64>.size)
    }

    /// Lets libcurl act on its timer if it is due: new transfers start this way, and timeouts fire.
    func runDue() {
        guard let due = timerDue, Self.now() >= due else { return }
        timerDue = nil
        var running: Int32 = 0
        curl_multi_socket_action(multi, curl_socket_t(CURL_SOCKET_BAD), 0, &running)
    }

    /// Waits until a socket is ready, the timer is due, or ``wake()`` (at most a second), and lets
    /// libcurl act on what is ready.
    func wait() {
        let timeout: Int32
        if let due = timerDue {
            let now = Self.now()
            timeout = due <= now ? 0 : Int32(min((due - now + 999_999) / 1_000_000, 1000))
        } else {
            timeout = 1000
        }
        let count = fds.withUnsafeMutableBufferPointer { fds in
            ready.withUnsafeMutableBufferPointer { ready in
                sb_poller_wait(epoll, fds.baseAddress, ready.baseAddress, Int32(fds.count), timeout)
            }
        }
        var running: Int32 = 0
        for index in 0..<max(0, Int(count)) {
            let fd = fds[index]
            if fd == wakeFD {
                var value: UInt64 = 0
                _ = Glibc.read(wakeFD, &value, MemoryLayout<UInt64>.size)
                continue
            }
            let flags = ready[index]
            let action = (flags & 1 != 0 ? CURL_CSELECT_IN : 0) | (flags & 2 != 0 ? CURL_CSELECT_OUT : 0)
                | (flags & 4 != 0 ? CURL_CSELECT_ERR : 0)
            curl_multi_socket_action(multi, curl_socket_t(fd), Int32(action), &running)
        }
        runDue()
    }

    /// Closes the epoll set and the eventfd, after `curl_multi_cleanup`.
    func close() {
        _ = Glibc.close(wakeFD)
        _ = Glibc.close(epoll)
    }

    fileprivate func watch(_ socket: Int32, what: Int32) -> Int32 {
        let want: Int32 = switch what {
        case Int32(CURL_POLL_IN): 1
        case Int32(CURL_POLL_OUT): 2
        case Int32(CURL_POLL_INOUT): 3
        default: 0  // CURL_POLL_REMOVE
        }
        let known = watched.contains(socket)
        guard sb_poller_watch(epoll, socket, want, known ? 1 : 0) == 0 else { return -1 }
        if want == 0 { watched.remove(socket) } else { watched.insert(socket) }
        return 0
    }

    fileprivate func setTimer(milliseconds: Int) {
        timerDue = milliseconds < 0 ? nil : Self.now() + UInt64(milliseconds) * 1_000_000
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// `CURLMOPT_SOCKETFUNCTION`: watch a socket for what libcurl waits on, or stop watching it.
private let watchSocket: sb_socket_callback = { _, socket, what, context, _ in
    guard let context else { return -1 }
    return Unmanaged<CurlEvents>.fromOpaque(context).takeUnretainedValue().watch(socket, what: what)
}

/// `CURLMOPT_TIMERFUNCTION`: when libcurl next wants to act without a socket event (-1: never).
private let timerChanged: sb_timer_callback = { _, milliseconds, context in
    guard let context else { return -1 }
    Unmanaged<CurlEvents>.fromOpaque(context).takeUnretainedValue().setTimer(milliseconds: milliseconds)
    return 0
}
#endif
