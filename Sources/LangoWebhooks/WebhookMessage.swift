import Foundation
import LangoCrypto

/// One event for one endpoint: what is delivered, retried, dead-lettered and replayed. Its id
/// is the `webhook-id` of every attempt, so a receiver can drop duplicates; it is derived from
/// the endpoint and the event, so an event written twice is still one message.
public struct WebhookMessage: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        /// Waiting for its next attempt.
        case pending
        case delivered
        /// Every attempt failed; it can be replayed.
        case deadLettered = "dead-lettered"
        /// Its endpoint was disabled; it can be replayed once the endpoint is enabled.
        case dropped
    }

    /// `msg_` and 24 hex digits: the start of the SHA-256 of the endpoint, the event type and
    /// the event's identity.
    public let id: String
    public let endpointID: String
    public let appID: String
    public let eventType: WebhookEventType
    /// The request body, fixed when the event happened.
    public let body: [UInt8]
    public let createdAt: Date
    public private(set) var state: State
    public private(set) var attempts: Int
    public private(set) var nextAttemptAt: Date
    /// What the last failed attempt got.
    public private(set) var lastError: String?
    public private(set) var finishedAt: Date?

    /// A message to send as soon as possible, telling `endpoint` of the event that `event`
    /// identifies among those of its type (a payment and its status, say).
    public static func new(
        endpoint: WebhookEndpoint, eventType: WebhookEventType, event: String, body: [UInt8], at now: Date
    ) -> WebhookMessage {
        let identity = SHA256.hash([endpoint.id, eventType.rawValue, event].joined(separator: "\n"))
        return WebhookMessage(
            id: "msg_" + Hex.encode(Array(identity.prefix(12))), endpointID: endpoint.id, appID: endpoint.appID, eventType: eventType,
            body: body, createdAt: now, state: .pending, attempts: 0, nextAttemptAt: now, lastError: nil, finishedAt: nil)
    }

    /// The message after an attempt at `now` whose outcome `decision` is (from ``DeliverySchedule``).
    public func after(_ decision: DeliveryDecision, result: DeliveryAttemptResult, at now: Date) -> WebhookMessage {
        var next = self
        next.attempts += 1
        switch result {
        case .answered(let status, _): next.lastError = (200..<300).contains(status) ? nil : "HTTP \(status)"
        case .failed(let reason): next.lastError = reason
        }
        switch decision {
        case .delivered:
            next.state = .delivered
            next.finishedAt = now
        case .retry(let at):
            next.nextAttemptAt = at
        case .disableEndpoint:
            next.state = .dropped
            next.finishedAt = now
        case .deadLetter:
            next.state = .deadLettered
            next.finishedAt = now
        }
        return next
    }

    /// The message sent again from the start (a replay of a dead-lettered or dropped one).
    public func replayed(at now: Date) -> WebhookMessage {
        var next = self
        next.state = .pending
        next.attempts = 0
        next.nextAttemptAt = now
        next.finishedAt = nil
        return next
    }

    /// Not sent: its endpoint is disabled.
    public func dropped(at now: Date, reason: String) -> WebhookMessage {
        var next = self
        next.state = .dropped
        next.lastError = reason
        next.finishedAt = now
        return next
    }
}
