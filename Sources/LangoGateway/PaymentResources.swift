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

    /// `payment.completed` or `payment.failed` for the payment's app, and `transaction.posted`
    /// for the debit a completed payment booked.
    static func publish(_ payment: DomesticPayment, to webhooks: WebhookRegistry?, logger: Logger) async {
        guard let webhooks, payment.status.isFinal else { return }
        var events: [(WebhookEventType, JSONValue)] = []
        var data: JSONObject = [
            "DomesticPaymentId": .string(payment.id), "ConsentId": .string(payment.consentID), "Status": .string(payment.status.rawValue),
            "StatusUpdateDateTime": .string(ISO8601.format(payment.statusUpdatedAt)),
            "Amount": ["Amount": .string(payment.initiation.amount.decimalString), "Currency": .string(payment.initiation.amount.currency)],
        ]
        if let reason = payment.rejectionReason { data["Reason"] = .string(reason) }
        events.append((payment.status == .rejected ? .paymentFailed : .paymentCompleted, .object(data)))
        if let transactionID = payment.transactionID {
            events.append(
                (
                    .transactionPosted,
                    [
                        "AccountId": .string(payment.debtorAccountID), "TransactionId": .string(transactionID),
                        "CreditDebitIndicator": "Debit", "DomesticPaymentId": .string(payment.id),
                        "Amount": ["Amount": .string(payment.initiation.amount.decimalString), "Currency": .string(payment.initiation.amount.currency)],
                    ]
                ))
        }
        for (type, data) in events {
            do {
                try await webhooks.publish(appID: payment.appID, type: type, data: data, at: payment.statusUpdatedAt)
            } catch {
                logger.error("payment webhook not enqueued", metadata: ["payment": "\(payment.id)", "type": "\(type.rawValue)", "error": "\(error)"])
            }
        }
    }
}

/// The operations of the built-in `payments` adapter (``PolicyVocabulary/paymentsAdapterVocabulary``).
enum PaymentOperation: String, CaseIterable, Sendable {
    case createDomesticPayment = "create-domestic-payment"
    case getDomesticPayment = "get-domestic-payment"

    /// The path parameter the payment id is read from.
    static let paymentParameter = "DomesticPaymentId"

    var readsBody: Bool { self == .createDomesticPayment }
}

/// One call of the OBIE domestic payment resources.
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
    /// Where the client called from, for the consent's audit trail.
    let address: String?

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
        } catch {
            return UpstreamOutcome(
                response: ErrorResponses.unexpected(interactionID: interactionID, message: "the payment could not be read or stored"),
                failure: "payment_store_unavailable")
        }
    }

    private var paymentID: String { parameters[PaymentOperation.paymentParameter] ?? "" }

    private func answer() async throws -> Response {
        switch operation {
        case .createDomesticPayment:
            let request = try DomesticPaymentRequest.parse(body?.readableBytesView ?? ByteBuffer().readableBytesView)
            guard let consent, let terms = consent.payment, let customerID = consent.customerID, let debtor = consent.accountIDs.first else {
                throw OBIERequestError(
                    errorCode: .resourceInvalidConsentStatus, message: "the access token is not bound to an authorised payment consent")
            }
            try request.check(against: terms, consentID: consent.id)
            let paymentID = DomesticPayment.newID()
            try await payments.consents.service.consume(id: consent.id, paymentID: paymentID, clientID: clientID, address: address)
            let payment = DomesticPayment(
                id: paymentID, consentID: consent.id, clientID: clientID, appID: appID, customerID: customerID, debtorAccountID: debtor,
                initiation: terms.initiation,
                scenario: environment == .sandbox ? SandboxPaymentScenario(amount: terms.initiation.amount) : nil, at: payments.clock())
            try await payments.store.create(payment)
            return obieResponse(payment.obieResponse(selfURL: resourceURL + "/" + payment.id), status: .created)
        case .getDomesticPayment:
            guard let payment = try await payments.store.payment(id: paymentID), payment.clientID == clientID else {
                return ErrorResponses.obie(
                    status: 400, interactionID: interactionID, code: OBIEErrorCode.resourceNotFound.rawValue,
                    message: "this client has no domestic payment \(paymentID)", path: PaymentOperation.paymentParameter)
            }
            return obieResponse(payment.obieResponse(selfURL: resourceURL))
        }
    }
}
