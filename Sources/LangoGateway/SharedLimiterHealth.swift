import Foundation

/// Whether the shared limiter (Redis) is worth asking, as a value that returns what to do.
///
/// While it is up, every request asks it. The first failure marks it lost: from then on requests
/// use their loss mode without waiting on Redis, and after a backoff exactly one request at a
/// time probes it; the backoff doubles with each failed probe, up to a ceiling, and a successful
/// probe marks it up again. Answers to requests sent before the loss (late failures, or slow
/// successes) belong to an earlier *epoch* and change nothing, so a burst of in-flight failures
/// neither inflates the backoff nor fakes a recovery. The transitions, not every failure, are
/// what get reported.
struct SharedLimiterHealth: Sendable, Equatable {
    enum State: Sendable, Equatable {
        case up
        /// Lost since `since`; the next probe may start at `retryAt`.
        case down(since: Date, retryAt: Date, backoff: TimeInterval)
        /// Lost since `since`; one probe, started at `started`, is under way.
        case probing(since: Date, started: Date, backoff: TimeInterval)
    }

    /// What a request may do: ask the shared limiter with a ticket to report the answer with,
    /// or use its loss mode.
    enum Permission: Sendable, Equatable {
        case ask(Ticket)
        case fallBack
    }

    /// Identifies the epoch a request asked in, so that answers from before a change of state
    /// are ignored.
    struct Ticket: Sendable, Equatable {
        fileprivate let epoch: Int
    }

    /// What the caller should do after an answer.
    enum Action: Sendable, Equatable {
        case none
        /// Redis was lost just now: log it once and count it.
        case reportLost
        /// Redis answered again after being lost for `outage`: log the recovery.
        case reportRecovered(outage: TimeInterval)
    }

    private(set) var state: State = .up
    /// Moves on every loss and every recovery.
    private var epoch = 0
    let initialBackoff: TimeInterval
    let maximumBackoff: TimeInterval

    init(initialBackoff: TimeInterval = 0.25, maximumBackoff: TimeInterval = 5) {
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }

    /// Whether a request at `now` should ask the shared limiter. While it is lost, the first
    /// request after the backoff becomes the probe and the others fall back; a probe that has
    /// not answered within the maximum backoff (its task was cancelled) counts as failed.
    mutating func permission(at now: Date) -> Permission {
        switch state {
        case .up:
            return .ask(Ticket(epoch: epoch))
        case .down(let since, let retryAt, let backoff):
            guard now >= retryAt else { return .fallBack }
            state = .probing(since: since, started: now, backoff: backoff)
            return .ask(Ticket(epoch: epoch))
        case .probing(let since, let started, let backoff):
            guard now.timeIntervalSince(started) >= maximumBackoff else { return .fallBack }
            state = .probing(since: since, started: now, backoff: min(backoff * 2, maximumBackoff))
            epoch += 1
            return .ask(Ticket(epoch: epoch))
        }
    }

    /// The shared limiter answered the request that held `ticket`.
    mutating func succeeded(_ ticket: Ticket, at now: Date) -> Action {
        guard ticket.epoch == epoch, case .probing(let since, _, _) = state else { return .none }
        state = .up
        epoch += 1
        return .reportRecovered(outage: now.timeIntervalSince(since))
    }

    /// The shared limiter failed the request that held `ticket`.
    mutating func failed(_ ticket: Ticket, at now: Date) -> Action {
        guard ticket.epoch == epoch else { return .none }
        switch state {
        case .up:
            state = .down(since: now, retryAt: now.addingTimeInterval(initialBackoff), backoff: initialBackoff)
            epoch += 1
            return .reportLost
        case .probing(let since, _, let backoff):
            let next = min(backoff * 2, maximumBackoff)
            state = .down(since: since, retryAt: now.addingTimeInterval(next), backoff: next)
            return .none
        case .down:
            return .none
        }
    }
}
