import LangoJSON
import Testing

@testable import LangoPolicy

@Suite struct DenialReasonTests {
    private static let app = AppFacts(id: "app_x", status: .suspended, environment: .production)

    /// One reason of every kind, with the code and status it must have.
    private static let reasons: [(DenialReason, String, Int)] = [
        (.noRoute(method: "GET", path: "/x"), "no_route", 404),
        (.methodNotAllowed(method: "POST", allowed: ["GET", "PUT"]), "method_not_allowed", 405),
        (.obligationUnsupported([.bearer, .consent]), "obligation_unsupported", 501),
        (.credentialMissing(needed: .apiKey, presented: .none), "credential_missing", 401),
        (.keyUnknown, "key_unknown", 401),
        (.keyWithoutApp, "key_unknown", 401),
        (.keyExpired, "key_expired", 401),
        (.keyRevoked, "key_revoked", 401),
        (.tokenInvalid, "token_invalid", 401),
        (.tokenWithoutApp, "token_invalid", 401),
        (.tokenExpired, "token_expired", 401),
        (.tokenRevoked, "token_revoked", 401),
        (.evaluationError("store down"), "evaluation_error", 503),
        (.appSuspended(app), "app_suspended", 403),
        (.environmentNotAllowed(.production, allowed: [.sandbox]), "environment_not_allowed", 403),
        (.grantNotAllowed(required: .clientCredentials, presented: .authorizationCode), "grant_not_allowed", 403),
        (.scopeMissing(["a", "b"]), "scope_missing", 403),
        (.productNotInPlan("payments", app: app), "product_not_in_plan", 403),
        (.customerMissing(fromHeader: true), "customer_missing", 400),
        (.consentMissing, "consent_missing", 403),
        (.consentUnknown("aac-1"), "consent_unknown", 403),
        (.consentMismatch("aac-1", "belongs to another client"), "consent_mismatch", 403),
        (.consentNotAuthorised(consent), "consent_not_authorised", 403),
        (.consentExpired("aac-1"), "consent_expired", 403),
        (.consentReauthenticationRequired("aac-1"), "consent_reauthentication_required", 403),
        (.permissionMissing("aac-1", needed: [.readBalances]), "permission_missing", 403),
        (.accountNotConsented("aac-1", account: "ACC-9"), "account_not_consented", 403),
        (.fraudDenied, "fraud_denied", 403),
        (.fraudStepUpRequired, "fraud_step_up_required", 403),
        (.fraudUnavailable, "fraud_unavailable", 503),
    ]

    private static let consent = ConsentFacts(
        id: "aac-1", kind: .accountAccess, status: .rejected, clientID: "client_a", customerID: "C0001")

    @Test func codesAndStatuses() {
        for (reason, code, status) in Self.reasons {
            #expect(reason.code == code)
            #expect(reason.status == status)
            #expect(reason.ruleID == nil)
            #expect(DenialReason.allCodes.contains(code))
        }
        let everyCode = Set(Self.reasons.map(\.1) + ["denied_by_rule"])
        #expect(everyCode == Set(DenialReason.allCodes))
        #expect(DenialReason.allCodes.count == everyCode.count)
    }

    @Test func messagesSayWhy() {
        #expect(
            DenialReason.methodNotAllowed(method: "POST", allowed: ["GET", "PUT"]).message
                == "POST is not allowed on this path (allowed: GET, PUT)")
        #expect(
            DenialReason.obligationUnsupported([.bearer, .consent]).message
                == "this route needs bearer, consent, which this gateway does not enforce")
        #expect(
            DenialReason.credentialMissing(needed: .bearer(grant: .any), presented: .apiKey(APIKeyFacts(status: .active))).message
                == "this route needs a bearer token, but the request presented an API key")
        #expect(
            DenialReason.credentialMissing(needed: .apiKey, presented: .unavailable("x")).message
                == "this route needs an API key, but the request presented an unchecked credential")
        #expect(DenialReason.keyExpired.message == "the API key has expired")
        #expect(DenialReason.keyRevoked.message == "the API key has been revoked")
        #expect(DenialReason.keyUnknown.message == "the API key is not known")
        #expect(DenialReason.tokenInvalid.message == "the access token is not valid")
        #expect(DenialReason.tokenExpired.message == "the access token has expired")
        #expect(DenialReason.tokenRevoked.message == "the access token has been revoked")
        #expect(DenialReason.tokenWithoutApp.message == "the access token belongs to no app")
        #expect(DenialReason.scopeMissing(["a", "b"]).description == "403 scope_missing: the credential lacks scopes a, b")
        #expect(
            DenialReason.environmentNotAllowed(.sandbox, allowed: [.production, .sandbox]).message
                == "this route does not admit sandbox apps (allowed: sandbox, production)")
        #expect(DenialReason.consentMissing.message == "this route needs an access token bound to a consent the customer authorised")
        #expect(DenialReason.consentUnknown("aac-1").message == "consent aac-1 does not exist")
        #expect(DenialReason.consentNotAuthorised(Self.consent).message == "consent aac-1 is rejected, not authorised")
        #expect(DenialReason.consentExpired("aac-1").message == "consent aac-1 has expired")
        #expect(
            DenialReason.consentReauthenticationRequired("aac-1").message == "consent aac-1 needs the customer to authenticate again")
        #expect(DenialReason.fraudDenied.message == "the fraud check refused this request")
        #expect(DenialReason.fraudStepUpRequired.message.contains("authenticate again (strong customer authentication)"))
        #expect(DenialReason.fraudUnavailable.message.hasPrefix("the fraud check could not be completed"))
    }

    @Test func denyRuleReasonsCarryTheRuleStatusAndMessage() throws {
        let set = try TestSupport.compile(
            TestSupport.policy(rules: [
                TestSupport.allow("a", "GET", "/a/{x}"),
                TestSupport.deny("quiet", "GET", "/a/b", extra: ["deny": ["status": 404]]),
                TestSupport.deny("loud", "GET", "/a/c", extra: ["deny": ["message": "No."]]),
            ])
        )
        let quiet = DenialReason.deniedByRule(try #require(set.rule(id: "quiet")))
        #expect(quiet.code == "denied_by_rule")
        #expect(quiet.status == 404)
        #expect(quiet.ruleID == "quiet")
        #expect(quiet.message == "denied by rule quiet")
        let loud = DenialReason.deniedByRule(try #require(set.rule(id: "loud")))
        #expect(loud.status == 403)
        #expect(loud.description == "403 denied_by_rule: No.")
    }
}
