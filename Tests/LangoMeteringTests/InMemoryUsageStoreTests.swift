import Foundation
import LangoContractTesting
import LangoMetering
import LangoMeteringTesting
import Synchronization
import Testing

@Suite struct InMemoryUsageStoreTests {
    @Test func meetsTheUsageStoreContract() async throws {
        try await UsageStoreContract.verify { InMemoryUsageStore() }
    }

    /// Ways a usage store can be wrong that the contract must notice.
    enum Fault: CaseIterable, Sendable {
        case replacesInsteadOfAdding, ignoresTheApp, includesTheEndHour
    }

    @Test(arguments: Fault.allCases)
    func theContractCatchesABrokenStore(fault: Fault) async {
        await #expect(throws: ContractViolation.self) {
            try await UsageStoreContract.verify { FaultyUsageStore(fault) }
        }
    }
}

/// A usage store with one deliberate fault.
private final class FaultyUsageStore: UsageStore {
    let fault: InMemoryUsageStoreTests.Fault
    let stored = Mutex<[UsageKey: UsageCounts]>([:])

    init(_ fault: InMemoryUsageStoreTests.Fault) {
        self.fault = fault
    }

    func add(_ batch: [UsageKey: UsageCounts]) {
        let replaces = fault == .replacesInsteadOfAdding
        stored.withLock { $0.merge(batch) { old, new in replaces ? new : old + new } }
    }

    func totals(appID: String?, from: Date, to: Date) -> [UsageTotal] {
        let correct = InMemoryUsageStore()
        correct.add(stored.withLock { $0 })
        return switch fault {
        case .ignoresTheApp: correct.totals(appID: nil, from: from, to: to)
        case .includesTheEndHour: correct.totals(appID: appID, from: from, to: to.addingTimeInterval(1))
        case .replacesInsteadOfAdding: correct.totals(appID: appID, from: from, to: to)
        }
    }
}
