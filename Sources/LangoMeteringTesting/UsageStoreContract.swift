import Foundation
import LangoContractTesting
import LangoMetering

/// The behaviour every ``UsageStore`` must show, checked against a fresh, empty store. Throws a
/// `ContractViolation` at the first broken expectation.
public enum UsageStoreContract {
    public static func verify(_ makeEmptyStore: () async throws -> any UsageStore) async throws {
        let store = try await makeEmptyStore()
        let hour = Date(timeIntervalSince1970: 1_780_002_000)
        let later = hour.addingTimeInterval(3_600)
        func key(_ app: String, _ product: String, _ rule: String, _ status: String, _ at: Date) -> UsageKey {
            UsageKey(appID: app, product: product, ruleID: rule, statusClass: status, hour: at)
        }

        let empty = try await store.totals(appID: nil, from: .distantPast, to: .distantFuture)
        try expect(empty, [], "a new store is empty", "totals of every app")

        try await store.add([
            key("app_a", "accounts", "r1", "2xx", hour): UsageCounts(requests: 3, cost: 5),
            key("app_a", "accounts", "r2", "2xx", hour): UsageCounts(requests: 1, cost: 2),
            key("app_a", "accounts", "r1", "4xx", hour): UsageCounts(requests: 2, cost: 0),
            key("app_b", "sandbox", "r3", "2xx", later): UsageCounts(requests: 7, cost: 7),
        ])
        // Adding to keys already stored grows them.
        try await store.add([key("app_a", "accounts", "r1", "2xx", hour): UsageCounts(requests: 1, cost: 2)])
        try await store.add([:])

        let all = try await store.totals(appID: nil, from: .distantPast, to: .distantFuture)
        try expect(
            all,
            [
                UsageTotal(appID: "app_a", product: "accounts", statusClass: "2xx", counts: UsageCounts(requests: 5, cost: 9)),
                UsageTotal(appID: "app_a", product: "accounts", statusClass: "4xx", counts: UsageCounts(requests: 2, cost: 0)),
                UsageTotal(appID: "app_b", product: "sandbox", statusClass: "2xx", counts: UsageCounts(requests: 7, cost: 7)),
            ], "adding sums across rules and batches", "totals ordered by app, product, status class")

        let onlyB = try await store.totals(appID: "app_b", from: .distantPast, to: .distantFuture)
        try expect(onlyB.map(\.appID), ["app_b"], "filtering by app", "apps in the totals of app_b")
        let firstHour = try await store.totals(appID: nil, from: hour, to: later)
        try expect(Set(firstHour.map(\.appID)), ["app_a"], "the range excludes hours at or after `to`", "apps in the first hour")
        let secondHour = try await store.totals(appID: nil, from: later, to: .distantFuture)
        try expect(secondHour.map(\.appID), ["app_b"], "the range includes hours at `from`", "apps from the second hour on")
    }

    private static func expect<Value: Equatable>(_ actual: Value, _ expected: Value, _ check: String, _ subject: String) throws {
        try ContractViolation.expect(actual, equals: expected, contract: "usage store", check: check, subject: subject)
    }
}
