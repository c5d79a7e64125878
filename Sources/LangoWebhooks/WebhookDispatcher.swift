import Foundation
import LangoJSON

/// Sends one webhook request and says how it went; never follows redirects. The HTTP
/// implementation also refuses, for production apps, hosts that resolve to addresses
/// ``EndpointAddressKind`` does not allow.
public protocol WebhookTransport: Sendable {
    func post(_ request: WebhookRequest) async -> DeliveryAttemptResult
}

/// One attempt's request.
public struct WebhookRequest: Sendable, Hashable {
    public var url: String
    /// The Standard Webhooks headers and `content-type`.
    public var headers: [[String]]
    public var body: [UInt8]
    /// Whether the app is a production one: its endpoint must resolve to public addresses.
    public var production: Bool

    public init(url: String, headers: [[String]], body: [UInt8], production: Bool) {
        self.url = url
        self.headers = headers
        self.body = body
        self.production = production
    }
}

/// Delivers due messages from the outbox: claims a batch (leased, so no other node attempts
/// them meanwhile), signs each with its endpoint's current secrets, posts it, and stores what
/// follows by the ``DeliverySchedule``: delivered, retried later, dead-lettered, or — on 410 —
/// the endpoint disabled. Messages of a disabled or deleted endpoint are dropped unsent.
public struct WebhookDispatcher: Sendable {
    public let store: any WebhookStore
    public let transport: any WebhookTransport
    public let vault: WebhookSecretVault
    public let schedule: DeliverySchedule
    /// Whether an app is a production app (its endpoints may reach only public addresses).
    public let isProduction: @Sendable (String) async -> Bool
    /// How long a claimed batch is held before another node may take it over.
    public let lease: Duration
    public let batchSize: Int
    private let clock: @Sendable () -> Date
    private let random: @Sendable () -> Double

    public init(
        store: any WebhookStore, transport: any WebhookTransport, vault: WebhookSecretVault, schedule: DeliverySchedule = .standard,
        isProduction: @escaping @Sendable (String) async -> Bool, lease: Duration = .seconds(120), batchSize: Int = 20,
        clock: @escaping @Sendable () -> Date = Date.init, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.store = store
        self.transport = transport
        self.vault = vault
        self.schedule = schedule
        self.isProduction = isProduction
        self.lease = lease
        self.batchSize = batchSize
        self.clock = clock
        self.random = random
    }

    /// Attempts every message due now (one batch); returns how many were claimed.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let now = clock()
        let due = try await store.claimDue(at: now, limit: batchSize, leaseUntil: now.addingTimeInterval(lease.timeInterval))
        await withTaskGroup(of: Void.self) { group in
            for message in due {
                group.addTask { try? await attempt(message) }
            }
        }
        return due.count
    }

    private func attempt(_ message: WebhookMessage) async throws {
        guard var endpoint = try await store.endpoint(id: message.endpointID), endpoint.isEnabled else {
            try await store.update(message.dropped(at: clock(), reason: "the endpoint is disabled or gone"))
            return
        }
        let signingAt = clock()
        let result: DeliveryAttemptResult
        if let secrets = try? endpoint.signingSecrets(at: signingAt).map({ try vault.open($0.sealed, endpointID: endpoint.id) }) {
            let headers = [["content-type", "application/json"]]
                + WebhookSignature.headers(id: message.id, timestamp: signingAt, body: message.body, secrets: secrets).map { [$0.0, $0.1] }
            result = await transport.post(
                WebhookRequest(url: endpoint.url, headers: headers, body: message.body, production: await isProduction(endpoint.appID)))
        } else {
            // Nothing unsigned goes out; the attempt fails like any other, and is retried on schedule.
            result = .failed("the endpoint's signing secret cannot be opened: was the installation secret changed?")
        }
        let now = clock()
        let decision = schedule.decide(afterAttempt: message.attempts + 1, result: result, at: now, random: random())
        try await store.update(message.after(decision, result: result, at: now))
        if decision == .disableEndpoint {
            endpoint.status = .disabled(reason: "the endpoint answered 410 Gone", at: now)
            try await store.save(endpoint)
        }
    }
}
