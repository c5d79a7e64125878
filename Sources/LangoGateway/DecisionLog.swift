import Foundation
import LangoJSON
import LangoPolicy
import Logging
import ServiceLifecycle
import Synchronization

/// One line of the decision log: what was asked, which rule decided, and how it ended.
public struct DecisionRecord: Sendable, Hashable {
    public var time: Date
    public var interactionID: String
    public var method: String
    public var path: String
    /// The HTTP status the client received.
    public var status: Int
    /// `allow` or `deny`, as enforced.
    public var outcome: String
    /// `enforce` or `shadow`; nil when no rule matched.
    public var mode: String?
    public var ruleID: String?
    public var policyID: String?
    public var policyRevision: String
    /// The denial's reason code (`scope_missing`, …), or the upstream failure (`upstream_timeout`, …).
    public var reason: String?
    /// Denials shadow mode recorded without enforcing.
    public var shadowed: [String] = []
    public var appID: String?
    public var keyID: String?
    public var customerID: String?
    /// The consent the request's token is bound to, for rules that check one.
    public var consentID: String?
    /// `adapter.operation` the request was routed to.
    public var upstream: String?
    /// Time from receipt to response, in microseconds.
    public var latencyMicroseconds: Int
    /// Time spent waiting on the upstream, in microseconds.
    public var upstreamMicroseconds: Int?
    /// What the fraud step found, for rules with `fraud` whose request the policies allowed.
    public var fraud: FraudRecord?

    /// The record as one JSON object; absent fields are left out.
    public var json: JSONValue {
        var object: JSONObject = [
            "time": .string(ISO8601.format(time, fractionalSeconds: true)),
            "interaction_id": .string(interactionID),
            "method": .string(method),
            "path": .string(path),
            "status": .integer(Int64(status)),
            "outcome": .string(outcome),
            "revision": .string(policyRevision),
        ]
        object["mode"] = mode.map(JSONValue.string)
        object["rule"] = ruleID.map(JSONValue.string)
        object["policy"] = policyID.map(JSONValue.string)
        object["reason"] = reason.map(JSONValue.string)
        if !shadowed.isEmpty { object["shadowed"] = .array(shadowed.map(JSONValue.string)) }
        object["app"] = appID.map(JSONValue.string)
        object["key"] = keyID.map(JSONValue.string)
        object["customer"] = customerID.map(JSONValue.string)
        object["consent"] = consentID.map(JSONValue.string)
        object["upstream"] = upstream.map(JSONValue.string)
        object["latency_us"] = .integer(Int64(latencyMicroseconds))
        object["upstream_us"] = upstreamMicroseconds.map { .integer(Int64($0)) }
        object["fraud"] = fraud?.json
        return .object(object)
    }
}

/// The fraud step of one request, in the decision log: which hook, what it scored, what the
/// gateway did, and how long the hook took.
public struct FraudRecord: Sendable, Hashable {
    /// The hook the rule names.
    public var hook: String
    /// `allow`, `step_up` or `deny`: the verdict, enforced unless shadow mode only recorded it.
    public var action: String
    /// The hook's score, when it gave one.
    public var score: Int?
    /// The reasons the hook gave with its score.
    public var reasons: [String]
    /// The fail mode that decided (`open` or `closed`), when the hook gave no score.
    public var failMode: String?
    /// Why the hook gave no score: it did not answer in time, or how it failed.
    public var failure: String?
    /// Time spent waiting on the hook, in microseconds.
    public var microseconds: Int
    /// Whether a step-up verdict let the request through because the customer had already
    /// authenticated again for its payment consent.
    public var stepUpMet = false

    /// The record of `verdict`, reached after `microseconds`.
    init(_ verdict: FraudVerdict, microseconds: Int) {
        hook = verdict.requirement.hook
        action = verdict.action.rawValue
        score = verdict.score
        reasons = verdict.reasons
        failMode = verdict.failModeApplied ? verdict.requirement.failMode.rawValue : nil
        failure = verdict.failModeApplied ? verdict.hookResult : nil
        self.microseconds = microseconds
    }

    /// `{"hook": …, "action": …, "score": …, "reasons": […], "fail_mode": …, "failure": …, "latency_us": …}`.
    var json: JSONValue {
        var object: JSONObject = ["hook": .string(hook), "action": .string(action)]
        object["score"] = score.map { .integer(Int64($0)) }
        if !reasons.isEmpty { object["reasons"] = .array(reasons.map(JSONValue.string)) }
        object["fail_mode"] = failMode.map(JSONValue.string)
        object["failure"] = failure.map(JSONValue.string)
        object["latency_us"] = .integer(Int64(microseconds))
        if stepUpMet { object["step_up_met"] = true }
        return .object(object)
    }
}

/// Where decision records go. Recording never blocks or fails the request.
public protocol DecisionLog: Sendable {
    func record(_ record: DecisionRecord)
}

/// Writes records as JSON lines to a file or standard output, from a background service, so
/// requests only append to a buffer. The writer takes the whole buffer each time it wakes,
/// so a burst costs one write. Records still buffered at shutdown are written before it ends.
public final class JSONLinesDecisionLog: DecisionLog, Service {
    private let output: FileHandle
    private let pending = Mutex<[DecisionRecord]>([])
    private let wakeUps: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// Appends to `path`, creating it; `-` writes to standard output.
    public init(path: String) throws {
        if path == "-" {
            output = .standardOutput
        } else {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw ConfigurationError(description: "cannot open the decision log \(path) for writing")
            }
            handle.seekToEndOfFile()
            output = handle
        }
        (wakeUps, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func record(_ record: DecisionRecord) {
        let wasEmpty = pending.withLock { buffer in
            buffer.append(record)
            return buffer.count == 1
        }
        if wasEmpty { wake.yield() }
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in wakeUps {
                flush()
            }
            flush()
        } onGracefulShutdown: {
            self.wake.finish()
        }
    }

    private func flush() {
        let records = pending.withLock { buffer in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        guard !records.isEmpty else { return }
        var bytes: [UInt8] = []
        for record in records {
            bytes.append(contentsOf: record.json.encoded())
            bytes.append(UInt8(ascii: "\n"))
        }
        output.write(Data(bytes))
    }
}

/// Keeps records in memory: the twin tests read from.
public final class InMemoryDecisionLog: DecisionLog {
    private let stored = Mutex<[DecisionRecord]>([])

    public init() {}

    public func record(_ record: DecisionRecord) {
        stored.withLock { $0.append(record) }
    }

    public var records: [DecisionRecord] { stored.withLock { $0 } }
}

/// Discards records (`decision_log: off`).
public struct DisabledDecisionLog: DecisionLog {
    public init() {}
    public func record(_ record: DecisionRecord) {}
}
