import LangoPolicy
import Synchronization

/// A fraud or risk service the gateway asks about a request before it goes ahead: the built-in
/// ``RulesFraudScorer``, an HTTP service (`HTTPFraudHook` in LangoUpstream), or a test's
/// ``ScriptedFraudHook``.
public protocol FraudHook: Sendable {
    /// Scores the request `facts` describe. Throws ``FraudHookError`` (or any error) when it
    /// cannot; it should stop when its task is cancelled, though the gateway does not wait for it.
    func assess(_ facts: FraudFacts) async throws -> FraudAssessment
}

extension FraudHook {
    /// Asks the hook about `facts` and reports what it did as a value, never throwing: its
    /// assessment, ``LangoPolicy/FraudOutcome/timedOut`` when it has not answered within
    /// `timeout`, or ``LangoPolicy/FraudOutcome/failed(_:)`` with the error it threw.
    ///
    /// The hook runs in a task of its own that is cancelled at the deadline and not waited for,
    /// so a hook that ignores cancellation still cannot hold the request past its timeout. A
    /// cancelled caller gets a failed outcome at once.
    public func outcome(for facts: FraudFacts, within timeout: Duration) async -> FraudOutcome {
        let race = OutcomeRace()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                race.start(continuation)
                race.track(
                    Task {
                        do {
                            let assessment = try await assess(facts)
                            race.finish(.scored(score: assessment.score, reasons: assessment.reasons))
                        } catch {
                            race.finish(.failed("\(error)"))
                        }
                    })
                race.track(
                    Task {
                        try? await Task.sleep(for: timeout)
                        race.finish(.timedOut)
                    })
            }
        } onCancel: {
            race.finish(.failed("the request was cancelled"))
        }
    }
}

/// The first of the hook, the timer and the caller's cancellation to finish decides the
/// outcome; the tasks still running are then cancelled.
private final class OutcomeRace: Sendable {
    private struct State {
        var continuation: CheckedContinuation<FraudOutcome, Never>?
        var outcome: FraudOutcome?
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<FraudOutcome, Never>) {
        let decided = state.withLock { state in
            if state.outcome == nil { state.continuation = continuation }
            return state.outcome
        }
        if let decided { continuation.resume(returning: decided) }
    }

    func track(_ task: Task<Void, Never>) {
        let decided = state.withLock { state in
            if state.outcome == nil { state.tasks.append(task) }
            return state.outcome != nil
        }
        if decided { task.cancel() }
    }

    func finish(_ outcome: FraudOutcome) {
        let (continuation, tasks) = state.withLock { state -> (CheckedContinuation<FraudOutcome, Never>?, [Task<Void, Never>]) in
            guard state.outcome == nil else { return (nil, []) }
            state.outcome = outcome
            defer {
                state.continuation = nil
                state.tasks = []
            }
            return (state.continuation, state.tasks)
        }
        continuation?.resume(returning: outcome)
        for task in tasks { task.cancel() }
    }
}
