import Foundation
import LangoContractTesting
import LangoLimits
import LangoLimitsTesting
import Synchronization
import Testing

/// The contract must catch broken limiters, or passing it proves nothing.
@Suite struct LimiterContractTests {
    /// One deliberate bug each, on top of the in-process limiter.
    enum Fault: CaseIterable, Sendable {
        case noRetryAfter, remainingOffByOne, ignoresCost, reportsTheFirstQuota, retryAfterWhenHopeless,
            sharesOneSubject, countsByNameOnly, consumesTheRateOnQuotaRefusals, countsByLimit, zeroCostCountsAsOne,
            acceptsNegativeCost, dropsEmptyWindows, overAdmitsConcurrentRequests, rollsByCalendarDay, dropsEmptyRollingWindows

        /// The check that must report the fault: the first one that meets it.
        var check: String {
            switch self {
            case .noRetryAfter, .remainingOffByOne: "burst then steady rate"
            case .reportsTheFirstQuota, .sharesOneSubject: "reported limit"
            case .ignoresCost, .retryAfterWhenHopeless: "exceeded limit"
            case .countsByNameOnly: "day and month rollover"
            case .consumesTheRateOnQuotaRefusals: "denied requests consume nothing"
            case .countsByLimit: "limit change keeps the counts"
            case .zeroCostCountsAsOne, .rollsByCalendarDay: "rolling window"
            case .acceptsNegativeCost, .dropsEmptyWindows, .dropsEmptyRollingWindows: "invalid requests"
            case .overAdmitsConcurrentRequests: "concurrency"
            }
        }
    }

    private final class FaultyLimiter: Limiter {
        let base = InProcessLimiter()
        let fault: Fault
        let inFlight = Atomic(0)

        init(_ fault: Fault) { self.fault = fault }

        func acquire(_ request: LimitRequest) async throws -> LimitDecision {
            var request = request
            switch fault {
            case .ignoresCost: request.cost = min(request.cost, 1)
            case .sharesOneSubject: request.subject = "everyone"
            case .countsByNameOnly:
                request.quotas = request.quotas.map {
                    var window = $0
                    window.start = Date(timeIntervalSince1970: 0)
                    return window
                }
            case .countsByLimit where request.rate == nil: request.subject += "#\(request.quotas.map(\.limit))"
            case .zeroCostCountsAsOne: request.cost = max(request.cost, 1)
            case .acceptsNegativeCost where request.cost < 0:
                return LimitDecision(
                    allowed: true, reported: nil, limit: 0, remaining: 0, resetMicroseconds: 0, retryAfterMicroseconds: nil,
                    exceeded: nil)
            case .dropsEmptyWindows: request.quotas.removeAll { $0.end <= $0.start }
            case .rollsByCalendarDay:
                if let rolling = request.rolling {
                    let day = QuotaCalendar(timeZone: .gmt).interval(of: .day, containing: request.now)
                    request.quotas.append(QuotaWindow(name: rolling.name, limit: rolling.limit, start: day.start, end: day.end))
                    request.rolling = nil
                }
            case .dropsEmptyRollingWindows where request.rolling?.length == .zero: request.rolling = nil
            case .overAdmitsConcurrentRequests:
                let concurrent = inFlight.add(1, ordering: .relaxed).newValue > 1
                defer { inFlight.subtract(1, ordering: .relaxed) }
                await Task.yield()
                if concurrent || inFlight.load(ordering: .relaxed) > 1 {
                    request.quotas = []
                    request.rate = nil
                }
            default: break
            }
            var decision = try base.acquire(request)
            switch fault {
            case .noRetryAfter: decision.retryAfterMicroseconds = nil
            case .remainingOffByOne where decision.remaining > 0: decision.remaining -= 1
            case .reportsTheFirstQuota where request.quotas.count > 1:
                decision.reported = .quota(request.quotas[0].name)
            case .retryAfterWhenHopeless where !decision.allowed && decision.retryAfterMicroseconds == nil:
                decision.retryAfterMicroseconds = decision.resetMicroseconds
            case .consumesTheRateOnQuotaRefusals where decision.exceeded != .rate && decision.exceeded != nil:
                request.quotas = []
                _ = try base.acquire(request)
            default: break
            }
            return decision
        }
    }

    @Test(arguments: Fault.allCases)
    func reportsABrokenLimiter(fault: Fault) async {
        let error = await #expect(throws: ContractViolation.self) {
            try await LimiterContract.verify { FaultyLimiter(fault) }
        }
        #expect(error?.check == fault.check, "\(error.map(String.init(describing:)) ?? "no violation")")
    }

    @Test func violationsSayWhatWasExpected() async {
        let error = await #expect(throws: ContractViolation.self) {
            try await LimiterContract.verify { FaultyLimiter(.noRetryAfter) }
        }
        #expect(error?.subject == "request 5 at t0")
        #expect(
            error?.description.hasPrefix(#"limiter contract, check "burst then steady rate": request 5 at t0: expected "#)
                == true)
    }

    @Test func aFailingFactoryIsReported() async {
        struct Unreachable: Error {}
        let error = await #expect(throws: ContractViolation.self) {
            try await LimiterContract.verify { throw Unreachable() }
        }
        #expect(error?.check == "burst then steady rate")
        #expect(error?.subject == "makeLimiter()")
    }

    @Test func anUnavailableLimiterIsReported() async {
        struct Down: Limiter {
            func acquire(_ request: LimitRequest) async throws -> LimitDecision { throw LimiterError.unavailable("down") }
        }
        let error = await #expect(throws: ContractViolation.self) {
            try await LimiterContract.verify { Down() }
        }
        #expect(
            error?.description
                == #"limiter contract, check "burst then steady rate": request 1 at t0: it threw limiter unavailable: down"#)
    }
}
