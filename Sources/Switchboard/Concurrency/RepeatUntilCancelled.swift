/// Runs `work`, waits `interval`, and again, until the calling task is cancelled: the background
/// loops a running client keeps (route refresh, housekeeping, metrics snapshots, tracking).
/// `waitFirst`: the first run comes after one interval instead of at once.
package func repeatUntilCancelled(every interval: Duration, waitFirst: Bool = false, _ work: () async -> Void) async {
    if waitFirst {
        do { try await Task.sleep(for: interval) } catch { return }
    }
    while !Task.isCancelled {
        await work()
        do { try await Task.sleep(for: interval) } catch { return }
    }
}
