import Foundation
import LangoBank
import LangoConsent
import LangoOAuth
import LangoPolicy

/// The gateway's consents: the store behind the built-in `consents` adapter, the intents the
/// authorization server shows customers, and the facts the policy engine checks a bound token
/// against.
struct GatewayConsents: Sendable {
    let service: ConsentService
    /// What the lookups read: this node's copy, kept in step with every node's changes.
    let cache: ConsentCache
    /// When consents served requests, until the upkeep service writes it.
    let uses = ConsentUseLog()
    let rules: ConsentRules
    /// The bank whose accounts customers choose from; `nil` when the configuration has none.
    let bank: (any CoreBank)?
    let clock: @Sendable () -> Date

    /// How long the account selection waits for the core bank.
    static let bankTimeout: Duration = .seconds(5)

    /// `store`'s consents for this node: changes through the service drop the cached copy at
    /// once (``ConsentAnnouncer`` tells apps' webhooks of them from the audit trail).
    init(store: any ConsentStore, rules: ConsentRules, bank: (any CoreBank)?, clock: @escaping @Sendable () -> Date) {
        let cache = ConsentCache(store: store, clock: clock)
        self.cache = cache
        self.service = ConsentService(store: store, clock: clock) { change in cache.forget(change.consent.id) }
        self.rules = rules
        self.bank = bank
        self.clock = clock
    }

    /// The consent a token is bound to: what the policy engine checks, and the consent itself
    /// to shape the response by once the request is allowed.
    func lookup(id: String) async -> (facts: ConsentLookup, consent: Consent?) {
        do {
            guard let consent = try await cache.consent(id: id), consent.deletedAt == nil else { return (.unknown, nil) }
            return (.found(consent.facts(at: clock(), rules: rules)), consent)
        } catch {
            return (.unavailable("the consent store cannot be read: \(error)"), nil)
        }
    }
}

extension GatewayConsents: AuthorizationIntents {
    func pendingIntent(id: String, clientID: String) async throws -> PendingIntent {
        guard let consent = try await service.consent(id: id, clientID: clientID) else {
            throw OAuthError.invalidRequest("\(AuthorizationRequest.intentClaim) \(id) is not a consent of this client")
        }
        let isStepUp = consent.status == .authorised && consent.stepUpRequestedAt != nil
        guard consent.status == .awaitingAuthorisation || isStepUp else {
            throw OAuthError.invalidRequest("consent \(id) is \(consent.status.rawValue), not AwaitingAuthorisation")
        }
        guard !consent.isExpired(at: clock()) else { throw OAuthError.invalidRequest("consent \(id) has expired") }
        let payment = consent.payment.map { terms in
            PendingPayment(
                total: terms.total.decimalString, currency: terms.total.currency,
                payees: terms.initiations.map { initiation in
                    PendingPayment.Payee(
                        amount: initiation.amount.decimalString, name: initiation.creditorAccount.name ?? initiation.creditorAccount.identification,
                        account: initiation.creditorAccount.identification,
                        reference: initiation.remittanceReference ?? initiation.remittanceUnstructured)
                })
        }
        return PendingIntent(
            id: consent.id, permissions: consent.permissions, expiresAt: consent.expiresAt, transactionFrom: consent.transactionFrom,
            transactionTo: consent.transactionTo, payment: payment, isStepUp: isStepUp)
    }

    /// For a payment, the accounts in the payment's currency — only the debtor account when the
    /// client named one; for account access, every account of the customer.
    func selectableAccounts(intentID: String, customerID: String) async throws -> [SelectableAccount] {
        let accounts = try await customerAccounts(customerID: customerID)
        guard let consent = try await service.store.consent(id: intentID), let terms = consent.payment else {
            return accounts.map(Self.selectable)
        }
        // A step-up confirms the payment from the account already chosen.
        if consent.stepUpRequestedAt != nil { return accounts.filter { consent.accountIDs.contains($0.id) }.map(Self.selectable) }
        let initiation = terms.initiation
        return accounts.filter { account in
            account.currency == initiation.amount.currency
                && initiation.debtorAccount.map { $0.identification == account.identification } ?? true
        }.map(Self.selectable)
    }

    /// Every account of the customer, as the customer's pages name them.
    func selectableAccounts(customerID: String) async throws -> [SelectableAccount] {
        try await customerAccounts(customerID: customerID).map(Self.selectable)
    }

    private func customerAccounts(customerID: String) async throws -> [Account] {
        guard let bank else { throw OAuthError.serverError("no core bank is configured for consents") }
        let context = CoreRequestContext(
            scope: CustomerScope(customerID: customerID), timeout: Self.bankTimeout, interactionID: UUID().uuidString.lowercased())
        return try await bank.accounts(context)
    }

    private static func selectable(_ account: Account) -> SelectableAccount {
        SelectableAccount(
            id: account.id, name: account.nickname.isEmpty ? (account.description ?? account.accountSubType) : account.nickname,
            maskedIdentification: masked(account.identification), currency: account.currency)
    }

    func authorise(id: String, customerID: String, authenticatedAt: Date, accountIDs: [String], address: String?) async throws {
        do {
            if let consent = try await service.store.consent(id: id), consent.stepUpRequestedAt != nil {
                guard accountIDs == consent.accountIDs else { throw ConsentError.oneDebtorAccount }
                try await service.confirmStepUp(id: id, customerID: customerID, authenticatedAt: authenticatedAt, address: address)
            } else {
                try await service.authorise(id: id, customerID: customerID, accountIDs: accountIDs, address: address)
            }
        } catch let error as ConsentError {
            throw OAuthError.accessDenied("the consent cannot be authorised: \(error)")
        }
    }

    func reject(id: String, customerID: String, address: String?) async throws {
        do {
            try await service.reject(id: id, customerID: customerID, address: address)
        } catch let error as ConsentError {
            throw OAuthError.accessDenied("the consent cannot be rejected: \(error)")
        }
    }

    func isActive(id: String, clientID: String, customerID: String) async throws -> Bool {
        guard let consent = try await service.consent(id: id, clientID: clientID), consent.customerID == customerID else { return false }
        return consent.standing(at: clock(), rules: rules) == .authorised
    }

    /// All but the last four characters hidden: `••••6789`.
    static func masked(_ identification: String) -> String {
        "••••" + identification.suffix(4)
    }
}
