import Foundation
import LangoContractTesting
import LangoLimits

/// One named check of ``LimiterContract`` against one limiter, with the assertions the checks
/// are written in. Every failure becomes a ``ContractViolation`` naming the check and
/// the request.
struct LimiterContractCheck: Sendable {
    let name: String
    let limiter: any Limiter
    /// Unique to this run and check, so that runs against a shared Redis never meet old counters.
    let subjectPrefix: String

    /// The full subject name for the check's subject `name`.
    func subject(_ name: String) -> String {
        "\(subjectPrefix):\(name)"
    }

    /// A request of the check's subject `subject`, at `at` microseconds since 1970.
    func request(
        _ subject: String = "app", cost: Int = 1, rate: RateLimit? = nil, quotas: [QuotaWindow] = [], rolling: RollingWindow? = nil,
        at: Int64
    ) -> LimitRequest {
        LimitRequest(
            subject: self.subject(subject), cost: cost, rate: rate, quotas: quotas, rolling: rolling,
            now: LimiterTime.date(microseconds: at))
    }

    /// Sends `request`, which the contract requires to be answered.
    func acquire(_ label: String, _ request: LimitRequest) async throws(ContractViolation) -> LimitDecision {
        do {
            return try await limiter.acquire(request)
        } catch {
            throw .unexpectedError(contract: LimiterContract.contractName, check: name, subject: label, error)
        }
    }

    /// Requires `actual` to equal `expected`.
    func expect<T: Equatable>(_ label: String, _ actual: T, equals expected: T) throws(ContractViolation) {
        guard actual == expected else { throw .mismatch(contract: LimiterContract.contractName, check: name, subject: label, expected: expected, actual: actual) }
    }

    /// Sends `request` and requires exactly the decision `expected`.
    func expect(_ label: String, _ request: LimitRequest, _ expected: LimitDecision) async throws(ContractViolation) {
        try expect(label, try await acquire(label, request), equals: expected)
    }

    /// Sends `request`, which must be refused with ``LimiterError/invalid(_:)``.
    func expectInvalid(_ label: String, _ request: LimitRequest) async throws(ContractViolation) {
        let expected = "LimiterError.invalid"
        do {
            _ = try await limiter.acquire(request)
        } catch let error as LimiterError where !error.isUnavailable {
            return
        } catch {
            throw .wrongError(contract: LimiterContract.contractName, check: name, subject: label, expected: expected, actual: error)
        }
        throw .missingError(contract: LimiterContract.contractName, check: name, subject: label, expected: expected)
    }
}
