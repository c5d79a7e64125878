import Foundation
import LangoLimitsTesting
import LangoRedis
import LangoRedisTesting
import Logging
import Testing

@testable import LangoLimits

@Suite struct RedisLimiterTests {
    // Instants in µs since 1970: 2030-03-10T00:00Z, its day's end, and its month's bounds.
    private static let t0: Int64 = 1_899_331_200_000_000
    private static let dayEnd: Int64 = 1_899_417_600_000_000
    private static let monthStart: Int64 = 1_898_553_600_000_000
    private static let monthEnd: Int64 = 1_901_232_000_000_000
    private static let nextMonthEnd: Int64 = 1_903_824_000_000_000
    private static let day: Int64 = 86_400_000_000
    /// 10 requests per second: T = 100,000 µs.
    private static let interval: Int64 = 100_000

    private static let quietLogger: Logger = {
        var logger = Logger(label: "lango.limits.tests")
        logger.logLevel = .critical
        return logger
    }()

    private static func rate(burst: Int) -> RateLimit {
        RateLimit(limit: 10, period: .seconds(1), burst: burst)
    }

    private static func window(_ name: String, _ limit: Int, _ start: Int64, _ end: Int64) -> QuotaWindow {
        QuotaWindow(
            name: name, limit: limit, start: LimiterTime.date(microseconds: start),
            end: LimiterTime.date(microseconds: end))
    }

    private static func today(_ limit: Int) -> QuotaWindow { window("day", limit, t0, dayEnd) }

    private static func request(
        _ subject: String = "app", cost: Int = 1, rate: RateLimit? = nil, quotas: [QuotaWindow] = [], at now: Int64
    ) -> LimitRequest {
        LimitRequest(subject: subject, cost: cost, rate: rate, quotas: quotas, now: LimiterTime.date(microseconds: now))
    }

    private static func allowed(
        _ reported: LimitDecision.Constraint?, limit: Int, remaining: Int, reset: Int64
    ) -> LimitDecision {
        LimitDecision(
            allowed: true, reported: reported, limit: limit, remaining: remaining, resetMicroseconds: reset,
            retryAfterMicroseconds: nil, exceeded: nil
        )
    }

    private static func denied(
        _ reported: LimitDecision.Constraint, limit: Int, remaining: Int, reset: Int64, retryAfter: Int64?,
        exceeded: LimitDecision.Constraint
    ) -> LimitDecision {
        LimitDecision(
            allowed: false, reported: reported, limit: limit, remaining: remaining, resetMicroseconds: reset,
            retryAfterMicroseconds: retryAfter, exceeded: exceeded
        )
    }

    /// Runs `body` with a limiter on a fresh Redis, and a client to inspect its keys.
    private func withLimiter(
        keyPrefix: String = "lango", _ body: (RedisLimiter, RedisClient, RedisTestServer) async throws -> Void
    ) async throws {
        try await withRedisServer { server in
            let client = RedisClient(configuration: try server.configuration(), logger: Self.quietLogger)
            try await body(RedisLimiter(client: client, keyPrefix: keyPrefix), client, server)
            await client.close()
        }
    }

    @Test func satisfiesTheLimiterContract() async throws {
        try await withLimiter { limiter, _, _ async throws in
            try await LimiterContract.verify { limiter }
        }
    }

    @Test func allowsABurstThenTheSteadyRate() async throws {
        try await withLimiter { limiter, _, _ async throws in
            let rate = Self.rate(burst: 3)
            let t0 = Self.t0
            let interval = Self.interval
            for (used, remaining) in [(1, 2), (2, 1), (3, 0)] {
                #expect(
                    try await limiter.acquire(Self.request(rate: rate, at: t0))
                        == Self.allowed(.rate, limit: 3, remaining: remaining, reset: Int64(used) * interval)
                )
            }
            #expect(
                try await limiter.acquire(Self.request(rate: rate, at: t0))
                    == Self.denied(
                        .rate, limit: 3, remaining: 0, reset: 3 * interval, retryAfter: interval, exceeded: .rate)
            )
            // One emission interval later there is room for exactly one more.
            #expect(
                try await limiter.acquire(Self.request(rate: rate, at: t0 + interval))
                    == Self.allowed(.rate, limit: 3, remaining: 0, reset: 3 * interval)
            )
            #expect(
                try await limiter.acquire(Self.request(rate: rate, at: t0 + interval + interval / 2))
                    == Self.denied(
                        .rate, limit: 3, remaining: 0, reset: 5 * interval / 2, retryAfter: interval / 2,
                        exceeded: .rate)
            )
            // Long after, the whole burst is back.
            #expect(
                try await limiter.acquire(Self.request(rate: rate, at: t0 + 10 * interval))
                    == Self.allowed(.rate, limit: 3, remaining: 2, reset: interval)
            )
        }
    }

    @Test func rollsDayAndMonthWindowsOver() async throws {
        try await withLimiter { limiter, _, _ async throws in
            let monthStart = Self.monthStart
            let monthEnd = Self.monthEnd
            let day = Self.day
            let morning = Self.t0 + 9 * 3_600_000_000
            func quotas(dayStart: Int64, monthStart: Int64, monthEnd: Int64) -> [QuotaWindow] {
                [Self.window("day", 2, dayStart, dayStart + day), Self.window("month", 3, monthStart, monthEnd)]
            }
            let first = quotas(dayStart: Self.t0, monthStart: monthStart, monthEnd: monthEnd)
            let untilDayEnd = Self.dayEnd - morning
            #expect(
                try await limiter.acquire(Self.request(quotas: first, at: morning))
                    == Self.allowed(.quota("day"), limit: 2, remaining: 1, reset: untilDayEnd)
            )
            #expect(
                try await limiter.acquire(Self.request(quotas: first, at: morning))
                    == Self.allowed(.quota("day"), limit: 2, remaining: 0, reset: untilDayEnd)
            )
            #expect(
                try await limiter.acquire(Self.request(quotas: first, at: morning))
                    == Self.denied(
                        .quota("day"), limit: 2, remaining: 0, reset: untilDayEnd, retryAfter: untilDayEnd,
                        exceeded: .quota("day"))
            )

            // The next day starts from zero; the month keeps counting.
            let nextMorning = morning + day
            let second = quotas(dayStart: Self.t0 + day, monthStart: monthStart, monthEnd: monthEnd)
            #expect(
                try await limiter.acquire(Self.request(quotas: second, at: nextMorning))
                    == Self.allowed(.quota("month"), limit: 3, remaining: 0, reset: monthEnd - nextMorning)
            )
            #expect(
                try await limiter.acquire(Self.request(quotas: second, at: nextMorning))
                    == Self.denied(
                        .quota("month"), limit: 3, remaining: 0, reset: monthEnd - nextMorning,
                        retryAfter: monthEnd - nextMorning,
                        exceeded: .quota("month"))
            )

            // A new month starts both windows afresh.
            let third = quotas(dayStart: monthEnd, monthStart: monthEnd, monthEnd: Self.nextMonthEnd)
            #expect(
                try await limiter.acquire(Self.request(quotas: third, at: monthEnd))
                    == Self.allowed(.quota("day"), limit: 2, remaining: 1, reset: day)
            )
        }
    }

    @Test func weighsRequestsByCost() async throws {
        try await withLimiter { limiter, _, _ async throws in
            let quota = [Self.today(10)]
            let reset = Self.dayEnd - Self.t0
            #expect(
                try await limiter.acquire(Self.request(cost: 4, quotas: quota, at: Self.t0))
                    == Self.allowed(.quota("day"), limit: 10, remaining: 6, reset: reset))
            #expect(
                try await limiter.acquire(Self.request(cost: 4, quotas: quota, at: Self.t0))
                    == Self.allowed(.quota("day"), limit: 10, remaining: 2, reset: reset))
            #expect(
                try await limiter.acquire(Self.request(cost: 4, quotas: quota, at: Self.t0))
                    == Self.denied(
                        .quota("day"), limit: 10, remaining: 2, reset: reset, retryAfter: reset, exceeded: .quota("day")
                    )
            )
            #expect(
                try await limiter.acquire(Self.request(cost: 2, quotas: quota, at: Self.t0))
                    == Self.allowed(.quota("day"), limit: 10, remaining: 0, reset: reset))

            // The rate weighs cost the same way: cost 2 takes two emission intervals.
            let rate = Self.rate(burst: 5)
            #expect(
                try await limiter.acquire(Self.request("rated", cost: 2, rate: rate, at: Self.t0))
                    == Self.allowed(.rate, limit: 5, remaining: 3, reset: 2 * Self.interval)
            )
        }
    }

    @Test func deniedRequestsConsumeNothing() async throws {
        try await withLimiter { limiter, client, _ async throws in
            let countKey = "lango:{app}:q:day:\(Self.t0)"
            let rate = Self.rate(burst: 2)
            let quota = [Self.today(5)]
            for _ in 0..<2 {
                #expect(try await limiter.acquire(Self.request(rate: rate, quotas: quota, at: Self.t0)).allowed)
            }
            // Refused by the rate: the quota count stays at 2.
            let byRate = try await limiter.acquire(Self.request(rate: rate, quotas: quota, at: Self.t0))
            #expect(byRate.exceeded == .rate)
            #expect(try await client.send(["GET", countKey]) == .bulkString(Array("2".utf8)))

            // Refused by the quota: the TAT stays where two requests put it.
            let tight = [Self.today(2)]
            let roomy = Self.rate(burst: 10)
            for _ in 0..<2 {
                #expect(
                    try await limiter.acquire(Self.request("other", rate: roomy, quotas: tight, at: Self.t0)).allowed)
            }
            let byQuota = try await limiter.acquire(Self.request("other", rate: roomy, quotas: tight, at: Self.t0))
            #expect(byQuota.exceeded == .quota("day"))
            #expect(
                try await client.send(["GET", "lango:{other}:rate"])
                    == .bulkString(Array(String(Self.t0 + 2 * Self.interval).utf8)))
            #expect(try await client.send(["GET", "lango:{other}:q:day:\(Self.t0)"]) == .bulkString(Array("2".utf8)))
        }
    }

    @Test func keepsTheCountWhenTheLimitChangesMidWindow() async throws {
        try await withLimiter { limiter, _, _ async throws in
            let reset = Self.dayEnd - Self.t0
            for _ in 0..<3 {
                #expect(try await limiter.acquire(Self.request(quotas: [Self.today(5)], at: Self.t0)).allowed)
            }
            #expect(
                try await limiter.acquire(Self.request(quotas: [Self.today(10)], at: Self.t0))
                    == Self.allowed(.quota("day"), limit: 10, remaining: 6, reset: reset)
            )
            #expect(
                try await limiter.acquire(Self.request(quotas: [Self.today(4)], at: Self.t0))
                    == Self.denied(
                        .quota("day"), limit: 4, remaining: 0, reset: reset, retryAfter: reset, exceeded: .quota("day"))
            )
        }
    }

    @Test func allowsCostZeroAlwaysAndConsumesNothing() async throws {
        try await withLimiter { limiter, client, _ async throws in
            let rate = Self.rate(burst: 1)
            let quota = [Self.today(1)]
            #expect(try await limiter.acquire(Self.request(rate: rate, quotas: quota, at: Self.t0)).allowed)
            let free = try await limiter.acquire(Self.request(cost: 0, rate: rate, quotas: quota, at: Self.t0))
            #expect(free == Self.allowed(.rate, limit: 1, remaining: 0, reset: Self.interval))
            #expect(try await client.send(["GET", "lango:{app}:q:day:\(Self.t0)"]) == .bulkString(Array("1".utf8)))
            #expect(
                try await client.send(["GET", "lango:{app}:rate"])
                    == .bulkString(Array(String(Self.t0 + Self.interval).utf8)))
            // Even over a limit lowered below what was used.
            let lowered = try await limiter.acquire(Self.request(cost: 0, quotas: [Self.today(0)], at: Self.t0))
            #expect(lowered == Self.allowed(.quota("day"), limit: 0, remaining: 0, reset: Self.dayEnd - Self.t0))
        }
    }

    @Test func deniesACostNoWaitCanSatisfy() async throws {
        try await withLimiter { limiter, _, _ async throws in
            #expect(
                try await limiter.acquire(Self.request(cost: 4, rate: Self.rate(burst: 3), at: Self.t0))
                    == Self.denied(.rate, limit: 3, remaining: 3, reset: 0, retryAfter: nil, exceeded: .rate)
            )
            let reset = Self.dayEnd - Self.t0
            #expect(
                try await limiter.acquire(Self.request(cost: 6, quotas: [Self.today(5)], at: Self.t0))
                    == Self.denied(
                        .quota("day"), limit: 5, remaining: 5, reset: reset, retryAfter: nil, exceeded: .quota("day"))
            )
            // A hopeless rate outweighs a quota that reopens tomorrow: it is named, with no retry.
            #expect(
                try await limiter.acquire(Self.request("both", cost: 2, quotas: [Self.today(5)], at: Self.t0)).allowed)
            #expect(
                try await limiter.acquire(
                    Self.request("both", cost: 4, rate: Self.rate(burst: 3), quotas: [Self.today(5)], at: Self.t0))
                    == Self.denied(.rate, limit: 3, remaining: 3, reset: 0, retryAfter: nil, exceeded: .rate)
            )
        }
    }

    @Test func breaksTiesAsDocumented() async throws {
        try await withLimiter { limiter, _, _ async throws in
            // Rate and quota both have 1 left after this request: the rate is reported.
            let rate = Self.rate(burst: 2)
            #expect(
                try await limiter.acquire(Self.request(rate: rate, quotas: [Self.today(2)], at: Self.t0))
                    == Self.allowed(.rate, limit: 2, remaining: 1, reset: Self.interval)
            )
            // Two quotas with equal waits fail together: the first in request order is named.
            let sameEnd = [
                Self.window("day", 0, Self.t0, Self.dayEnd), Self.window("month", 0, Self.monthStart, Self.dayEnd),
            ]
            let refused = try await limiter.acquire(Self.request("tie", quotas: sameEnd, at: Self.t0))
            #expect(refused.exceeded == .quota("day"))
            #expect(refused.reported == .quota("day"))
            // A quota and the rate with equal waits: the quota is named.
            let equalWait = Self.window("day", 1, Self.t0 - Self.day + Self.interval, Self.t0 + Self.interval)
            _ = try await limiter.acquire(
                Self.request("even", rate: Self.rate(burst: 1), quotas: [equalWait], at: Self.t0))
            let even = try await limiter.acquire(
                Self.request("even", rate: Self.rate(burst: 1), quotas: [equalWait], at: Self.t0))
            #expect(even.retryAfterMicroseconds == Self.interval)
            #expect(even.exceeded == .quota("day"))
        }
    }

    @Test func admitsExactlyTheQuotaUnderConcurrency() async throws {
        try await withLimiter { limiter, client, _ async throws in
            let request = Self.request(quotas: [Self.today(40)], at: Self.t0)
            let decisions = try await withThrowingTaskGroup(of: LimitDecision.self) { group in
                for _ in 0..<300 {
                    group.addTask { try await limiter.acquire(request) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let admitted = decisions.filter(\.allowed)
            #expect(admitted.count == 40)
            #expect(admitted.map(\.remaining).sorted() == Array(0..<40))
            #expect(try await client.send(["GET", "lango:{app}:q:day:\(Self.t0)"]) == .bulkString(Array("40".utf8)))
        }
    }

    @Test func usesHashTaggedKeysWithExpiries() async throws {
        try await withLimiter(keyPrefix: "gw") { limiter, client, _ async throws in
            let rate = Self.rate(burst: 4)
            _ = try await limiter.acquire(
                Self.request("app-7", cost: 2, rate: rate, quotas: [Self.today(100)], at: Self.t0))
            let keys = try await client.send(["KEYS", "gw:*"]).arrayValue?.compactMap(\.stringValue).sorted()
            #expect(keys == ["gw:{app-7}:q:day:\(Self.t0)", "gw:{app-7}:rate"])

            // The TAT expires B·T after itself (plus the minute's margin)...
            let rateTTL = try #require(try await client.send(["PTTL", "gw:{app-7}:rate"]).integerValue)
            let rateExpiry = (2 * Self.interval + 4 * Self.interval) / 1_000 + 60_000
            #expect(rateTTL <= rateExpiry && rateTTL > rateExpiry - 30_000)
            // ...and the count a day after its window ends.
            let countTTL = try #require(try await client.send(["PTTL", "gw:{app-7}:q:day:\(Self.t0)"]).integerValue)
            let countExpiry = (Self.dayEnd - Self.t0) / 1_000 + 86_400_000
            #expect(countTTL <= countExpiry && countTTL > countExpiry - 30_000)

            // The window's end never moves, so a later request leaves its expiry as it was.
            _ = try await limiter.acquire(
                Self.request("app-7", cost: 1, quotas: [Self.today(100)], at: Self.t0 + 3_600_000_000))
            let laterTTL = try #require(try await client.send(["PTTL", "gw:{app-7}:q:day:\(Self.t0)"]).integerValue)
            #expect(laterTTL <= countTTL && laterTTL > countExpiry - 30_000)
            #expect(try await client.send(["GET", "gw:{app-7}:q:day:\(Self.t0)"]) == .bulkString(Array("3".utf8)))
        }
    }

    @Test func isUnavailableWhenRedisIsDown() async throws {
        try await withLimiter { limiter, _, server async throws in
            #expect(try await limiter.acquire(Self.request(quotas: [Self.today(5)], at: Self.t0)).allowed)
            await server.stop()
            for _ in 0..<3 {
                await #expect {
                    _ = try await limiter.acquire(Self.request(quotas: [Self.today(5)], at: Self.t0))
                } throws: { error in
                    (error as? LimiterError)?.isUnavailable == true
                }
            }
            // A request without limits needs no counters, so it is answered all the same.
            let unlimited = try await limiter.acquire(Self.request(at: Self.t0))
            #expect(unlimited == Self.allowed(nil, limit: 0, remaining: 0, reset: 0))
        }
    }

    @Test(arguments: [Array("?bogus\r\n".utf8), Array("+OK\r\n".utf8), Array(":1\r\n".utf8), []])
    func isUnavailableWhenRedisAnswersNonsense(answer: [UInt8]) async throws {
        let impostor = try await FakeRedisServer.start(answer: answer)
        var configuration = try RedisConfiguration(url: impostor.url)
        configuration.commandTimeout = .milliseconds(200)
        let client = RedisClient(configuration: configuration, logger: Self.quietLogger)
        let limiter = RedisLimiter(client: client)
        await #expect {
            _ = try await limiter.acquire(Self.request(quotas: [Self.today(5)], at: Self.t0))
        } throws: { error in
            (error as? LimiterError)?.isUnavailable == true
        }
        await client.close()
        await impostor.close()
    }

    @Test(arguments: [
        RedisValue.array([.integer(1), .integer(1)]),
        .array(Array(repeating: .integer(0), count: 8) + [.bulkString([49])]),
        .array([.integer(2)] + Array(repeating: .integer(0), count: 8)),
        .array([.integer(1), .integer(2), .integer(2)] + Array(repeating: .integer(0), count: 6)),
        .array([.integer(0), .integer(3)] + Array(repeating: .integer(0), count: 7)),
        .array([.integer(0)] + Array(repeating: .integer(0), count: 5) + [.integer(-2), .integer(0), .integer(0)]),
        .error("ERR something"),
        .simpleString("OK"),
    ])
    func refusesAReplyThatIsNotADecision(reply: RedisValue) {
        #expect(throws: LimiterError.unavailable("the limiter script answered \(reply)")) {
            try RedisLimiter.decision(from: reply, quotas: [Self.today(1)], rolling: nil)
        }
    }

    @Test func refusesInvalidRequestsWithoutAskingRedis() async throws {
        // Nothing listens here: a request that reached Redis would be unavailable, not invalid.
        let client = RedisClient(configuration: RedisConfiguration(port: 1), logger: Self.quietLogger)
        let limiter = RedisLimiter(client: client)
        let negative = Self.request(cost: -1, quotas: [Self.today(5)], at: Self.t0)
        let empty = Self.request(quotas: [Self.window("day", 5, Self.t0, Self.t0)], at: Self.t0)
        for request in [negative, empty] {
            await #expect {
                _ = try await limiter.acquire(request)
            } throws: { error in
                guard let error = error as? LimiterError else { return false }
                return !error.isUnavailable
            }
        }
        await client.close()
    }
}
