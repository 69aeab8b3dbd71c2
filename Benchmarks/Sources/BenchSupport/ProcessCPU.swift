#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's CPU time (user and system, every thread), in nanoseconds, from
/// `CLOCK_PROCESS_CPUTIME_ID`: nanosecond resolution, where the harness's own CPU metric counts
/// scheduler ticks of 10 ms, too coarse for iterations of a millisecond.
public enum ProcessCPU {
    public static func nanoseconds() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Int(spec.tv_sec) * 1_000_000_000 + Int(spec.tv_nsec)
    }
}
