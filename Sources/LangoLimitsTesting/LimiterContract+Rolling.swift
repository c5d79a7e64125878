import LangoLimits

extension LimiterContract {
    /// 4 a day, rolling: the count is of the 24 hours before each request, never of a calendar day.
    static func fourADay() -> RollingWindow {
        RollingWindow(name: "unattended", limit: 4, length: .seconds(86_400))
    }

    /// Four requests at 00:00, 01:00, 02:00 and 03:00: the fifth waits for the first to leave,
    /// at 00:00 the next day, which admits one more; right after midnight the window is full
    /// again (a calendar day would have admitted four more), and each refusal waits for the unit
    /// that must leave.
    static func rollingWindow(_ check: LimiterContractCheck) async throws {
        let window = fourADay()
        for n in 0..<4 {
            let at = t0 + Int64(n) * hour
            try await check.expect(
                "request \(n + 1) at 0\(n):00", check.request(rolling: window, at: at),
                allowed(.quota("unattended"), limit: 4, remaining: 3 - n, reset: day - Int64(n) * hour))
        }
        try await check.expect(
            "request 5 at 23:00", check.request(rolling: window, at: t0 + 23 * hour),
            denied(.quota("unattended"), limit: 4, remaining: 0, reset: hour, retryAfter: hour, exceeded: .quota("unattended")))
        try await check.expect(
            "a request as the first leaves, at 00:00 the next day", check.request(rolling: window, at: t0 + day),
            allowed(.quota("unattended"), limit: 4, remaining: 0, reset: hour))
        let halfHour = hour / 2
        try await check.expect(
            "a request at 00:30 the next day", check.request(rolling: window, at: t0 + day + halfHour),
            denied(.quota("unattended"), limit: 4, remaining: 0, reset: halfHour, retryAfter: halfHour, exceeded: .quota("unattended")))
        try await check.expect(
            "cost 2 at 00:30 waits for the second to leave", check.request(cost: 2, rolling: window, at: t0 + day + halfHour),
            denied(
                .quota("unattended"), limit: 4, remaining: 0, reset: halfHour, retryAfter: hour + halfHour,
                exceeded: .quota("unattended")))
        try await check.expect(
            "cost 5 can never fit", check.request(cost: 5, rolling: window, at: t0 + day + halfHour),
            denied(.quota("unattended"), limit: 4, remaining: 0, reset: halfHour, retryAfter: nil, exceeded: .quota("unattended")))
        try await check.expect(
            "cost 0 passes a full window", check.request(cost: 0, rolling: window, at: t0 + day + halfHour),
            allowed(.quota("unattended"), limit: 4, remaining: 0, reset: halfHour))
        try await check.expect(
            "a day after the last, the window is empty", check.request(cost: 0, rolling: window, at: t0 + 2 * day),
            allowed(.quota("unattended"), limit: 4, remaining: 4, reset: 0))
    }

    /// A rolling window of 1 with a day quota of 5: the tighter one is reported, and a request
    /// the rolling window refuses takes nothing from the quota.
    static func rollingWindowWithAQuota(_ check: LimiterContractCheck) async throws {
        let once = RollingWindow(name: "unattended", limit: 1, length: .seconds(3_600))
        try await check.expect(
            "request 1 at 09:00", check.request(quotas: [today(5)], rolling: once, at: morning),
            allowed(.quota("unattended"), limit: 1, remaining: 0, reset: hour))
        try await check.expect(
            "request 2 at 09:30", check.request(quotas: [today(5)], rolling: once, at: morning + hour / 2),
            denied(.quota("unattended"), limit: 1, remaining: 0, reset: hour / 2, retryAfter: hour / 2, exceeded: .quota("unattended")))
        try await check.expect(
            "the quota alone at 09:30", check.request(quotas: [today(5)], at: morning + hour / 2),
            allowed(.quota("day"), limit: 5, remaining: 3, reset: 15 * hour - hour / 2))
    }
}
