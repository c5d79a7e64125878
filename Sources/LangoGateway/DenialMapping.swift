import LangoPolicy

/// How a policy denial appears in an `OBErrorResponse1`.
///
/// Where OBIE has a code for the failure (a missing or invalid header, an unknown resource)
/// it is used; otherwise the code is in Lango's own namespace, `LANGO.` + the reason in
/// upper camel case (`scope_missing` → `LANGO.ScopeMissing`). The reason code itself is also
/// sent in `x-lango-reason`.
enum DenialMapping {
    struct Rendering {
        var errorCode: String
        var path: String?
        /// The `WWW-Authenticate` challenge for a 401.
        var challenge: String
    }

    static func obie(for reason: DenialReason, rule: Rule?) -> Rendering {
        let credentialHeader: String
        let challenge: String
        switch rule?.auth?.kind {
        case .bearer?:
            credentialHeader = "Authorization"
            challenge = #"Bearer realm="lango""#
        default:
            credentialHeader = "x-api-key"
            challenge = #"APIKey realm="lango", header="x-api-key""#
        }
        switch reason.code {
        case "no_route":
            return Rendering(errorCode: "UK.OBIE.Resource.NotFound", path: nil, challenge: challenge)
        case "credential_missing":
            return Rendering(errorCode: "UK.OBIE.Header.Missing", path: credentialHeader, challenge: challenge)
        case "key_unknown", "key_expired", "key_revoked", "token_invalid", "token_expired", "token_revoked":
            return Rendering(errorCode: "UK.OBIE.Header.Invalid", path: credentialHeader, challenge: challenge)
        case "customer_missing":
            return Rendering(errorCode: "UK.OBIE.Header.Missing", path: "x-lango-customer-id", challenge: challenge)
        default:
            return Rendering(errorCode: "LANGO." + upperCamel(reason.code), path: nil, challenge: challenge)
        }
    }

    static func upperCamel(_ code: String) -> String {
        code.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
