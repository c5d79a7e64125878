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
        /// The `WWW-Authenticate` challenge, if the answer carries one: every 401, and a bearer
        /// rule's 403 for a missing scope (RFC 6750 §3).
        var challenge: String?
    }

    static func obie(for reason: DenialReason, rule: Rule?) -> Rendering {
        let credentialHeader: String
        let challenge: String?
        switch rule?.auth?.kind {
        case .bearer?:
            credentialHeader = "Authorization"
            challenge = bearerChallenge(for: reason, rule: rule)
        default:
            credentialHeader = "x-api-key"
            challenge = reason.status == 401 ? #"APIKey realm="lango", header="x-api-key""# : nil
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
        case "fraud_step_up_required":
            // OBIE's code for "the customer must authenticate again": what a step-up asks for.
            return Rendering(errorCode: "UK.OBIE.Reauthenticate", path: nil, challenge: challenge)
        default:
            return Rendering(errorCode: "LANGO." + upperCamel(reason.code), path: nil, challenge: challenge)
        }
    }

    /// RFC 6750 §3: no error code when no token came, `invalid_token` for a bad one,
    /// `insufficient_scope` (with the scopes needed) on a 403 for scope.
    static func bearerChallenge(for reason: DenialReason, rule: Rule?) -> String? {
        switch reason.code {
        case "token_invalid", "token_expired", "token_revoked":
            return bearerChallenge(error: "invalid_token", description: reason.message)
        case "scope_missing":
            return #"Bearer realm="lango", error="insufficient_scope", scope=""# + (rule?.auth?.scopes ?? []).joined(separator: " ") + #"""#
        default:
            return reason.status == 401 ? #"Bearer realm="lango""# : nil
        }
    }

    /// A challenge naming the RFC 6750 `error`, with `description` made safe to quote.
    static func bearerChallenge(error: String, description: String) -> String {
        #"Bearer realm="lango", error=""# + error + #"", error_description=""# + quoted(description) + #"""#
    }

    /// `text` made safe inside a quoted-string: quotes and backslashes are dropped.
    private static func quoted(_ text: String) -> String {
        text.filter { $0 != "\"" && $0 != "\\" }
    }

    static func upperCamel(_ code: String) -> String {
        code.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
