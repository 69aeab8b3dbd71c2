import Foundation

/// Builds BENCHMARKS.md's text from one run's results.
struct Report {
    let results: Results
    var text = ""
    /// Rows the issue asks for that this run did not measure, with why.
    var missing: [String] = []

    init(results: Results) { self.results = results }

    /// The result of benchmark `name`; nil, with `label` noted as missing, when this run has none.
    private mutating func measured(_ name: String, missing label: String) -> Measured? {
        guard let row = results.benchmarks[name] else {
            missing.append(label)
            return nil
        }
        return row
    }

    mutating func write() {
        let machine = results.machine
        line("# Benchmarks")
        line()
        line("Written by `make bench` on \(machine["date"] ?? "an unknown date"); every number below comes from that one run "
             + "(\(machine["seconds"].map { "\($0) s" } ?? "time unknown") of bench.sh before the report). Do not edit by hand: run `make bench`.")
        line()
        line("| machine | |")
        line("|---|---|")
        line("| cores (`nproc`) | \(machine["nproc"] ?? "?") |")
        line("| CPU | \(machine["cpu"] ?? "?") |")
        line("| load average (1, 5, 15 min) | \(machine["load"] ?? "?") |")
        line("| kernel | \(machine["kernel"] ?? "?") |")
        line("| Swift | \(machine["swift"] ?? "?") |")
        line("| target | nginx \(machine["nginx"] ?? "?"), one worker, on 127.0.0.1; wrk \(machine["wrk"] ?? "?") |")
        line()
        line("Other work on the machine shares its cores: a load average well above the core count means every "
             + "number below is slower than the same code on an idle machine, and the ratios, measured minutes apart, "
             + "carry that noise too. On the shared 2-core machine these tables were first made on, runs of unchanged "
             + "code differed by up to 2× on a single row even at low load, so a verdict close to its line (the URLSession "
             + "ratio, the router's flatness) can flip from one run to the next; the ones far from their line do not.")
        line()
        line("How to read it: *median* and *p99* are per operation. Each benchmark iteration does a batch of operations "
             + "(for HTTP, `c` workers each making 8 round trips in sequence; in process, from 1 to 1,000 operations, as each section says), and the iteration's "
             + "wall time is divided by the batch, so p99 is the 99th-percentile *batch* per operation, not a single request's "
             + "latency. *ops/s* is the batch divided by the median iteration. *CPU/op* is the process's CPU time (user and system, all its threads) per operation at the median: unlike wall time, it hardly grows when other work competes for the cores, so it is the steadier figure on a busy machine (read with `CLOCK_PROCESS_CPUTIME_ID` around each iteration; for HTTP it leaves out nginx, which runs in its own process). *allocs* counts every `malloc` in the process "
             + "(all threads, the event loops and curl's included) per operation, at the median. Ratios are ops/s over ops/s.")
        line()
        http()
        webhooks()
        router()
        outbox()
        memory()
        targets()
        choices()
        notMeasured()
    }

    /// Why the code is the way these numbers measure it (issue 17 asks for the JSON route's reason).
    private mutating func choices() {
        line("## Choices behind the numbers")
        line()
        for choice in Targets.choices { line("- \(choice)") }
        line()
    }

    // MARK: - Sections

    private mutating func http() {
        line("## HTTP round trips on loopback")
        line()
        line("Every client sends the Wasup adapter's exact send request (`POST /api/instances/{id}/send`, `X-API-Key`, JSON "
             + "body) to nginx, which answers a fixed Wasup-shaped success JSON (the emulator's answer, not the emulator: "
             + "the emulator would be the bottleneck). *Stack* is `WasupProvider.send` (request building, auth, JSON, "
             + "error mapping, reading the message id) over `CurlTransport`. "
             + "*Router* is the full stack: `MessageRouter.send(_:from:)` picking the instance by phone among 100 "
             + "connected Wasup instances, then the adapter, with the handoff guard a `SwitchboardClient` gives it: as an "
             + "automated send (the default) it first reads the chat's handoff from an `SQLiteStore` (WAL file), no "
             + "request. *Router human-origin* is the same with `origin: .human`, which skips that check. "
             + "wrk (`-t1`, same request from a Lua script) is the ceiling. AsyncHTTPClient's pool and URLSession's "
             + "connections per host are raised to 64 so that neither queues behind its default.")
        line()
        line("| client | concurrent | ops/s | median | p99 | CPU/op | allocs/op | × wrk | × AsyncHTTPClient |")
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        let clients = ["CurlTransport", "Stack", "Router", "Router human-origin", "AsyncHTTPClient", "URLSession"]
        var any = false
        for concurrency in [1, 16, 64] {
            let ahc = results.benchmarks["HTTP AsyncHTTPClient c=\(concurrency)"]?.perSecond
            let wrk = results.wrk[concurrency]
            for client in clients {
                guard let row = results.benchmarks["HTTP \(client) c=\(concurrency)"], let perSecond = row.perSecond else { continue }
                any = true
                line("| \(client) | \(concurrency) | \(rate(perSecond)) | \(time(row.medianNanos)) | \(time(row.p99Nanos)) | "
                     + "\(time(row.cpuNanos)) | \(count(row.mallocs)) | \(ratio(perSecond, wrk?.perSecond)) | \(ratio(perSecond, ahc)) |")
            }
            if let wrk {
                any = true
                line("| wrk (ceiling) | \(concurrency) | \(rate(wrk.perSecond)) | \(time(1e9 / wrk.perSecond)) | — | — | — | 1.00× | "
                     + "\(ratio(wrk.perSecond, ahc)) |")
            }
        }
        if !any { missing.append("HTTP round trips: no results (was nginx started?)") }
        line()
        if !results.wrk.isEmpty {
            let latencies = results.wrk.keys.sorted().compactMap { c -> String? in
                guard let run = results.wrk[c], let p50 = run.p50Micros, let p99 = run.p99Micros else { return nil }
                return "c=\(c): \(time(p50 * 1000)) / \(time(p99 * 1000))" + (run.non2xx > 0 ? " (\(run.non2xx) non-2xx!)" : "")
            }
            line("wrk's median for its row is 1/throughput; its own per-request latency, p50 / p99: \(latencies.joined(separator: "; ")).")
            line()
        }
        if let inProcess = results.benchmarks["Stack in-process"] {
            line("The stack over an in-process transport (no I/O: the adapter's work per send alone): "
                 + "\(time(inProcess.medianNanos)) median, \(time(inProcess.p99Nanos)) p99, \(time(inProcess.cpuNanos)) of CPU, "
                 + "\(count(inProcess.mallocs)) allocations, "
                 + "\(rate(inProcess.perSecond)) on one task.")
            line()
        }
    }

    private mutating func webhooks() {
        line("## Webhook deliveries, one core")
        line()
        line("Text-message deliveries as each provider posts them, each with its own message id, on one thread: 1,000 per "
             + "iteration for decode and verify, 100 for dedup. *verify* is the adapter's `verifyWebhook` (Wasup: the "
             + "per-instance URL token, HMAC-SHA256; Wawp: `X-Webhook-Hmac`, HMAC-SHA512 of the body and its "
             + "freshness). *verify + decode + dedup* is a whole `WebhookIngress.receive` with an `Inbox` over an "
             + "`SQLiteStore` (WAL file in a temp folder): verify, decode, and the event's dedup mark and inbox row "
             + "committed before it answers, as a webhook endpoint does. One delivery after another, no two share a "
             + "commit; with 16 in flight, as a server takes them, deliveries that arrive together share one (the "
             + "store's group commit).")
        line()
        line("| provider | work | deliveries/s | median | p99 | CPU/op | per CPU-second | allocs/op |")
        line("|---|---|---:|---:|---:|---:|---:|---:|")
        var rows = 0
        for provider in ["Wasup", "Wawp"] {
            for (work, label) in [("decode", "decode"), ("verify+decode", "verify + decode"), ("verify+decode+dedup", "verify + decode + dedup")] {
                guard let row = measured("Webhook \(provider) \(work)", missing: "Webhook \(provider) \(label)") else { continue }
                rows += 1
                line("| \(provider) | \(label) | \(rate(row.perSecond)) | \(time(row.medianNanos)) | \(time(row.p99Nanos)) | "
                     + "\(time(row.cpuNanos)) | \(rate(row.perCPUSecond)) | \(count(row.mallocs)) |")
            }
        }
        for provider in ["Wasup", "Wawp"] {
            guard let row = measured("Webhook \(provider) verify+decode+dedup c=16",
                                     missing: "Webhook \(provider) verify + decode + dedup, 16 in flight") else { continue }
            line("| \(provider) | verify + decode + dedup, SQLite, 16 in flight | \(rate(row.perSecond)) | "
                 + "\(time(row.medianNanos)) | \(time(row.p99Nanos)) | \(time(row.cpuNanos)) | \(rate(row.perCPUSecond)) | \(count(row.mallocs)) |")
        }
        for (name, label) in [("1 replica", "one replica"), ("3 replicas", "three replicas")] {
            guard let row = measured("Webhook Wasup verify+decode+dedup PostgreSQL \(name) c=16", missing: "Webhook Wasup verify + decode + dedup on PostgreSQL, \(label)") else { continue }
            line("| Wasup | verify + decode + dedup, PostgreSQL (fsync on), \(label), 16 in flight | \(rate(row.perSecond)) | "
                 + "\(time(row.medianNanos)) | \(time(row.p99Nanos)) | \(time(row.cpuNanos)) | \(rate(row.perCPUSecond)) | \(count(row.mallocs)) |")
        }
        line()
    }

    private mutating func router() {
        line("## Router: picking an instance by phone")
        line()
        line("`MessageRouter.send(_:from:)` with N connected instances, each on its own phone, over a provider that "
             + "answers sends at once: what is timed is the router's own work (planning the candidates for the phone, "
             + "marking the start, recording the success). Phones cycle over up to 1,000 instances spread over the table; "
             + "1,000 picks per iteration at every size (the 2026-11-22 run timed 10 at 10,000 and 1 at 100,000, so the "
             + "harness's own cost per iteration weighed on those rows).")
        line()
        line("| instances | picks/s | median | p99 | CPU/op | allocs/op |")
        line("|---:|---:|---:|---:|---:|---:|")
        for size in [100, 10_000, 100_000] {
            guard let row = measured("Router pick n=\(size)", missing: "Router pick among \(size) instances") else { continue }
            line("| \(size.formatted()) | \(rate(row.perSecond)) | \(time(row.medianNanos)) | \(time(row.p99Nanos)) | "
                 + "\(time(row.cpuNanos)) | \(count(row.mallocs)) |")
        }
        line()
    }

    private mutating func outbox() {
        line("## Outbox")
        line()
        line("| work | ops/s | median | p99 | CPU/op | allocs/op |")
        line("|---|---:|---:|---:|---:|---:|")
        for (name, label) in [("Outbox enqueue", "durable enqueue: `Outbox.enqueue`, committed to SQLite (WAL file) before it returns"),
                              ("Outbox enqueue batched", "durable enqueue, batched: `Outbox.enqueue(contentsOf:)` of 100 messages, one transaction"),
                              ("Outbox enqueue-to-sent", "enqueue to sent: 64 messages enqueued, then dispatched (4 at once, the default) through the router and the Wasup adapter to nginx"),
                              ("Outbox PostgreSQL enqueue 1 replica", "PostgreSQL (fsync on), durable enqueue, one replica, one at a time"),
                              ("Outbox PostgreSQL enqueue 3 replicas", "PostgreSQL, durable enqueue, three replicas (a store and pool each, one database), each one at a time"),
                              ("Outbox PostgreSQL enqueue 1 replica c=16", "PostgreSQL, durable enqueue, one replica, 16 in flight (group commit)"),
                              ("Outbox PostgreSQL enqueue batched", "PostgreSQL, durable enqueue, batched: `enqueue(contentsOf:)` of 96 messages"),
                              ("Outbox PostgreSQL enqueue-to-sent 1 dispatcher", "PostgreSQL, enqueue to sent: 64 messages, one dispatcher, through the router and Wasup adapter to nginx"),
                              ("Outbox PostgreSQL enqueue-to-sent 3 dispatchers", "PostgreSQL, enqueue to sent: 64 messages, three dispatchers (replicas) claiming with SKIP LOCKED")] {
            guard let row = measured(name, missing: "Outbox: \(label)") else { continue }
            line("| \(label) | \(rate(row.perSecond)) | \(time(row.medianNanos)) | \(time(row.p99Nanos)) | "
                 + "\(time(row.cpuNanos)) | \(count(row.mallocs)) |")
        }
        line()
    }

    private mutating func memory() {
        line("## Memory")
        line()
        guard let row = measured("Memory", missing: "Memory: resident size with 10,000 routed instances and 1,000 requests in flight") else { return }
        line("Resident size (VmRSS) of the benchmark process, in a process of its own: a `MessageRouter` whose table "
             + "holds 10,000 connected Wasup instances (the adapter over `CurlTransport`), then 1,000 automated "
             + "`MessageRouter.send` calls at once from phones spread over that table (each a handoff check, one read of "
             + "an `SQLiteStore`, and the send), while nginx holds requests back to 2,000 a second so that they are "
             + "outstanding together.")
        line()
        line("| state | resident |")
        line("|---|---:|")
        if let value = row.value("rssBaseline", 50) { line("| process at start (harness, Foundation, libcurl) | \(bytes(value)) |") }
        if let value = row.value("rssRouted", 50) { line("| router with 10,000 routed instances | \(bytes(value)) |") }
        if let value = row.value("rssInFlight", 50) {
            let most = row.value("inFlightPeak", 50).map { " (at most \(Int($0).formatted()) sends outstanding at once)" } ?? ""
            line("| the same, peak with 1,000 sends in flight\(most) | \(bytes(value)) |")
        }
        if let routed = row.value("rssRouted", 50), let start = row.value("rssBaseline", 50),
           let flight = row.value("rssInFlight", 50) {
            line()
            line(String(format: "About %.1f KiB per routed instance, and %.1f KiB per send in flight (connection, buffers, task).",
                        (routed - start) / 10_000 / 1024, (flight - routed) / 1_000 / 1024))
        }
        line()
    }

    private mutating func targets() {
        line("## Targets")
        line()
        line("| target | measured | verdict |")
        line("|---|---|---|")
        for target in Targets.all {
            let verdict = target.verdict(results)
            line("| \(target.title) | \(verdict.measured) | \(verdict.met.map { $0 ? "met" : "**not met**: \(verdict.gap)" } ?? "not measured") |")
        }
        line()
        let unmet = Targets.all.filter { $0.verdict(results).met == false }
        if !unmet.isEmpty {
            line("### What it would take")
            line()
            var remedies: [(titles: [String], remedy: String)] = []
            for target in unmet {
                let remedy = [target.evidence(results), target.remedy(results)].compactMap { $0 }.joined(separator: " ")
                if let index = remedies.firstIndex(where: { $0.remedy == remedy }) {
                    remedies[index].titles.append(target.title)
                } else {
                    remedies.append(([target.title], remedy))
                }
            }
            for (titles, remedy) in remedies {
                line("- **\(titles.joined(separator: "; "))**: \(remedy)")
                line()
            }
            line()
        }
    }

    private mutating func notMeasured() {
        line("## Departures from issues 9 and 17")
        line()
        for departure in Targets.departures { line("- \(departure)") }
        line()
        line("## Not measured in this run")
        line()
        if missing.isEmpty {
            line("Every row of issues 9 and 17 was measured.")
        }
        for row in missing { line("- \(row): its benchmark did not run (see `Benchmarks/.build/bench-results/benchmark.log`).") }
        line()
    }

    // MARK: - Text

    private mutating func line(_ text: String = "") { self.text += text + "\n" }
}

// MARK: - Formatting

func time(_ nanos: Double?) -> String {
    guard let nanos, nanos.isFinite else { return "—" }
    if nanos < 1_000 { return String(format: "%.0f ns", nanos) }
    if nanos < 1_000_000 { return String(format: nanos < 10_000 ? "%.2f µs" : "%.1f µs", nanos / 1_000) }
    return String(format: "%.2f ms", nanos / 1_000_000)
}

func rate(_ perSecond: Double?) -> String {
    guard let perSecond, perSecond.isFinite else { return "—" }
    if perSecond >= 1_000_000 { return String(format: "%.2f M", perSecond / 1_000_000) }
    return Int(perSecond.rounded()).formatted()
}

func ratio(_ value: Double?, _ base: Double?) -> String {
    guard let value, let base, base > 0 else { return "—" }
    return String(format: "%.2f×", value / base)
}

func count(_ value: Double?) -> String {
    guard let value else { return "—" }
    return value < 10 ? String(format: "%.1f", value) : Int(value.rounded()).formatted()
}

func bytes(_ value: Double) -> String { String(format: "%.1f MiB", value / 1_048_576) }
