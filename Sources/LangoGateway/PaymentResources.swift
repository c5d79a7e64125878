import Foundation
import Hummingbird
import LangoBank
import LangoConsent
import LangoIdentity
import LangoJSON
import LangoOpenBanking
import LangoPayments
import LangoPolicy
import LangoWebhooks
import Logging

/// The gateway's payments: the store behind the built-in `payments` adapter and the consents
/// payments consume.
struct GatewayPayments: Sendable {
    let store: any PaymentStore
    let consents: GatewayConsents
    let clock: @Sendable () -> Date

    /// How long a payment waits for its consent to record it before it is rejected (the request
    /// that made it stopped between storing it and consuming the consent).
    static let consumptionWait: TimeInterval = 300

    /// Whether `payment` is the one its consent was consumed for: payments are stored before the
    /// consent is consumed, so none executes unless the consumption that names it was stored.
    @Sendable func authorisation(of payment: DomesticPayment) async throws -> PaymentAuthorisation {
        guard let consent = try await consents.service.store.consent(id: payment.consentID) else {
            return .refused("payment consent \(payment.consentID) does not exist")
        }
        if consent.paymentID == (payment.bulk?.id ?? payment.id) { return .confirmed }
        if consent.status == .authorised, consent.paymentID == nil, clock().timeIntervalSince(payment.createdAt) < Self.consumptionWait {
            return .waiting
        }
        return .refused("payment consent \(consent.id) was not used for this payment")
    }

    /// Writes the webhook events `payment`'s outcome owes to the outbox: `payment.completed`
    /// or `payment.failed` for its app; for a booked payment also `transaction.posted` to it,
    /// and `balance.low` when its debit took the account's booked balance below the threshold
    /// of its currency (only on crossing it, and only when the booking's balance is known) — to
    /// the apps whose account-access consent lets them read that account's balances, not to a
    /// payments-only app. Throws when an event could not be written, so the announcement stays due.
    func announce(_ payment: DomesticPayment, lowBalanceThresholds: [String: Money], to webhooks: WebhookRegistry) async throws {
        guard payment.status.isFinal else { return }
        let amount = payment.initiation.amount
        var data: JSONObject = [
            "DomesticPaymentId": .string(payment.id), "ConsentId": .string(payment.consentID), "Status": .string(payment.status.rawValue),
            "StatusUpdateDateTime": .string(ISO8601.format(payment.statusUpdatedAt)), "Amount": amount.obieAmount,
        ]
        if let reason = payment.rejectionReason { data["Reason"] = .string(reason) }
        var events: [(String, WebhookEventType, JSONValue)] = [
            (payment.appID, payment.status == .rejected ? .paymentFailed : .paymentCompleted, .object(data))
        ]
        if let transactionID = payment.transactionID {
            events.append(
                (
                    payment.appID, .transactionPosted,
                    [
                        "AccountId": .string(payment.debtorAccountID), "TransactionId": .string(transactionID), "CreditDebitIndicator": "Debit",
                        "DomesticPaymentId": .string(payment.id), "Amount": amount.obieAmount,
                    ]
                ))
        }
        if let after = payment.announcement?.balanceAfter, let direction = payment.announcement?.balanceAfterCreditDebit,
            let threshold = lowBalanceThresholds[after.currency]
        {
            let balance = after.signedMinorUnits(direction)
            if balance < threshold.minorUnits, balance + amount.minorUnits >= threshold.minorUnits {
                let low: JSONValue = [
                    "AccountId": .string(payment.debtorAccountID),
                    "Balance": [
                        "Amount": .string(after.decimalString), "Currency": .string(after.currency),
                        "CreditDebitIndicator": .string(direction == .credit ? "Credit" : "Debit"),
                    ],
                    "Threshold": threshold.obieAmount,
                ]
                let readers = try await balanceReaders(customerID: payment.customerID, accountID: payment.debtorAccountID)
                events += readers.map { ($0, .balanceLow, low) }
            }
        }
        for (appID, type, data) in events {
            // One event of each type per payment outcome: written again, it is the same message.
            try await webhooks.publish(
                appID: appID, type: type, event: "\(payment.id)/\(payment.status.rawValue)", data: data, at: payment.statusUpdatedAt)
        }
    }

    /// Whether `accountID` holds `amount` now: its available balance (the booked one when the
    /// core gives no available balance) is in the amount's currency and at least the amount.
    func fundsAvailable(
        _ amount: Money, in accountID: String, customerID: String, interactionID: String, timeout: Duration
    ) async throws -> Bool {
        guard let bank = consents.bank else { throw CoreBankError.unavailable("no core bank is configured for payments") }
        let balances = try await bank.balances(
            accountID,
            CoreRequestContext(
                scope: CustomerScope(customerID: customerID, accounts: [accountID]), timeout: timeout, interactionID: interactionID))
        guard let balance = balances.first(where: { $0.type == "InterimAvailable" }) ?? balances.first(where: { $0.type == "InterimBooked" }),
            balance.amount.currency == amount.currency
        else { return false }
        return balance.amount.signedMinorUnits(balance.creditDebit) >= amount.minorUnits
    }

    /// The apps that may read the balances of `accountID`: an authorised, unexpired
    /// account-access consent of the customer grants `ReadBalances` over it.
    func balanceReaders(customerID: String, accountID: String) async throws -> [String] {
        let now = clock()
        let readers = try await consents.service.store.consents(customerID: customerID).filter {
            $0.kind == .accountAccess && $0.standing(at: now, rules: consents.rules) == .authorised && $0.grants(.readBalances)
                && $0.accountIDs.contains(accountID)
        }
        return Array(Set(readers.map(\.appID))).sorted()
    }
}

/// The operations of the built-in `payments` adapter (``PolicyVocabulary/paymentsAdapterVocabulary``).
enum PaymentOperation: String, CaseIterable, Sendable {
    case createDomesticPayment = "create-domestic-payment"
    case getDomesticPayment = "get-domestic-payment"
    case getDomesticPaymentDetails = "get-domestic-payment-details"
    case confirmDomesticPaymentFunds = "confirm-domestic-payment-funds"
    case createBulkPayment = "create-bulk-payment"
    case getBulkPayment = "get-bulk-payment"

    /// The path parameter the resource id is read from.
    var idParameter: String {
        switch self {
        case .getBulkPayment: "BulkPaymentId"
        case .confirmDomesticPaymentFunds: "ConsentId"
        case .createDomesticPayment, .getDomesticPayment, .getDomesticPaymentDetails, .createBulkPayment: "DomesticPaymentId"
        }
    }

    var readsBody: Bool { self == .createDomesticPayment || self == .createBulkPayment }
}

/// One call of the OBIE domestic payment resources, or of Lango's bulk payments (many
/// payments under one bulk consent, made together, each executed and reported on its own).
///
/// Create (201 `OBWriteDomesticResponse5`) runs under the payment consent the access token is
/// bound to, which the policy's `consent` obligation has checked (this client's, authorised by
/// this customer, not consumed): the body must name that consent and repeat its `Initiation`
/// (else 400 `UK.OBIE.Resource.ConsentMismatch`), and the payment consumes the consent before
/// it is stored, so of two racing payments one is made and the other is refused (400
/// `UK.OBIE.Resource.InvalidConsentStatus`). The payment is stored `Pending` and executed by
/// the payment execution service. Read answers a payment of the calling client; any other id is
/// 400 `UK.OBIE.Resource.NotFound`.
struct PaymentResourceCall {
    let payments: GatewayPayments
    let operation: PaymentOperation
    let clientID: String
    let appID: String
    let environment: AppEnvironment?
    /// The consent the access token is bound to (create only).
    let consent: Consent?
    let parameters: PathParameters
    let body: ByteBuffer?
    /// Absolute URL of the request, without its query.
    let resourceURL: String
    let interactionID: String
    /// How long the core bank may take to answer (the rule's `timeout_ms`).
    let bankTimeout: Duration
    /// Where the client called from, for the consent's audit trail.
    let address: String?
    /// The fraud check of the request, kept with the payments it makes.
    let fraud: FraudRecord?

    func perform() async -> UpstreamOutcome {
        do {
            return UpstreamOutcome(response: try await answer())
        } catch let error as OBIERequestError {
            return UpstreamOutcome(response: ErrorResponses.obie(error, interactionID: interactionID), failure: "invalid_request")
        } catch let error as ConsentError {
            return UpstreamOutcome(
                response: ErrorResponses.obie(
                    status: 400, interactionID: interactionID, code: OBIEErrorCode.resourceInvalidConsentStatus.rawValue,
                    message: "the payment cannot be made: \(error)", path: "Data.ConsentId"),
                failure: "consent_not_usable")
        } catch let error as CoreBankError {
            // Only the funds check asks the core bank here; payments are booked by the executor.
            return .coreBankFailure(error, interactionID: interactionID)
        } catch {
            return UpstreamOutcome(
                response: ErrorResponses.unexpected(interactionID: interactionID, message: "the payment could not be read or stored"),
                failure: "payment_store_unavailable")
        }
    }

    private var resourceID: String { parameters[operation.idParameter] ?? "" }

    private func answer() async throws -> Response {
        switch operation {
        case .createDomesticPayment:
            let request = try DomesticPaymentRequest.parse(body?.readableBytesView ?? ByteBuffer().readableBytesView)
            let (consent, terms) = try usableConsent(bulk: false)
            try request.check(against: terms, consentID: consent.id)
            let payment = try await make(under: consent, terms, bulkID: nil)[0]
            return obieResponse(payment.obieResponse(selfURL: resourceURL + "/" + payment.id), status: .created)
        case .createBulkPayment:
            let request = try BulkPaymentRequest.parse(body?.readableBytesView ?? ByteBuffer().readableBytesView)
            let (consent, terms) = try usableConsent(bulk: true)
            try request.check(against: terms, consentID: consent.id)
            let bulkID = BulkMembership.newID()
            guard let bulk = BulkPayment(try await make(under: consent, terms, bulkID: bulkID)) else { throw notFound }
            return obieResponse(bulk.response(selfURL: resourceURL + "/" + bulkID), status: .created)
        case .getDomesticPayment:
            guard let payment = try await payments.store.payment(id: resourceID), payment.clientID == clientID else { throw notFound }
            return obieResponse(payment.obieResponse(selfURL: resourceURL))
        case .getDomesticPaymentDetails:
            guard let payment = try await payments.store.payment(id: resourceID), payment.clientID == clientID else { throw notFound }
            return obieResponse(payment.obieDetailsResponse(selfURL: resourceURL))
        case .confirmDomesticPaymentFunds:
            let (consent, terms) = try usableConsent(bulk: false)
            guard consent.id == resourceID else {
                throw OBIERequestError(
                    errorCode: .resourceConsentMismatch, message: "the access token is bound to consent \(consent.id), not \(resourceID)",
                    path: operation.idParameter)
            }
            let available = try await payments.fundsAvailable(
                terms.total, in: consent.accountIDs[0], customerID: consent.customerID ?? "", interactionID: interactionID,
                timeout: bankTimeout)
            return obieResponse(
                OBIEDocument.resource(
                    data: ["FundsAvailableResult": ["FundsAvailableDateTime": .string(ISO8601.format(payments.clock())), "FundsAvailable": .bool(available)]],
                    selfURL: resourceURL))
        case .getBulkPayment:
            guard let bulk = BulkPayment(try await payments.store.payments(bulkID: resourceID)), bulk.payments[0].clientID == clientID else {
                throw notFound
            }
            return obieResponse(bulk.response(selfURL: resourceURL))
        }
    }

    /// The token's consent, if it is an authorised payment consent of the operation's kind.
    private func usableConsent(bulk: Bool) throws(OBIERequestError) -> (Consent, PaymentConsentTerms) {
        guard let consent, let terms = consent.payment, consent.customerID != nil, !consent.accountIDs.isEmpty else {
            throw OBIERequestError(
                errorCode: .resourceInvalidConsentStatus, message: "the access token is not bound to an authorised payment consent")
        }
        guard terms.isBulk == bulk else {
            throw OBIERequestError(
                errorCode: .resourceConsentMismatch,
                message: bulk
                    ? "consent \(consent.id) is for a single payment: make it at /open-banking/v3.1/pisp/domestic-payments"
                    : "consent \(consent.id) is a bulk consent: make its payments at /lango/v1/pisp/bulk-payments",
                path: "Data.ConsentId")
        }
        return (consent, terms)
    }

    /// Stores the consent's payments `Pending` (all of them or none), then consumes the consent
    /// for them. The execution service runs a payment only once its consent records it, so a
    /// request that stops in between, or loses the race for the consent, moves no money: its
    /// payments are rejected.
    private func make(under consent: Consent, _ terms: PaymentConsentTerms, bulkID: String?) async throws -> [DomesticPayment] {
        let now = payments.clock()
        let made = terms.initiations.enumerated().map { position, initiation in
            DomesticPayment(
                consentID: consent.id, clientID: clientID, appID: appID, customerID: consent.customerID ?? "",
                debtorAccountID: consent.accountIDs[0], initiation: initiation, bulk: bulkID.map { BulkMembership(id: $0, position: position) },
                fraudCheck: fraud.map { PaymentFraudCheck(hook: $0.hook, action: $0.action, score: $0.score, failMode: $0.failMode) },
                scenario: environment == .sandbox ? SandboxPaymentScenario(amount: initiation.amount) : nil, at: now)
        }
        try await payments.store.create(made)
        do {
            try await payments.consents.service.consume(id: consent.id, paymentID: bulkID ?? made[0].id, clientID: clientID, address: address)
        } catch let error as ConsentError {
            // Another payment took the consent: these never run, and say so at once.
            for payment in made {
                _ = try? await payments.store.update(
                    payment.rejected(reason: "payment consent \(consent.id) was used for another payment", at: payments.clock()),
                    expectedVersion: payment.version)
            }
            throw error
        }
        return made
    }

    private var notFound: OBIERequestError {
        OBIERequestError(
            errorCode: .resourceNotFound,
            message: "this client has no \(operation == .getBulkPayment ? "bulk payment" : "domestic payment") \(resourceID)",
            path: operation.idParameter)
    }
}
