import LangoLimits

extension LimiterContract {
    /// The headers describe the limit with the least remaining after the request; on a tie the
    /// rate, then the quotas in request order.
    static func reportedLimit(_ check: LimiterContractCheck) async throws {
        let rate = eightPerSecond(burst: 4)
        let dayReset = 15 * hour
        let monthReset = monthEnd - morning
        try await check.expect(
            "rate and quotas all at 3", check.request("rate-tie", rate: rate, quotas: [today(4), thisMonth(4)], at: morning),
            allowed(.rate, limit: 4, remaining: 3, reset: interval))
        try await check.expect(
            "day and month both at 4", check.request("quota-tie", quotas: [today(5), thisMonth(5)], at: morning),
            allowed(.quota("day"), limit: 5, remaining: 4, reset: dayReset))
        try await check.expect(
            "month and day both at 4", check.request("quota-tie-reversed", quotas: [thisMonth(5), today(5)], at: morning),
            allowed(.quota("month"), limit: 5, remaining: 4, reset: monthReset))
        try await check.expect(
            "rate 3, day 99", check.request("rate-least", rate: rate, quotas: [today(100)], at: morning),
            allowed(.rate, limit: 4, remaining: 3, reset: interval))

        let least = [today(10), thisMonth(2)]
        try await check.expect(
            "rate 3, day 9, month 1", check.request("least", rate: rate, quotas: least, at: morning),
            allowed(.quota("month"), limit: 2, remaining: 1, reset: monthReset))
        try await check.expect(
            "rate 2, day 8, month 0", check.request("least", rate: rate, quotas: least, at: morning),
            allowed(.quota("month"), limit: 2, remaining: 0, reset: monthReset))
        try await check.expect(
            "refused by the month, which stays reported", check.request("least", rate: rate, quotas: least, at: morning),
            denied(
                .quota("month"), limit: 2, remaining: 0, reset: monthReset, retryAfter: monthReset,
                exceeded: .quota("month")))

        let single = eightPerSecond(burst: 1)
        try await check.expect(
            "rate and day both at 0", check.request("zero-tie", rate: single, quotas: [today(1)], at: morning),
            allowed(.rate, limit: 1, remaining: 0, reset: interval))
        try await check.expect(
            "refused by both, rate still reported", check.request("zero-tie", rate: single, quotas: [today(1)], at: morning),
            denied(.rate, limit: 1, remaining: 0, reset: interval, retryAfter: dayReset, exceeded: .quota("day")))
    }

    /// A refusal names the failing limit with the longest wait (a quota before the rate on a
    /// tie, quotas in request order); a limit no wait can satisfy counts as the longest and
    /// leaves no retry-after.
    static func exceededLimit(_ check: LimiterContractCheck) async throws {
        let single = eightPerSecond(burst: 1)
        for (name, windowLength, retryAfter, exceeded) in [
            ("quota-wins-tie", interval, interval, LimitDecision.Constraint.quota("day")),
            ("rate-longer", interval / 2, interval, .rate),
            ("quota-longer", second, second, .quota("day")),
        ] {
            let quotas = [window("day", 1, from: t0, to: morning + windowLength)]
            try await check.expect(
                "\(name): request 1", check.request(name, rate: single, quotas: quotas, at: morning),
                allowed(.rate, limit: 1, remaining: 0, reset: interval))
            try await check.expect(
                "\(name): request 2", check.request(name, rate: single, quotas: quotas, at: morning),
                denied(.rate, limit: 1, remaining: 0, reset: interval, retryAfter: retryAfter, exceeded: exceeded))
        }

        let endOfMonth = lastDay + 9 * hour
        let lastDayWindow = window("day", 1, from: lastDay, to: monthEnd)
        let month = window("month", 1, from: monthStart, to: monthEnd)
        for (name, quotas) in [("day-first", [lastDayWindow, month]), ("month-first", [month, lastDayWindow])] {
            let first = LimitDecision.Constraint.quota(quotas[0].name)
            try await check.expect(
                "\(name): request 1", check.request(name, quotas: quotas, at: endOfMonth),
                allowed(first, limit: 1, remaining: 0, reset: 15 * hour))
            try await check.expect(
                "\(name): request 2", check.request(name, quotas: quotas, at: endOfMonth),
                denied(first, limit: 1, remaining: 0, reset: 15 * hour, retryAfter: 15 * hour, exceeded: first))
        }

        let dayReset = 15 * hour
        try await check.expect(
            "rate-hopeless: request 1", check.request("rate-hopeless", rate: single, quotas: [today(2)], at: morning),
            allowed(.rate, limit: 1, remaining: 0, reset: interval))
        try await check.expect(
            "rate-hopeless: request 2", check.request("rate-hopeless", rate: single, quotas: [today(2)], at: morning + interval),
            allowed(.rate, limit: 1, remaining: 0, reset: interval))
        try await check.expect(
            "rate-hopeless: cost 2 above burst 1, day used up",
            check.request("rate-hopeless", cost: 2, rate: single, quotas: [today(2)], at: morning + interval),
            denied(.rate, limit: 1, remaining: 0, reset: interval, retryAfter: nil, exceeded: .rate))

        try await check.expect(
            "quota-hopeless: cost 4 above a quota of 3",
            check.request("quota-hopeless", cost: 4, rate: eightPerSecond(burst: 10), quotas: [today(3)], at: morning),
            denied(.quota("day"), limit: 3, remaining: 3, reset: dayReset, retryAfter: nil, exceeded: .quota("day")))
        try await check.expect(
            "both-hopeless: cost 2 above burst 1 and a quota of 1",
            check.request("both-hopeless", cost: 2, rate: single, quotas: [today(1)], at: morning),
            denied(.rate, limit: 1, remaining: 1, reset: 0, retryAfter: nil, exceeded: .quota("day")))

        let rate = eightPerSecond(burst: 4)
        try await check.expect(
            "mixed: cost 3", check.request("mixed", cost: 3, rate: rate, quotas: [today(3)], at: morning),
            allowed(.quota("day"), limit: 3, remaining: 0, reset: dayReset))
        try await check.expect(
            "mixed: cost 4, the rate waits 3T and the quota can never admit it",
            check.request("mixed", cost: 4, rate: rate, quotas: [today(3)], at: morning),
            denied(.quota("day"), limit: 3, remaining: 0, reset: dayReset, retryAfter: nil, exceeded: .quota("day")))
    }
}
