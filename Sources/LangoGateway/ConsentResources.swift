import Foundation
import Hummingbird
import LangoConsent
import LangoOpenBanking
import LangoPolicy

/// The operations of the built-in `consents` adapter (``PolicyVocabulary/consentsAdapterVocabulary``).
enum ConsentOperation: String, CaseIterable, Sendable {
    case createAccountAccessConsent = "create-account-access-consent"
    case getAccountAccessConsent = "get-account-access-consent"
    case deleteAccountAccessConsent = "delete-account-access-consent"
    case createDomesticPaymentConsent = "create-domestic-payment-consent"
    case getDomesticPaymentConsent = "get-domestic-payment-consent"
    case createBulkPaymentConsent = "create-bulk-payment-consent"
    case getBulkPaymentConsent = "get-bulk-payment-consent"

    /// The path parameter the consent id is read from.
    static let consentParameter = "ConsentId"

    var readsBody: Bool { [.createAccountAccessConsent, .createDomesticPaymentConsent, .createBulkPaymentConsent].contains(self) }

    /// The kind of consent the operation works on.
    var kind: ConsentRequirement.Kind {
        switch self {
        case .createAccountAccessConsent, .getAccountAccessConsent, .deleteAccountAccessConsent: .accountAccess
        case .createDomesticPaymentConsent, .getDomesticPaymentConsent, .createBulkPaymentConsent, .getBulkPaymentConsent: .payment
        }
    }

    /// Whether `consent` is of the kind the operation works on (a bulk consent is not a single payment's).
    func serves(_ consent: Consent) -> Bool {
        consent.kind == kind && (consent.payment?.isBulk ?? false) == (self == .getBulkPaymentConsent)
    }
}

/// One call of the OBIE consent resources, by the client that owns them: account-access
/// consents are created (201 `OBReadConsentResponse1`), read and deleted (204); domestic
/// payment consents are created (201 `OBWriteDomesticConsentResponse5`) and read. A consent
/// that does not exist, was deleted, is another client's or of the other kind is the same 400
/// `UK.OBIE.Resource.NotFound`, so a client learns nothing of other clients' consents.
struct ConsentResourceCall {
    let consents: GatewayConsents
    let operation: ConsentOperation
    let clientID: String
    let appID: String
    let parameters: PathParameters
    let body: ByteBuffer?
    /// Absolute URL of the request, without its query.
    let resourceURL: String
    let interactionID: String
    /// Where the client called from, for the audit trail.
    let address: String?
    /// The account-access permissions the policies in force serve.
    let servedPermissions: Set<AccountPermission>

    func perform() async -> UpstreamOutcome {
        do {
            return UpstreamOutcome(response: try await answer())
        } catch let error as OBIERequestError {
            return UpstreamOutcome(response: ErrorResponses.obie(error, interactionID: interactionID), failure: "invalid_request")
        } catch let error as ConsentError where error.isNotFound {
            return UpstreamOutcome(response: notFound, failure: "not_found")
        } catch {
            return UpstreamOutcome(
                response: ErrorResponses.unexpected(interactionID: interactionID, message: "the consent could not be read or stored"),
                failure: "consent_store_unavailable")
        }
    }

    private var consentID: String { parameters[ConsentOperation.consentParameter] ?? "" }

    private func answer() async throws -> Response {
        switch operation {
        case .createAccountAccessConsent:
            let request = try AccountAccessConsentRequest.parse(
                body?.readableBytesView ?? ByteBuffer().readableBytesView, now: consents.clock(), served: servedPermissions)
            let consent = try await consents.service.create(request, clientID: clientID, appID: appID, address: address)
            return obieResponse(consent.obieResponse(selfURL: resourceURL + "/" + consent.id), status: .created)
        case .createDomesticPaymentConsent:
            let request = try DomesticPaymentConsentRequest.parse(body?.readableBytesView ?? ByteBuffer().readableBytesView)
            let consent = try await consents.service.create(request, clientID: clientID, appID: appID, address: address)
            return obieResponse(consent.obieResponse(selfURL: resourceURL + "/" + consent.id), status: .created)
        case .createBulkPaymentConsent:
            let request = try BulkPaymentConsentRequest.parse(body?.readableBytesView ?? ByteBuffer().readableBytesView)
            let consent = try await consents.service.create(request, clientID: clientID, appID: appID, address: address)
            return obieResponse(consent.obieResponse(selfURL: resourceURL + "/" + consent.id), status: .created)
        case .getAccountAccessConsent, .getDomesticPaymentConsent, .getBulkPaymentConsent:
            guard let consent = try await consents.service.consent(id: consentID, clientID: clientID), operation.serves(consent) else {
                return notFound
            }
            return obieResponse(consent.obieResponse(selfURL: resourceURL))
        case .deleteAccountAccessConsent:
            guard try await consents.service.consent(id: consentID, clientID: clientID)?.kind == .accountAccess else { return notFound }
            try await consents.service.delete(id: consentID, clientID: clientID, address: address)
            return Response(status: .noContent)
        }
    }

    private var notFound: Response {
        let kind =
            switch operation {
            case .createBulkPaymentConsent, .getBulkPaymentConsent: "bulk payment consent"
            case .createDomesticPaymentConsent, .getDomesticPaymentConsent: "domestic payment consent"
            case .createAccountAccessConsent, .getAccountAccessConsent, .deleteAccountAccessConsent: "account-access consent"
            }
        return ErrorResponses.obie(
            status: 400, interactionID: interactionID, code: "UK.OBIE.Resource.NotFound",
            message: "this client has no \(kind) \(consentID)", path: ConsentOperation.consentParameter)
    }
}
