import Foundation
import LangoMetering
import Testing

@Suite struct UsageMeterTests {
    let noon = Date(timeIntervalSince1970: 1_780_005_600)

    @Test func sumsCallsUnderTheSameKeyAndDrainsThem() {
        let meter = UsageMeter()
        let key = UsageKey(appID: "app_a", product: "accounts", ruleID: "r1", status: 200, at: noon)
        meter.record(key, cost: 2)
        meter.record(key, cost: 2)
        meter.record(UsageKey(appID: "app_a", product: "accounts", ruleID: "r1", status: 429, at: noon), cost: 2)
        #expect(meter.pendingKeys == 2)
        let batch = meter.drain()
        #expect(batch[key] == UsageCounts(requests: 2, cost: 4))
        #expect(meter.drain().isEmpty)
    }

    @Test func restoresAFailedBatchMergedWithNewCalls() {
        let meter = UsageMeter()
        let key = UsageKey(appID: "app_a", product: "accounts", ruleID: "r1", status: 200, at: noon)
        meter.record(key, cost: 1)
        let failed = meter.drain()
        meter.record(key, cost: 1)
        meter.restore(failed)
        #expect(meter.drain()[key] == UsageCounts(requests: 2, cost: 2))
    }

    @Test func recordsFromManyTasksAreAllCounted() async {
        let meter = UsageMeter()
        let key = UsageKey(appID: "app_a", product: "accounts", ruleID: "r1", status: 200, at: noon)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<1_000 { group.addTask { meter.record(key, cost: 3) } }
        }
        #expect(meter.drain()[key] == UsageCounts(requests: 1_000, cost: 3_000))
    }
}
