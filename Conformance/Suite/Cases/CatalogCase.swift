import Switchboard

/// The last case: everything the adapter sent is defined by the provider's spec.
enum CatalogCase {
    static let noViolations = ConformanceCase("catalog.no-violations") { context in
        let requests = try await context.harness.requests()
        let offending = requests.filter { request in
            !(request["path"]?.string ?? "").hasPrefix("/__emulator") && !(request["violations"]?.array ?? []).isEmpty
        }
        guard offending.isEmpty else {
            let lines = offending.prefix(10).map { request in
                let problems = (request["violations"]?.array ?? []).map { $0["message"]?.string ?? "\($0)" }.joined(separator: "; ")
                return "\(request["method"]?.string ?? "?") \(request["path"]?.string ?? "?"): \(problems)"
            }
            throw ConformanceFailure("\(offending.count) request(s) outside the provider's spec: " + lines.joined(separator: " | "))
        }
        try context.expect(!requests.isEmpty, "the request log is empty: the adapter's requests were not recorded")
    }
}
