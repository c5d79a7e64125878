import LangoContractTesting
import LangoLimits

extension LimiterContract {
    /// Simultaneous acquires on one subject admit exactly what the limits allow, each allowed
    /// one sees its own count, and the refused ones consume nothing.
    static func concurrency(_ check: LimiterContractCheck) async throws {
        let dayReset = 15 * hour
        let quota = try await concurrently(
            check, "200 requests, quota 50", count: 200, check.request("quota", quotas: [today(50)], at: morning))
        try expectAllowed(check, "200 requests, quota 50", quota, remaining: Array(0..<50)) {
            allowed(.quota("day"), limit: 50, remaining: $0, reset: dayReset)
        } denied: {
            denied(.quota("day"), limit: 50, remaining: 0, reset: dayReset, retryAfter: dayReset, exceeded: .quota("day"))
        }
        try await check.expect(
            "one more after them", check.request("quota", quotas: [today(50)], at: morning),
            denied(.quota("day"), limit: 50, remaining: 0, reset: dayReset, retryAfter: dayReset, exceeded: .quota("day")))

        let rate = eightPerSecond(burst: 20)
        let burst = try await concurrently(check, "100 requests, burst 20", count: 100, check.request("rate", rate: rate, at: t0))
        try expectAllowed(check, "100 requests, burst 20", burst, remaining: Array(0..<20)) {
            allowed(.rate, limit: 20, remaining: $0, reset: Int64(20 - $0) * interval)
        } denied: {
            denied(.rate, limit: 20, remaining: 0, reset: 20 * interval, retryAfter: interval, exceeded: .rate)
        }

        let weighted = try await concurrently(
            check, "60 requests of cost 3, quota 100", count: 60,
            check.request("weighted", cost: 3, quotas: [today(100)], at: morning))
        try expectAllowed(check, "60 requests of cost 3, quota 100", weighted, remaining: Array(stride(from: 1, to: 100, by: 3)))
        {
            allowed(.quota("day"), limit: 100, remaining: $0, reset: dayReset)
        } denied: {
            denied(.quota("day"), limit: 100, remaining: 1, reset: dayReset, retryAfter: dayReset, exceeded: .quota("day"))
        }

        let combinedRate = eightPerSecond(burst: 30)
        let combined = try await concurrently(
            check, "60 requests, burst 30, quota 20", count: 60,
            check.request("combined", rate: combinedRate, quotas: [today(20)], at: morning))
        try expectAllowed(check, "60 requests, burst 30, quota 20", combined, remaining: Array(0..<20)) {
            allowed(.quota("day"), limit: 20, remaining: $0, reset: dayReset)
        } denied: {
            denied(.quota("day"), limit: 20, remaining: 0, reset: dayReset, retryAfter: dayReset, exceeded: .quota("day"))
        }
        try await check.expect(
            "the rate after them has used 21 of 30", check.request("combined", rate: combinedRate, at: morning),
            allowed(.rate, limit: 30, remaining: 9, reset: 21 * interval))
    }

    /// Sends `count` copies of `request` at once and collects the decisions.
    private static func concurrently(_ check: LimiterContractCheck, _ label: String, count: Int, _ request: LimitRequest)
        async throws(ContractViolation) -> [LimitDecision]
    {
        let limiter = check.limiter
        do {
            return try await withThrowingTaskGroup(of: LimitDecision.self) { group in
                for _ in 0..<count {
                    group.addTask { try await limiter.acquire(request) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        } catch {
            throw .unexpectedError(contract: LimiterContract.contractName, check: check.name, subject: label, error)
        }
    }

    /// Requires the allowed decisions to have exactly the `remaining` figures (in any order),
    /// each as `allowed` describes it, and every other decision to be `denied`.
    private static func expectAllowed(
        _ check: LimiterContractCheck, _ label: String, _ decisions: [LimitDecision], remaining: [Int],
        allowed: (Int) -> LimitDecision, denied: () -> LimitDecision
    ) throws(ContractViolation) {
        let admitted = decisions.filter(\.allowed)
        try check.expect("\(label): how many were allowed", admitted.count, equals: remaining.count)
        try check.expect("\(label): remaining of the allowed ones", admitted.map(\.remaining).sorted(), equals: remaining)
        for decision in admitted {
            try check.expect("\(label): an allowed decision", decision, equals: allowed(decision.remaining))
        }
        for decision in decisions where !decision.allowed {
            try check.expect("\(label): a refused decision", decision, equals: denied())
        }
    }
}
