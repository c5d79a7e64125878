import Synchronization

/// The in-memory twin of a fraud hook for tests: answers as scripted, and keeps the facts it
/// was asked about.
public final class ScriptedFraudHook: FraudHook {
    /// What the next calls do.
    public enum Behaviour: Sendable {
        /// Answer with this assessment.
        case answer(FraudAssessment)
        /// Throw this error.
        case fail(FraudHookError)
        /// Never answer, and ignore cancellation: a hook the runner must give up on.
        case stall
    }

    private struct State {
        var behaviour: Behaviour
        var received: [FraudFacts] = []
    }

    private let state: Mutex<State>

    /// A hook that does `behaviour` until ``script(_:)`` changes it.
    public init(_ behaviour: Behaviour) {
        state = Mutex(State(behaviour: behaviour))
    }

    /// Changes what the next calls do.
    public func script(_ behaviour: Behaviour) {
        state.withLock { $0.behaviour = behaviour }
    }

    /// The facts of every call so far, in order.
    public var received: [FraudFacts] { state.withLock { $0.received } }

    /// Records `facts`, then does what the script says.
    public func assess(_ facts: FraudFacts) async throws -> FraudAssessment {
        let behaviour = state.withLock { state in
            state.received.append(facts)
            return state.behaviour
        }
        switch behaviour {
        case .answer(let assessment):
            return assessment
        case .fail(let error):
            throw error
        case .stall:
            // Suspended for good: nothing resumes it, and cancellation does not reach it.
            return await withUnsafeContinuation { _ in }
        }
    }
}
