import LangoLimits

extension LimiterContract {
    /// A request of cost `c` counts as `c` requests against the rate and every quota.
    static func costWeighting(_ check: LimiterContractCheck) async throws {
        let reset = 15 * hour
        for (cost, remaining) in [(4, 6), (4, 2)] {
            try await check.expect(
                "cost \(cost) leaving \(remaining)", check.request("quota", cost: cost, quotas: [today(10)], at: morning),
                allowed(.quota("day"), limit: 10, remaining: remaining, reset: reset))
        }
        try await check.expect(
            "cost 4 with 2 left", check.request("quota", cost: 4, quotas: [today(10)], at: morning),
            denied(.quota("day"), limit: 10, remaining: 2, reset: reset, retryAfter: reset, exceeded: .quota("day")))
        try await check.expect(
            "cost 2 with 2 left", check.request("quota", cost: 2, quotas: [today(10)], at: morning),
            allowed(.quota("day"), limit: 10, remaining: 0, reset: reset))

        let rate = eightPerSecond(burst: 10)
        try await check.expect(
            "cost 4 of burst 10", check.request("rate", cost: 4, rate: rate, at: t0),
            allowed(.rate, limit: 10, remaining: 6, reset: 4 * interval))
        try await check.expect(
            "cost 6 of the 6 left", check.request("rate", cost: 6, rate: rate, at: t0),
            allowed(.rate, limit: 10, remaining: 0, reset: 10 * interval))
        try await check.expect(
            "cost 3 with none left", check.request("rate", cost: 3, rate: rate, at: t0),
            denied(.rate, limit: 10, remaining: 0, reset: 10 * interval, retryAfter: 3 * interval, exceeded: .rate))
        try await check.expect(
            "cost 3 after 3T", check.request("rate", cost: 3, rate: rate, at: t0 + 3 * interval),
            allowed(.rate, limit: 10, remaining: 0, reset: 10 * interval))
    }

    /// A refused request consumes neither the rate nor any quota, whichever limit refused it.
    static func deniedRequestsConsumeNothing(_ check: LimiterContractCheck) async throws {
        let dayReset = 15 * hour
        let rate = eightPerSecond(burst: 4)
        try await check.expect(
            "quota-refusal: request 1", check.request("quota-refusal", rate: rate, quotas: [today(1)], at: morning),
            allowed(.quota("day"), limit: 1, remaining: 0, reset: dayReset))
        try await check.expect(
            "quota-refusal: request 2, refused by the quota",
            check.request("quota-refusal", rate: rate, quotas: [today(1)], at: morning),
            denied(.quota("day"), limit: 1, remaining: 0, reset: dayReset, retryAfter: dayReset, exceeded: .quota("day")))
        try await check.expect(
            "quota-refusal: the rate alone has used 2 of 4", check.request("quota-refusal", rate: rate, at: morning),
            allowed(.rate, limit: 4, remaining: 2, reset: 2 * interval))

        let single = eightPerSecond(burst: 1)
        try await check.expect(
            "rate-refusal: request 1", check.request("rate-refusal", rate: single, quotas: [today(2)], at: morning),
            allowed(.rate, limit: 1, remaining: 0, reset: interval))
        try await check.expect(
            "rate-refusal: request 2, refused by the rate",
            check.request("rate-refusal", rate: single, quotas: [today(2)], at: morning),
            denied(.rate, limit: 1, remaining: 0, reset: interval, retryAfter: interval, exceeded: .rate))
        try await check.expect(
            "rate-refusal: request 3 after T, the quota's second unit",
            check.request("rate-refusal", rate: single, quotas: [today(2)], at: morning + interval),
            allowed(.rate, limit: 1, remaining: 0, reset: interval))
        let later = morning + 2 * interval
        try await check.expect(
            "rate-refusal: request 4 after 2T, refused by the quota",
            check.request("rate-refusal", rate: single, quotas: [today(2)], at: later),
            denied(
                .quota("day"), limit: 2, remaining: 0, reset: t0 + day - later, retryAfter: t0 + day - later,
                exceeded: .quota("day")))
    }

    /// Counts belong to the subject and the window, not to the limits: new limits apply to the
    /// counts so far.
    static func limitChangeKeepsTheCounts(_ check: LimiterContractCheck) async throws {
        let reset = 15 * hour
        for n in 1...3 {
            try await check.expect(
                "request \(n) with a quota of 5", check.request("quota", quotas: [today(5)], at: morning),
                allowed(.quota("day"), limit: 5, remaining: 5 - n, reset: reset))
        }
        try await check.expect(
            "the quota lowered to 4", check.request("quota", quotas: [today(4)], at: morning),
            allowed(.quota("day"), limit: 4, remaining: 0, reset: reset))
        try await check.expect(
            "the quota lowered to 2, below the count", check.request("quota", quotas: [today(2)], at: morning),
            denied(.quota("day"), limit: 2, remaining: 0, reset: reset, retryAfter: reset, exceeded: .quota("day")))
        try await check.expect(
            "the quota raised to 10", check.request("quota", quotas: [today(10)], at: morning),
            allowed(.quota("day"), limit: 10, remaining: 5, reset: reset))

        for n in 1...2 {
            try await check.expect(
                "request \(n) at 8/s burst 4", check.request("rate", rate: eightPerSecond(burst: 4), at: t0),
                allowed(.rate, limit: 4, remaining: 4 - n, reset: Int64(n) * interval))
        }
        try await check.expect(
            "the rate raised to 16/s burst 8",
            check.request("rate", rate: RateLimit(limit: 16, period: .seconds(1), burst: 8), at: t0),
            allowed(.rate, limit: 8, remaining: 3, reset: 312_500))
        try await check.expect(
            "the rate lowered to 1/s burst 1",
            check.request("rate", rate: RateLimit(limit: 1, period: .seconds(1), burst: 1), at: t0),
            denied(.rate, limit: 1, remaining: 0, reset: 312_500, retryAfter: 312_500, exceeded: .rate))
    }

    /// Without quotas only the rate limits an app, however long it keeps going; with neither,
    /// everything is allowed and there is nothing to report.
    static func unlimited(_ check: LimiterContractCheck) async throws {
        let rate = eightPerSecond(burst: 4)
        for n in 1...4 {
            try await check.expect(
                "rate only: request \(n) at t0", check.request("rate-only", rate: rate, at: t0),
                allowed(.rate, limit: 4, remaining: 4 - n, reset: Int64(n) * interval))
        }
        for n in 1...200 {
            try await check.expect(
                "rate only: the steady request at t0 + \(n)T",
                check.request("rate-only", rate: rate, at: t0 + Int64(n) * interval),
                allowed(.rate, limit: 4, remaining: 0, reset: 4 * interval))
        }
        try await check.expect(
            "rate only: one more at t0 + 200T", check.request("rate-only", rate: rate, at: t0 + 200 * interval),
            denied(.rate, limit: 4, remaining: 0, reset: 4 * interval, retryAfter: interval, exceeded: .rate))

        for cost in [1, 1_000, 1_000_000, 1, 0] {
            try await check.expect("cost \(cost) without limits", check.request(cost: cost, at: t0), .unconstrained)
        }
    }

    /// Cost 0 is always allowed, reports the limits as they are, and consumes nothing — even on
    /// used-up limits, or limits lowered below what has been used.
    static func zeroCost(_ check: LimiterContractCheck) async throws {
        let rate = eightPerSecond(burst: 4)
        let dayReset = 15 * hour
        try await check.expect(
            "fresh: cost 0", check.request("fresh", cost: 0, rate: rate, quotas: [today(3)], at: morning),
            allowed(.quota("day"), limit: 3, remaining: 3, reset: dayReset))
        try await check.expect(
            "fresh: cost 1 after cost 0", check.request("fresh", rate: rate, quotas: [today(3)], at: morning),
            allowed(.quota("day"), limit: 3, remaining: 2, reset: dayReset))
        try await check.expect(
            "fresh: the rate has used 1", check.request("fresh", cost: 0, rate: rate, at: morning),
            allowed(.rate, limit: 4, remaining: 3, reset: interval))

        _ = try await check.acquire(
            "used-up: cost 4", check.request("used-up", cost: 4, rate: rate, quotas: [today(4)], at: morning))
        try await check.expect(
            "used-up: cost 0", check.request("used-up", cost: 0, rate: rate, quotas: [today(4)], at: morning),
            allowed(.rate, limit: 4, remaining: 0, reset: 4 * interval))
        try await check.expect(
            "used-up: cost 0 on the quota alone", check.request("used-up", cost: 0, quotas: [today(4)], at: morning),
            allowed(.quota("day"), limit: 4, remaining: 0, reset: dayReset))
        try await check.expect(
            "used-up: cost 0 with the quota lowered to 1", check.request("used-up", cost: 0, quotas: [today(1)], at: morning),
            allowed(.quota("day"), limit: 1, remaining: 0, reset: dayReset))
        try await check.expect(
            "used-up: cost 0 with the rate lowered to burst 1",
            check.request("used-up", cost: 0, rate: eightPerSecond(burst: 1), at: morning),
            allowed(.rate, limit: 1, remaining: 0, reset: 4 * interval))
        try await check.expect(
            "used-up: cost 1 is still refused", check.request("used-up", rate: rate, quotas: [today(5)], at: morning),
            denied(.rate, limit: 4, remaining: 0, reset: 4 * interval, retryAfter: interval, exceeded: .rate))
    }

    /// Each subject has its own counters; subject names are compared exactly.
    static func separateSubjects(_ check: LimiterContractCheck) async throws {
        let rate = eightPerSecond(burst: 2)
        let dayReset = 15 * hour
        for subject in ["app", "App"] {
            try await check.expect(
                "\(subject): request 1", check.request(subject, rate: rate, quotas: [today(2)], at: morning),
                allowed(.rate, limit: 2, remaining: 1, reset: interval))
        }
        try await check.expect(
            "app: request 2", check.request("app", rate: rate, quotas: [today(2)], at: morning),
            allowed(.rate, limit: 2, remaining: 0, reset: 2 * interval))
        try await check.expect(
            "app: request 3", check.request("app", rate: rate, quotas: [today(2)], at: morning),
            denied(.rate, limit: 2, remaining: 0, reset: 2 * interval, retryAfter: dayReset, exceeded: .quota("day")))
        try await check.expect(
            "App: request 2", check.request("App", rate: rate, quotas: [today(2)], at: morning),
            allowed(.rate, limit: 2, remaining: 0, reset: 2 * interval))
        try await check.expect(
            "another app: request 1", check.request("app-2", rate: rate, quotas: [today(2)], at: morning),
            allowed(.rate, limit: 2, remaining: 1, reset: interval))
    }

    /// A negative cost or a window that does not end after it starts is refused as invalid,
    /// and consumes nothing.
    static func invalidRequests(_ check: LimiterContractCheck) async throws {
        let rate = eightPerSecond(burst: 4)
        try await check.expectInvalid("cost -1 without limits", check.request(cost: -1, at: morning))
        try await check.expectInvalid(
            "cost -1 with limits", check.request(cost: -1, rate: rate, quotas: [today(5)], at: morning))
        try await check.expectInvalid(
            "a window ending as it starts", check.request(quotas: [window("day", 5, from: morning, to: morning)], at: morning))
        try await check.expectInvalid(
            "a window ending before it starts",
            check.request(quotas: [window("day", 5, from: t0 + day, to: t0)], at: morning))
        try await check.expectInvalid(
            "a valid and an invalid window",
            check.request(rate: rate, quotas: [today(5), window("month", 5, from: monthEnd, to: monthStart)], at: morning))
        try await check.expectInvalid(
            "a rolling window of no length", check.request(rolling: RollingWindow(name: "unattended", limit: 4, length: .zero), at: morning))
        try await check.expect(
            "a valid request after the invalid ones", check.request(rate: rate, quotas: [today(5)], at: morning),
            allowed(.rate, limit: 4, remaining: 3, reset: interval))
    }
}
