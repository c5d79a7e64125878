import LangoLimits

extension LimiterContract {
    /// A day window of 3: remaining counts down, reset and retry-after run to the window's end.
    static func quotaFigures(_ check: LimiterContractCheck) async throws {
        let reset = 15 * hour
        for n in 1...3 {
            try await check.expect(
                "request \(n) at 09:00", check.request(quotas: [today(3)], at: morning),
                allowed(.quota("day"), limit: 3, remaining: 3 - n, reset: reset))
        }
        try await check.expect(
            "request 4 at 09:00", check.request(quotas: [today(3)], at: morning),
            denied(.quota("day"), limit: 3, remaining: 0, reset: reset, retryAfter: reset, exceeded: .quota("day")))
        try await check.expect(
            "a request at 10:00", check.request(quotas: [today(3)], at: morning + hour),
            denied(
                .quota("day"), limit: 3, remaining: 0, reset: reset - hour, retryAfter: reset - hour, exceeded: .quota("day")))
    }

    /// Quotas without a rate: any number at the same instant, up to the quota.
    static func noRate(_ check: LimiterContractCheck) async throws {
        for n in 1...100 {
            try await check.expect(
                "request \(n) at 09:00", check.request(quotas: [today(100)], at: morning),
                allowed(.quota("day"), limit: 100, remaining: 100 - n, reset: 15 * hour))
        }
        try await check.expect(
            "request 101 at 09:00", check.request(quotas: [today(100)], at: morning),
            denied(
                .quota("day"), limit: 100, remaining: 0, reset: 15 * hour, retryAfter: 15 * hour, exceeded: .quota("day")))
    }

    /// A day of 2 and a month of 3 across the last day of a month and the first two of the next:
    /// each new window starts from zero (even when a day and a month start at the same instant),
    /// while a window that goes on keeps its count. A window is its name and start: the same
    /// name with another start (the day in another time zone) counts apart.
    static func dayAndMonthRollover(_ check: LimiterContractCheck) async throws {
        let lastDayWindows = [window("day", 2, from: lastDay, to: monthEnd), window("month", 3, from: monthStart, to: monthEnd)]
        for n in 1...2 {
            try await check.expect(
                "request \(n) at 09:00 on the last day of a month", check.request(quotas: lastDayWindows, at: lastDay + 9 * hour),
                allowed(.quota("day"), limit: 2, remaining: 2 - n, reset: 15 * hour))
        }
        try await check.expect(
            "request 3 at 09:00 on the last day of a month", check.request(quotas: lastDayWindows, at: lastDay + 9 * hour),
            denied(.quota("day"), limit: 2, remaining: 0, reset: 15 * hour, retryAfter: 15 * hour, exceeded: .quota("day")))
        try await check.expect(
            "a request 1/64 s before the month ends", check.request(quotas: lastDayWindows, at: monthEnd - 15_625),
            denied(.quota("day"), limit: 2, remaining: 0, reset: 15_625, retryAfter: 15_625, exceeded: .quota("day")))

        let firstDayWindows = [
            window("day", 2, from: monthEnd, to: monthEnd + day), window("month", 3, from: monthEnd, to: followingMonthEnd),
        ]
        for n in 1...2 {
            try await check.expect(
                "request \(n) at 00:00 on the 1st", check.request(quotas: firstDayWindows, at: monthEnd),
                allowed(.quota("day"), limit: 2, remaining: 2 - n, reset: day))
        }
        let secondDay = monthEnd + day
        let secondDayWindows = [
            window("day", 2, from: secondDay, to: secondDay + day), window("month", 3, from: monthEnd, to: followingMonthEnd),
        ]
        let monthReset = followingMonthEnd - (secondDay + 9 * hour)
        try await check.expect(
            "request 1 on the 2nd", check.request(quotas: secondDayWindows, at: secondDay + 9 * hour),
            allowed(.quota("month"), limit: 3, remaining: 0, reset: monthReset))
        try await check.expect(
            "request 2 on the 2nd", check.request(quotas: secondDayWindows, at: secondDay + 9 * hour),
            denied(
                .quota("month"), limit: 3, remaining: 0, reset: monthReset, retryAfter: monthReset,
                exceeded: .quota("month")))

        let nairobiDay = window("day", 1, from: t0 - 3 * hour, to: t0 + 21 * hour)
        try await check.expect(
            "zones: the UTC day", check.request("zones", quotas: [today(1)], at: morning),
            allowed(.quota("day"), limit: 1, remaining: 0, reset: 15 * hour))
        try await check.expect(
            "zones: the Nairobi day", check.request("zones", quotas: [nairobiDay], at: morning),
            allowed(.quota("day"), limit: 1, remaining: 0, reset: 12 * hour))
        try await check.expect(
            "zones: the UTC day again", check.request("zones", quotas: [today(1)], at: morning),
            denied(.quota("day"), limit: 1, remaining: 0, reset: 15 * hour, retryAfter: 15 * hour, exceeded: .quota("day")))
    }
}
