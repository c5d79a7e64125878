import LangoLimits

extension LimiterContract {
    /// T = 125 ms, B = 4: four requests at once, then one per T; a rested rate is whole again,
    /// and a partly recovered one rounds its remaining down.
    static func burstThenSteadyRate(_ check: LimiterContractCheck) async throws {
        let rate = eightPerSecond(burst: 4)
        for n in 1...4 {
            try await check.expect(
                "request \(n) at t0", check.request(rate: rate, at: t0),
                allowed(.rate, limit: 4, remaining: 4 - n, reset: Int64(n) * interval))
        }
        try await check.expect(
            "request 5 at t0", check.request(rate: rate, at: t0),
            denied(.rate, limit: 4, remaining: 0, reset: 4 * interval, retryAfter: interval, exceeded: .rate))
        try await check.expect(
            "a request at t0 + T/2", check.request(rate: rate, at: t0 + interval / 2),
            denied(.rate, limit: 4, remaining: 0, reset: 437_500, retryAfter: 62_500, exceeded: .rate))
        for n in 1...5 {
            let now = t0 + Int64(n) * interval
            try await check.expect(
                "the steady request at t0 + \(n)T", check.request(rate: rate, at: now),
                allowed(.rate, limit: 4, remaining: 0, reset: 4 * interval))
            try await check.expect(
                "a second request at t0 + \(n)T", check.request(rate: rate, at: now),
                denied(.rate, limit: 4, remaining: 0, reset: 4 * interval, retryAfter: interval, exceeded: .rate))
        }
        let rested = t0 + 10 * second
        try await check.expect(
            "the first request after a rest", check.request(rate: rate, at: rested),
            allowed(.rate, limit: 4, remaining: 3, reset: interval))
        try await check.expect(
            "the second request after a rest", check.request(rate: rate, at: rested),
            allowed(.rate, limit: 4, remaining: 2, reset: 2 * interval))
        // TAT is rested + 2T; 0.75 T later a request leaves 1.75 T of room: 1 whole request.
        try await check.expect(
            "a request 0.75 T later", check.request(rate: rate, at: rested + 93_750),
            allowed(.rate, limit: 4, remaining: 1, reset: 281_250))
    }

    /// The seed plans' 1,000 per minute with burst 100 (T = 60 ms).
    static func seedRateFigures(_ check: LimiterContractCheck) async throws {
        for n in 1...100 {
            try await check.expect(
                "request \(n) at t0", check.request(rate: seedRate, at: t0),
                allowed(.rate, limit: 100, remaining: 100 - n, reset: Int64(n) * 60_000))
        }
        try await check.expect(
            "request 101 at t0", check.request(rate: seedRate, at: t0),
            denied(.rate, limit: 100, remaining: 0, reset: 6_000_000, retryAfter: 60_000, exceeded: .rate))
        try await check.expect(
            "a request at t0 + 62.5 ms", check.request(rate: seedRate, at: t0 + 62_500),
            allowed(.rate, limit: 100, remaining: 0, reset: 5_997_500))
        try await check.expect(
            "a second request at t0 + 62.5 ms", check.request(rate: seedRate, at: t0 + 62_500),
            denied(.rate, limit: 100, remaining: 0, reset: 5_997_500, retryAfter: 57_500, exceeded: .rate))
    }

    /// A cost above the burst, or above a quota's whole limit, is refused with no retry-after
    /// and consumes nothing.
    static func costAboveBurstOrQuota(_ check: LimiterContractCheck) async throws {
        let rate = eightPerSecond(burst: 4)
        try await check.expect(
            "cost 5 with burst 4", check.request("rate", cost: 5, rate: rate, at: t0),
            denied(.rate, limit: 4, remaining: 4, reset: 0, retryAfter: nil, exceeded: .rate))
        try await check.expect(
            "cost 4 next", check.request("rate", cost: 4, rate: rate, at: t0),
            allowed(.rate, limit: 4, remaining: 0, reset: 4 * interval))
        try await check.expect(
            "cost 5 with the burst used up", check.request("rate", cost: 5, rate: rate, at: t0),
            denied(.rate, limit: 4, remaining: 0, reset: 4 * interval, retryAfter: nil, exceeded: .rate))

        let reset = t0 + day - morning
        try await check.expect(
            "cost 4 with a quota of 3", check.request("quota", cost: 4, quotas: [today(3)], at: morning),
            denied(.quota("day"), limit: 3, remaining: 3, reset: reset, retryAfter: nil, exceeded: .quota("day")))
        try await check.expect(
            "cost 3 next", check.request("quota", cost: 3, quotas: [today(3)], at: morning),
            allowed(.quota("day"), limit: 3, remaining: 0, reset: reset))
    }
}
