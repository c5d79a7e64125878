import Foundation
import LangoRedis

/// The ``Limiter`` whose counters live in Redis, shared by every gateway node.
///
/// Each ``acquire(_:)`` is one `EVALSHA` of ``RedisLimiterScript``, which checks the GCRA rate,
/// every quota window and the rolling window together and consumes only when all admit, atomically, with exactly
/// the semantics documented on ``Limiter``. Time is the request's `now`, never the Redis clock.
///
/// Keys carry the subject as a hash tag, so one subject's keys share a Redis Cluster slot:
/// - `<prefix>:{<subject>}:rate` — the TAT in µs; it expires B·T after the TAT (plus a minute
///   for clock differences), when it no longer matters;
/// - `<prefix>:{<subject>}:q:<name>:<start µs>` — a window's count; it expires a day after the
///   window ends (set relative to `now`, so it holds for injected clocks too);
/// - `<prefix>:{<subject>}:r:<name>` — a rolling window's counted units, a sorted set scored by
///   time; it expires a minute after the window's length has passed since the last one.
///
/// A request with no rate, quotas or rolling window is allowed without asking Redis.
public final class RedisLimiter: Limiter {
    private let client: RedisClient
    private let keyPrefix: String

    /// A limiter over `client`'s Redis whose keys start with `keyPrefix` (which should contain
    /// no `{`, so that the subject stays the hash tag).
    public init(client: RedisClient, keyPrefix: String = "lango") {
        self.client = client
        self.keyPrefix = keyPrefix
    }

    /// Checks and, if allowed, consumes `request.cost` (see ``Limiter``).
    ///
    /// Throws ``LimiterError/invalid(_:)`` for a negative cost or a window that does not end
    /// after it starts, without calling Redis; ``LimiterError/unavailable(_:)`` when Redis cannot
    /// be reached, times out, or answers something that is not the script's decision.
    public func acquire(_ request: LimitRequest) async throws(LimiterError) -> LimitDecision {
        try request.validate()
        let windows = request.quotas.map {
            (window: $0, start: LimiterTime.microseconds($0.start), end: LimiterTime.microseconds($0.end))
        }
        guard request.rate != nil || !windows.isEmpty || request.rolling != nil else {
            return .unconstrained
        }

        let subjectKey = "\(keyPrefix):{\(request.subject)}"
        let keys =
            ["\(subjectKey):rate"] + windows.map { "\(subjectKey):q:\($0.window.name):\($0.start)" }
            + (request.rolling.map { ["\(subjectKey):r:\($0.name)"] } ?? [])
        var arguments = [
            String(LimiterTime.microseconds(request.now)), String(request.cost), request.rate == nil ? "0" : "1",
            String(request.rate?.emissionIntervalMicroseconds ?? 1), String(request.rate?.burst ?? 0),
            request.rolling == nil ? "0" : "1", String(request.rolling?.limit ?? 0),
            String(request.rolling.map { LimiterTime.microseconds($0.length) } ?? 0),
        ]
        for (window, _, end) in windows {
            arguments += [String(window.limit), String(end)]
        }

        let reply: RedisValue
        do {
            reply = try await client.evaluate(RedisLimiterScript.script, keys: keys, arguments: arguments)
        } catch {
            throw .unavailable("\(error)")
        }
        return try Self.decision(from: reply, quotas: request.quotas, rolling: request.rolling)
    }

    /// The decision the script's `reply` describes, or ``LimiterError/unavailable(_:)`` when it
    /// describes none.
    static func decision(from reply: RedisValue, quotas: [QuotaWindow], rolling: RollingWindow?) throws(LimiterError) -> LimitDecision {
        guard let fields = reply.arrayValue?.compactMap(\.integerValue), fields.count == 9,
            fields[0] == 0 || fields[0] == 1,
            let reported = Self.constraint(kind: fields[1], index: fields[2], quotas: quotas, rolling: rolling),
            let exceeded = Self.constraint(kind: fields[7], index: fields[8], quotas: quotas, rolling: rolling),
            fields[6] >= -1
        else {
            throw .unavailable("the limiter script answered \(reply)")
        }
        return LimitDecision(
            allowed: fields[0] == 1, reported: reported, limit: Int(fields[3]), remaining: Int(fields[4]),
            resetMicroseconds: fields[5], retryAfterMicroseconds: fields[6] == -1 ? nil : fields[6], exceeded: exceeded
        )
    }

    /// The constraint the script names by `kind` and 1-based quota `index`: `.some(nil)` for
    /// none, `nil` when the pair is not one the script sends.
    private static func constraint(kind: Int64, index: Int64, quotas: [QuotaWindow], rolling: RollingWindow?) -> LimitDecision.Constraint?? {
        switch kind {
        case 0: return .some(nil)
        case 1: return .some(.rate)
        case 2 where quotas.indices.contains(Int(index) - 1): return .some(.quota(quotas[Int(index) - 1].name))
        case 3 where rolling != nil: return .some(rolling.map { .quota($0.name) })
        default: return nil
        }
    }
}
