import Foundation

/// The consent operations of the API and the customer's pages, over a ``ConsentStore``: each
/// reads the consent, makes the change, and stores it over the version it read, trying again
/// when another node changed the consent meanwhile.
public struct ConsentService: Sendable {
    public let store: any ConsentStore
    private let clock: @Sendable () -> Date
    private let changed: @Sendable (ConsentChange) async -> Void

    /// `changed` hears of every change stored through this service, before the operation
    /// returns (a cache drops the consent).
    public init(
        store: any ConsentStore, clock: @escaping @Sendable () -> Date = Date.init,
        changed: @escaping @Sendable (ConsentChange) async -> Void = { _ in }
    ) {
        self.store = store
        self.clock = clock
        self.changed = changed
    }

    /// Creates an account-access consent for client `clientID` of app `appID`.
    public func create(_ request: AccountAccessConsentRequest, clientID: String, appID: String, address: String?) async throws
        -> Consent
    {
        try await stored(Consent.create(request, clientID: clientID, appID: appID, at: clock(), address: address))
    }

    /// Creates a domestic payment consent for client `clientID` of app `appID`.
    public func create(_ request: DomesticPaymentConsentRequest, clientID: String, appID: String, address: String?) async throws
        -> Consent
    {
        try await stored(Consent.create(request, clientID: clientID, appID: appID, at: clock(), address: address))
    }

    /// Creates a bulk payment consent for client `clientID` of app `appID`.
    public func create(_ request: BulkPaymentConsentRequest, clientID: String, appID: String, address: String?) async throws -> Consent {
        try await stored(Consent.create(request, clientID: clientID, appID: appID, at: clock(), address: address))
    }

    private func stored(_ change: ConsentChange) async throws -> Consent {
        try await store.create(change)
        return change.consent
    }

    /// The consent `id` as client `clientID` may see it: `nil` when unknown, deleted or another client's.
    public func consent(id: String, clientID: String) async throws -> Consent? {
        guard let consent = try await store.consent(id: id), consent.clientID == clientID, consent.deletedAt == nil else { return nil }
        return consent
    }

    /// The client deletes its consent; throws ``ConsentError/notFound(_:)`` when it has none by that id.
    @discardableResult
    public func delete(id: String, clientID: String, address: String?) async throws -> Consent {
        try await change(id) { consent, now throws(ConsentError) in try consent.delete(clientID: clientID, at: now, address: address) }
    }

    /// The customer authorises the consent over `accountIDs`.
    @discardableResult
    public func authorise(id: String, customerID: String, accountIDs: [String], address: String?) async throws -> Consent {
        try await change(id) { consent, now throws(ConsentError) in
            try consent.authorise(customerID: customerID, accountIDs: accountIDs, at: now, address: address)
        }
    }

    /// The customer refuses the consent.
    @discardableResult
    public func reject(id: String, customerID: String, address: String?) async throws -> Consent {
        try await change(id) { consent, now throws(ConsentError) in try consent.reject(customerID: customerID, at: now, address: address) }
    }

    /// The customer withdraws an authorised consent of theirs.
    @discardableResult
    public func revoke(id: String, customerID: String, address: String?) async throws -> Consent {
        try await change(id) { consent, now throws(ConsentError) in try consent.revoke(customerID: customerID, at: now, address: address) }
    }

    /// Client `clientID` consumes its authorised payment consent `id` with payment `paymentID`;
    /// of two payments racing for one consent, one wins and the other gets
    /// ``ConsentError/wrongStatus(_:_:)`` (`Consumed`).
    @discardableResult
    public func consume(id: String, paymentID: String, clientID: String, address: String?) async throws -> Consent {
        try await change(id) { consent, now throws(ConsentError) in
            try consent.consume(paymentID: paymentID, clientID: clientID, at: now, address: address)
        }
    }

    /// Asks for the customer to authenticate again before payment consent `id` serves a payment.
    @discardableResult
    public func requireStepUp(id: String) async throws -> Consent {
        try await change(id) { consent, now throws(ConsentError) in try consent.requireStepUp(at: now) }
    }

    /// The customer, signed in at `authenticatedAt`, authenticated again for payment consent `id`'s pending step-up.
    @discardableResult
    public func confirmStepUp(id: String, customerID: String, authenticatedAt: Date, address: String?) async throws -> Consent {
        try await change(id) { consent, now throws(ConsentError) in
            try consent.confirmStepUp(customerID: customerID, authenticatedAt: authenticatedAt, at: now, address: address)
        }
    }

    /// Records that consent `id`, authorised or awaiting authorisation, has passed its expiry, as an audit event.
    @discardableResult
    public func recordExpiry(id: String) async throws -> Consent {
        try await change(id) { consent, now throws(ConsentError) in try consent.recordExpiry(at: now) }
    }

    private func change(
        _ id: String, _ make: (Consent, Date) throws(ConsentError) -> ConsentChange
    ) async throws -> Consent {
        // Each lost race means another change was stored; a few rounds settle any real contention.
        for _ in 0..<5 {
            guard let current = try await store.consent(id: id) else { throw ConsentError.notFound(id) }
            let change = try make(current, clock())
            if try await store.apply(change, expectedVersion: current.version) {
                await changed(change)
                return change.consent
            }
        }
        throw ConsentStoreContention(consentID: id)
    }
}

/// A consent kept changing under every attempt to change it.
public struct ConsentStoreContention: Error, Sendable, CustomStringConvertible {
    public let consentID: String
    public var description: String { "consent \(consentID) changed under every attempt to update it" }
}
