import Foundation
import LangoJSON

/// How one attempt to deliver a webhook message to an endpoint went.
public enum DeliveryAttemptResult: Sendable, Hashable {
    /// The endpoint answered `status`, with its `Retry-After` header if any.
    case answered(status: Int, retryAfter: String?)
    /// No answer: the connection failed or the attempt timed out.
    case failed(String)
}

/// What follows an attempt.
public enum DeliveryDecision: Sendable, Hashable {
    /// A 2xx: done.
    case delivered
    /// Try again at `at`.
    case retry(at: Date)
    /// 410 Gone: the endpoint asked to receive nothing more; it is disabled.
    case disableEndpoint
    /// Every attempt failed: the message goes to the dead-letter list, from which it can be replayed.
    case deadLetter
}

/// When a webhook message is tried again after a failed attempt: exponential backoff, with
/// jitter so that many messages failing together do not all come back at once, over about
/// three days; `Retry-After` is honoured when the endpoint sends it.
///
/// A value: ``decide(afterAttempt:result:at:random:)`` is pure given its random draw.
public struct DeliverySchedule: Sendable, Hashable {
    /// The wait after attempt 1, 2, …; when they run out, the message is dead-lettered.
    public var delays: [Duration]
    /// Each wait is moved by up to this fraction either way.
    public var jitter: Double
    /// The longest wait a `Retry-After` may ask for; longer ones are cut to it.
    public var longestRetryAfter: Duration

    /// 5 s, 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: eleven attempts over about
    /// three days, each wait ±20 %.
    public static let standard = DeliverySchedule(
        delays: [
            .seconds(5), .seconds(60), .seconds(300), .seconds(1_800), .seconds(7_200), .seconds(18_000), .seconds(36_000),
            .seconds(50_400), .seconds(72_000), .seconds(86_400),
        ],
        jitter: 0.2, longestRetryAfter: .seconds(86_400))

    public init(delays: [Duration], jitter: Double, longestRetryAfter: Duration) {
        self.delays = delays
        self.jitter = jitter
        self.longestRetryAfter = longestRetryAfter
    }

    /// How many attempts a message gets in all.
    public var attempts: Int { delays.count + 1 }

    /// What follows attempt number `attempt` (1 for the first) made at `now` with `result`;
    /// `random` is a draw in [0, 1) that places the jitter.
    public func decide(afterAttempt attempt: Int, result: DeliveryAttemptResult, at now: Date, random: Double) -> DeliveryDecision {
        var retryAfter: TimeInterval?
        switch result {
        case .answered(let status, _) where (200..<300).contains(status):
            return .delivered
        case .answered(410, _):
            return .disableEndpoint
        case .answered(_, let header):
            // Redirects are not followed: a 3xx is a failure like any other.
            retryAfter = header.flatMap { Self.seconds(retryAfter: $0, now: now) }
        case .failed:
            break
        }
        guard attempt >= 1, attempt <= delays.count else { return .deadLetter }
        let base = delays[attempt - 1].timeInterval
        let jittered = base * (1 + jitter * (2 * min(max(random, 0), 1) - 1))
        let wait = max(jittered, min(retryAfter ?? 0, longestRetryAfter.timeInterval))
        return .retry(at: now.addingTimeInterval(wait))
    }

    /// A `Retry-After` value (RFC 9110: seconds, or an HTTP date) as seconds from `now`;
    /// `nil` when it is neither.
    static func seconds(retryAfter value: String, now: Date) -> TimeInterval? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return TimeInterval(seconds) }
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "GMT")
        format.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return format.date(from: trimmed).map { max(0, $0.timeIntervalSince(now)) }
    }
}
