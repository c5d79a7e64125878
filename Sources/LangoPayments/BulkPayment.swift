import Foundation
import LangoBank
import LangoConsent
import LangoJSON
import LangoOpenBanking

/// A bulk payment as its client reads it: the payments made together under one bulk consent,
/// each with its own status, and what they come to.
public struct BulkPayment: Sendable, Hashable {
    /// Where the bulk stands, worked out from its payments.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Some payment is not final yet.
        case pending = "Pending"
        /// Every payment completed.
        case completed = "Completed"
        /// Some completed, some were rejected.
        case partiallyCompleted = "PartiallyCompleted"
        /// Every payment was rejected.
        case rejected = "Rejected"
    }

    public let id: String
    /// In the order of the consent's `Initiations`; never empty.
    public let payments: [DomesticPayment]

    /// The bulk of `payments` (those of one bulk, in order); `nil` when there are none.
    public init?(_ payments: [DomesticPayment]) {
        guard let first = payments.first, let bulk = first.bulk else { return nil }
        self.id = bulk.id
        self.payments = payments
    }

    public var status: Status {
        if payments.contains(where: { !$0.status.isFinal }) { return .pending }
        let completed = payments.filter { $0.status == .acceptedSettlementCompleted }.count
        return completed == payments.count ? .completed : completed == 0 ? .rejected : .partiallyCompleted
    }

    /// The bulk as `/lango/v1/pisp/bulk-payments` answers it, with `selfURL` as `Links.Self`:
    /// `BulkPaymentId`, `ConsentId`, `Status`, `NumberOfTransactions`, `ControlSum` and each
    /// payment's `DomesticPaymentId`, references, amount and OBIE status (with the `Reason` of a
    /// rejection).
    public func response(selfURL: String) -> JSONValue {
        let first = payments[0]
        let total = payments.reduce(0) { $0 + $1.initiation.amount.minorUnits }
        let data: JSONObject = [
            "BulkPaymentId": .string(id),
            "ConsentId": .string(first.consentID),
            "CreationDateTime": .string(ISO8601.format(first.createdAt)),
            "Status": .string(status.rawValue),
            "StatusUpdateDateTime": .string(ISO8601.format(payments.map(\.statusUpdatedAt).max() ?? first.createdAt)),
            "NumberOfTransactions": .integer(Int64(payments.count)),
            "ControlSum": .string(Money(minorUnits: total, currency: first.initiation.amount.currency).decimalString),
            "Payments": .array(
                payments.map { payment in
                    var item: JSONObject = [
                        "DomesticPaymentId": .string(payment.id),
                        "InstructionIdentification": .string(payment.initiation.instructionIdentification),
                        "EndToEndIdentification": .string(payment.initiation.endToEndIdentification),
                        "InstructedAmount": payment.initiation.amount.obieAmount,
                        "Status": .string(payment.status.rawValue),
                        "StatusUpdateDateTime": .string(ISO8601.format(payment.statusUpdatedAt)),
                    ]
                    if let reason = payment.rejectionReason { item["Reason"] = .string(reason) }
                    return .object(item)
                }),
        ]
        return OBIEDocument.resource(data: data, selfURL: selfURL)
    }
}
