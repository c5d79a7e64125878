import LangoFraud
import LangoPolicy
import Testing

/// The runner: whatever the hook does, the caller gets an outcome value, and never waits past
/// the timeout. Deadlines that must not pass are generous; no test measures time.
@Suite struct FraudHookTests {
    static let facts = FraudFacts(interactionID: "i-1", ruleID: "pay", method: "POST", path: "/pay", customerID: "C0001")
    static let generous: Duration = .seconds(60)

    @Test func anAnswerIsAScoredOutcome() async throws {
        let hook = ScriptedFraudHook(.answer(try FraudAssessment(score: 42, reasons: ["new_creditor"])))
        #expect(await hook.outcome(for: Self.facts, within: Self.generous) == .scored(score: 42, reasons: ["new_creditor"]))
        #expect(hook.received == [Self.facts])
    }

    @Test func aThrownErrorIsAFailedOutcome() async {
        let hook = ScriptedFraudHook(.fail(.unavailable("connection refused")))
        #expect(await hook.outcome(for: Self.facts, within: Self.generous) == .failed("the fraud hook is unavailable: connection refused"))
        #expect(await ThrowingHook().outcome(for: Self.facts, within: Self.generous) == .failed("odd"))
    }

    @Test func aHookThatNeverAnswersTimesOut() async {
        // Stalls and ignores cancellation: the runner returns anyway.
        #expect(await ScriptedFraudHook(.stall).outcome(for: Self.facts, within: .milliseconds(20)) == .timedOut)
        // Sleeps until cancelled.
        #expect(await SleepingHook().outcome(for: Self.facts, within: .milliseconds(20)) == .timedOut)
    }

    @Test func theHookIsCancelledAtTheDeadline() async {
        let hook = SleepingHook()
        _ = await hook.outcome(for: Self.facts, within: .milliseconds(20))
        await hook.cancelled.wait()
    }

    @Test func aCancelledCallerStopsWaiting() async {
        let waiting = Task { await ScriptedFraudHook(.stall).outcome(for: Self.facts, within: .seconds(3_600)) }
        waiting.cancel()
        #expect(await waiting.value == .failed("the request was cancelled"))
    }

    @Test func theScriptCanChange() async throws {
        let hook = ScriptedFraudHook(.answer(try FraudAssessment(score: 1)))
        hook.script(.fail(.invalidAnswer("nope")))
        #expect(await hook.outcome(for: Self.facts, within: Self.generous) == .failed("the fraud hook's answer is not valid: nope"))
    }
}

/// Throws an error that is not a ``FraudHookError``.
private struct ThrowingHook: FraudHook {
    struct Odd: Error, CustomStringConvertible {
        var description: String { "odd" }
    }

    func assess(_ facts: FraudFacts) async throws -> FraudAssessment { throw Odd() }
}

/// Sleeps for an hour unless cancelled, and says when it was.
private struct SleepingHook: FraudHook {
    let cancelled = Signal()

    func assess(_ facts: FraudFacts) async throws -> FraudAssessment {
        do {
            try await Task.sleep(for: .seconds(3_600))
        } catch {
            cancelled.fire()
            throw error
        }
        return try FraudAssessment(score: 0)
    }
}

/// A one-shot event a test can wait for.
private final class Signal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self)
    }

    func fire() { continuation.finish() }

    func wait() async {
        for await _ in stream {}
    }
}
