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
}
