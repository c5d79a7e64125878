import LangoConsent
import LangoJSON
import LangoOpenBanking

extension DomesticPayment {
    /// The payment as OBIE `OBWriteDomesticResponse5`: what `POST /domestic-payments` (201) and
    /// `GET /domestic-payments/{DomesticPaymentId}` answer, with `selfURL` as `Links.Self`.
    public func obieResponse(selfURL: String) -> JSONValue {
        let data: JSONObject = [
            "DomesticPaymentId": .string(id),
            "ConsentId": .string(consentID),
            "CreationDateTime": .string(ISO8601.format(createdAt)),
            "Status": .string(status.rawValue),
            "StatusUpdateDateTime": .string(ISO8601.format(statusUpdatedAt)),
            "Initiation": initiation.jsonValue,
        ]
        return OBIEDocument.resource(data: data, selfURL: selfURL)
    }

    /// The payment's status as OBIE `OBWritePaymentDetailsResponse1`, what
    /// `GET /domestic-payments/{DomesticPaymentId}/payment-details` answers: one entry, under the
    /// core's transaction id once booked (the payment id before), with the rejection reason.
    public func obieDetailsResponse(selfURL: String) -> JSONValue {
        var entry: JSONObject = [
            "PaymentTransactionId": .string(OBIEText.clipped(transactionID ?? id, to: 210)),
            "Status": .string(status.rawValue),
            "StatusUpdateDateTime": .string(ISO8601.format(statusUpdatedAt)),
        ]
        var detail: JSONObject = ["Status": .string(status.rawValue)]
        if let instrument = initiation.localInstrument { detail["LocalInstrument"] = .string(instrument) }
        if let reason = rejectionReason {
            detail["StatusReason"] = "ProprietaryRejection"
            detail["StatusReasonDescription"] = .string(OBIEText.clipped(reason, to: 256))
        }
        entry["StatusDetail"] = .object(detail)
        return OBIEDocument.resource(data: ["PaymentStatus": [.object(entry)]], selfURL: selfURL)
    }
}
