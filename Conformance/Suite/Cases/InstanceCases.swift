import Switchboard

/// Instances: create, list, get, update, delete.
enum InstanceCases {
    static let all: [ConformanceCase] = [
        ConformanceCase("instances.create", requires: [.instancesCreate], needsHarness: false) { context in
            let instance = try await context.newInstance()
            try context.expect(!instance.id.isEmpty, "created instance has an empty id")
            try context.expect(instance.provider == context.provider.name, "instance.provider is \(instance.provider), not \(context.provider.name)")
            try context.expect(instance.status != .connected, "a new instance is already connected")
        },
        ConformanceCase("instances.list", requires: [.instancesCreate], needsHarness: false) { context in
            let instance = try await context.newInstance()
            let listed = try await context.provider.listInstances()
            try context.expect(listed.contains { $0.id == instance.id }, "list lacks \(instance.id): \(listed.map(\.id))")
        },
        ConformanceCase("instances.get", requires: [.instancesCreate], needsHarness: false) { context in
            let instance = try await context.newInstance()
            let fetched = try await context.provider.instance(instance.id)
            try context.expect(fetched.id == instance.id, "asked for \(instance.id), got \(fetched.id)")
            try context.expect(fetched.status == .disconnected, "a new instance is \(fetched.status), not disconnected")
        },
        ConformanceCase("instances.update", requires: [.instancesCreate, .instancesUpdate], needsHarness: false) { context in
            let instance = try await context.newInstance()
            let updated = try await context.provider.updateInstance(instance.id, InstanceUpdate(name: "conformance renamed"))
            try context.expect(updated.name == "conformance renamed", "update returned name \(updated.name ?? "nil")")
            let fetched = try await context.provider.instance(instance.id)
            try context.expect(fetched.name == "conformance renamed", "the new name did not stick: \(fetched.name ?? "nil")")
        },
        ConformanceCase("instances.delete", requires: [.instancesCreate, .instancesDelete], needsHarness: false) { context in
            let instance = try await context.newInstance()
            try await context.provider.deleteInstance(instance.id)
            try await context.expectError(.notFound, "get after delete") { try await context.provider.instance(instance.id) }
        },
    ]
}
