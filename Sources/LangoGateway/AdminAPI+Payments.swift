import Foundation
import Hummingbird
import LangoJSON
import LangoPayments

/// The admin API's payment route, for the bank's reconciliation with the core's ledger:
///
/// | route | does |
/// |---|---|
/// | `POST /admin/v1/payments/{payment}/reconciliation` `{"outcome": "booked", "transaction_id"}` or `{"outcome": "not_booked", "reason"}` | records what the core's ledger shows for a payment left `AcceptedSettlementInProcess`: 200 with the payment; 404 unknown, 409 not one to reconcile (yet) |
extension AdminAPI {
    func addPayments(_ reconciler: PaymentReconciler, to router: Router<BasicRequestContext>) {
        router.post("/admin/v1/payments/:payment/reconciliation") { request, context in
            try await guarded(request) {
                let object = try Self.object(try await Self.body(of: request), fields: ["outcome", "transaction_id", "reason"])
                let payment = try await reconciler.reconcile(
                    paymentID: try context.parameters.require("payment"), try Self.reconciliation(object), at: Date())
                return jsonResponse(Self.representation(of: payment))
            }
        }
    }

    static func reconciliation(_ object: JSONObject) throws -> PaymentReconciliation {
        switch (object["outcome"]?.stringValue, object["transaction_id"], object["reason"]) {
        case ("booked", .string(let transactionID)?, nil): return .booked(transactionID: transactionID)
        case ("not_booked", nil, .string(let reason)?): return .notBooked(reason: reason)
        default:
            throw AdminError(
                #"the body must be {"outcome": "booked", "transaction_id": "..."} or {"outcome": "not_booked", "reason": "..."}"#)
        }
    }

    static func representation(of payment: DomesticPayment) -> JSONValue {
        var members: JSONObject = [
            "id": .string(payment.id), "consent_id": .string(payment.consentID), "status": .string(payment.status.rawValue),
            "status_updated_at": .string(ISO8601.format(payment.statusUpdatedAt)),
        ]
        if let transactionID = payment.transactionID { members["transaction_id"] = .string(transactionID) }
        if let reason = payment.rejectionReason { members["rejection_reason"] = .string(reason) }
        if let reconciledAt = payment.reconciledAt { members["reconciled_at"] = .string(ISO8601.format(reconciledAt)) }
        return .object(members)
    }
}
