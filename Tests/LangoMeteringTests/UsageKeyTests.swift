import Foundation
import LangoMetering
import Testing

@Suite struct UsageKeyTests {
    @Test func bucketsByUTCHourAndStatusClass() {
        let key = UsageKey(appID: "a", product: "p", ruleID: "r", status: 404, at: Date(timeIntervalSince1970: 1_780_005_599))
        #expect(key.hour == Date(timeIntervalSince1970: 1_780_002_000))
        #expect(key.statusClass == "4xx")
        #expect(UsageKey(appID: "a", product: "p", ruleID: "r", status: 201, at: .now).statusClass == "2xx")
        #expect(UsageKey(appID: "a", product: "p", ruleID: "r", status: 504, at: .now).statusClass == "5xx")
    }
}
