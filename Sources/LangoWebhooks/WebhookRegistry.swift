import Foundation
import LangoJSON

/// What apps do with their webhooks, and how events become messages: registering endpoints
/// (the secret shown once), rotating secrets with an overlap, enabling and disabling, replaying
/// dead letters, and publishing an event to every enabled endpoint of the app that subscribes
/// to its type.
public struct WebhookRegistry: Sendable {
    public let store: any WebhookStore
    private let vault: WebhookSecretVault
    private let clock: @Sendable () -> Date

    public init(store: any WebhookStore, vault: WebhookSecretVault, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.vault = vault
        self.clock = clock
    }

    /// Registers `url` for `appID`'s events of `eventTypes`; returns the endpoint and its secret,
    /// which is not shown again. A production app's URL must be https, and may not name a
    /// non-public address (host names are checked at each delivery).
    public func register(appID: String, url: String, eventTypes: [WebhookEventType], production: Bool) async throws
        -> (endpoint: WebhookEndpoint, secret: WebhookSecret)
    {
        try Self.check(url: url, production: production)
        guard !eventTypes.isEmpty else { throw WebhookError.invalid("name at least one event type") }
        let id = WebhookEndpoint.newID()
        let secret = WebhookSecret.generate()
        let now = clock()
        let endpoint = WebhookEndpoint(
            id: id, appID: appID, url: url, eventTypes: eventTypes, secrets: [.init(sealed: try vault.seal(secret, endpointID: id), createdAt: now)],
            createdAt: now)
        try await store.save(endpoint)
        return (endpoint, secret)
    }

    /// A new secret for the endpoint; the current one keeps signing beside it for `overlap`.
    public func rotateSecret(endpointID: String, overlap: Duration) async throws -> WebhookSecret {
        var endpoint = try await existing(endpointID)
        let now = clock()
        let retiresAt = now.addingTimeInterval(overlap.timeInterval)
        let secret = WebhookSecret.generate()
        let kept = endpoint.signingSecrets(at: now).prefix(1).map { previous in
            var previous = previous
            previous.retiresAt = retiresAt
            return previous
        }
        endpoint.secrets = [.init(sealed: try vault.seal(secret, endpointID: endpoint.id), createdAt: now)] + kept
        try await store.save(endpoint)
        return secret
    }

    /// Enables or disables the endpoint (`reason` says why, when disabling).
    @discardableResult
    public func setEnabled(_ enabled: Bool, endpointID: String, reason: String = "disabled by an operator") async throws -> WebhookEndpoint {
        var endpoint = try await existing(endpointID)
        endpoint.status = enabled ? .enabled : .disabled(reason: reason, at: clock())
        try await store.save(endpoint)
        return endpoint
    }

    /// `appID`'s messages that will not be sent unless replayed: dead-lettered (every attempt
    /// failed), then dropped (their endpoint was disabled); up to 500 of each, newest first.
    public func deadLetters(appID: String) async throws -> [WebhookMessage] {
        var messages: [WebhookMessage] = []
        for state in [WebhookMessage.State.deadLettered, .dropped] {
            messages += try await store.messages(appID: appID, state: state, limit: 500)
        }
        return messages
    }

    /// Sends a dead-lettered or dropped message again, from its first attempt, under the same `webhook-id`.
    @discardableResult
    public func replay(messageID: String) async throws -> WebhookMessage {
        guard let message = try await store.message(id: messageID) else { throw WebhookError.notFound("message \(messageID)") }
        guard message.state == .deadLettered || message.state == .dropped else {
            throw WebhookError.invalid("message \(messageID) is \(message.state.rawValue); only dead-lettered or dropped messages are replayed")
        }
        let replayed = message.replayed(at: clock())
        try await store.update(replayed)
        return replayed
    }

    /// Turns an event of `appID` into a message for each of its enabled endpoints that takes
    /// `type`; the body is Standard Webhooks' `{"type", "timestamp", "data"}`, compact JSON.
    /// `event` identifies the event among those of its type: publishing it again (an outbox
    /// written twice) makes no second message. Returns the messages for the event.
    @discardableResult
    public func publish(
        appID: String, type: WebhookEventType, event: String, data: JSONValue, at time: Date
    ) async throws -> [WebhookMessage] {
        let document: JSONValue = ["type": .string(type.rawValue), "timestamp": .string(ISO8601.format(time)), "data": data]
        let body = Array(document.encoded())
        let messages = try await store.endpoints(appID: appID).filter { $0.isEnabled && $0.eventTypes.contains(type) }.map {
            WebhookMessage.new(endpoint: $0, eventType: type, event: event, body: body, at: clock())
        }
        if !messages.isEmpty { try await store.enqueue(messages) }
        return messages
    }

    private func existing(_ id: String) async throws -> WebhookEndpoint {
        guard let endpoint = try await store.endpoint(id: id) else { throw WebhookError.notFound("endpoint \(id)") }
        return endpoint
    }

    /// Checks an endpoint URL as registration and every delivery do, returning its host: an
    /// absolute http(s) URL without credentials, at most 2048 bytes; for a production app,
    /// https and no literal address that is not public (a host name is resolved at delivery).
    @discardableResult
    public static func check(url text: String, production: Bool) throws(WebhookError) -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, url.user == nil, url.password == nil
        else { throw .invalid("the URL must be an absolute http or https URL without credentials") }
        guard text.utf8.count <= 2048 else { throw .invalid("the URL is longer than 2048 characters") }
        guard production else { return host }
        guard scheme == "https" else { throw .invalid("a production app's endpoint must use https") }
        if let kind = EndpointAddressKind.of(host), !kind.isAllowedInProduction {
            throw .invalid("a production app's endpoint may not be a \(kind.rawValue) address")
        }
        return host
    }
}

/// Why a webhook operation was refused.
public struct WebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case invalid(String)
        case notFound(String)
    }

    private let kind: Kind

    /// The request is not acceptable; the message says why.
    public static func invalid(_ reason: String) -> Self { Self(kind: .invalid(reason)) }
    /// No such endpoint or message.
    public static func notFound(_ what: String) -> Self { Self(kind: .notFound(what)) }

    public var isNotFound: Bool {
        if case .notFound = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .invalid(let reason): reason
        case .notFound(let what): "no \(what)"
        }
    }
}
