import LangoJSON
import LangoPolicy
import Testing

/// Step 7: the consent the token is bound to must be the caller's, authorised, unexpired, grant
/// one of the rule's permissions and cover the path's account.
@Suite struct ConsentEvaluationTests {
    private typealias T = TestSupport

    private let set: PolicySet

    init() throws {
        let bearer: JSONValue = ["type": "bearer", "grant": "authorization_code", "scopes": ["accounts"], "customer": "required"]
        set = try T.compile(
            T.policy(
                "aisp",
                rules: [
                    T.allow(
                        "transactions", "GET", "/aisp/accounts/{AccountId}/transactions", auth: bearer,
                        extra: [
                            "consent": [
                                "kind": "account-access", "permissions": ["ReadTransactionsBasic", "ReadTransactionsDetail"],
                                "account": "{AccountId}",
                            ]
                        ]),
                    T.allow(
                        "accounts", "GET", "/aisp/accounts", auth: bearer,
                        extra: ["consent": ["kind": "account-access", "permissions": ["ReadAccountsBasic"]]]),
                    T.allow(
                        "shadowed", "GET", "/aisp/shadow/{AccountId}", auth: bearer,
                        extra: [
                            "mode": "shadow",
                            "consent": ["kind": "account-access", "permissions": ["ReadBalances"], "account": "{AccountId}"],
                        ]),
                    T.allow(
                        "lenient", "GET", "/aisp/lenient", auth: bearer,
                        extra: ["on_error": "allow", "consent": ["kind": "account-access", "permissions": ["ReadBalances"]]]),
                    T.allow("payments", "GET", "/pisp/payments", auth: bearer, extra: ["consent": ["kind": "payment"]]),
                ]
            )
        )
    }

    private static let consent = ConsentFacts(
        id: "aac-1", kind: .accountAccess, status: .authorised, clientID: "client_a", customerID: "C0001",
        permissions: [.readAccountsDetail, .readTransactionsDetail, .readTransactionsCredits], accountIDs: ["ACC-1", "ACC-2"])

    private static func facts(consentID: String? = "aac-1", subject: String = "C0001", lookup: ConsentLookup?) -> RequestFacts {
        RequestFacts(
            credential: .bearer(
                BearerFacts(
                    status: .valid, clientID: "client_a", grant: .authorizationCode, scopes: ["accounts"], subject: subject,
                    consentID: consentID, app: T.sandboxApp)),
            consent: lookup)
    }

    private static func with(_ change: (inout ConsentFacts) -> Void) -> RequestFacts {
        var consent = consent
        change(&consent)
        return facts(lookup: .found(consent))
    }

    private func decide(_ path: String, _ facts: RequestFacts) -> Decision {
        set.decide(method: "GET", path: path, facts: facts)
    }

    @Test func anAuthorisedConsentForTheCallerCoversItsAccounts() {
        let decision = decide("/aisp/accounts/ACC-2/transactions", Self.facts(lookup: .found(Self.consent)))
        #expect(decision.outcome == .allow)
        #expect(decision.customerID == "C0001")
        let explanation = set.explain(method: "GET", path: "/aisp/accounts/ACC-2/transactions", facts: Self.facts(lookup: .found(Self.consent)))
        #expect(explanation.steps.last?.stage == .consent)
        #expect(explanation.steps.last?.verdict == .passed)
        #expect(explanation.steps.last?.message.hasSuffix("for 2 account(s); covers ReadTransactionsBasic, ReadTransactionsDetail") == true)
    }

    @Test func aDetailPermissionServesARuleThatNeedsTheBasicOne() {
        // The consent has ReadAccountsDetail; the rule asks for ReadAccountsBasic.
        #expect(decide("/aisp/accounts", Self.facts(lookup: .found(Self.consent))).outcome == .allow)
        let basicOnly = Self.with { $0.permissions = [.readAccountsBasic] }
        #expect(decide("/aisp/accounts", basicOnly).outcome == .allow)
    }

    @Test(arguments: [
        (ConsentFacts.Status.awaitingAuthorisation, "consent_not_authorised"), (.rejected, "consent_not_authorised"),
        (.revoked, "consent_not_authorised"), (.expired, "consent_expired"),
        (.reauthenticationRequired, "consent_reauthentication_required"),
    ])
    func onlyAnAuthorisedConsentServes(status: ConsentFacts.Status, code: String) {
        let decision = decide("/aisp/accounts/ACC-1/transactions", Self.with { $0.status = status })
        #expect(decision.outcome == .deny)
        #expect(decision.reason?.code == code)
        #expect(decision.status == 403)
    }

    @Test func theNotAuthorisedMessageNamesTheStatus() {
        let decision = decide("/aisp/accounts", Self.with { $0.status = .revoked })
        #expect(decision.reason?.message == "consent aac-1 is revoked, not authorised")
    }

    @Test func anAccountTheCustomerDidNotSelectIsRefused() {
        let decision = decide("/aisp/accounts/ACC-3/transactions", Self.facts(lookup: .found(Self.consent)))
        #expect(decision.reason?.code == "account_not_consented")
        #expect(decision.reason?.message == "account ACC-3 is not covered by consent aac-1")
        #expect(decision.status == 403)
    }

    @Test func aConsentWithoutTheRulesPermissionsIsRefused() {
        let decision = decide("/aisp/accounts/ACC-1/transactions", Self.with { $0.permissions = [.readAccountsBasic, .readBalances] })
        #expect(decision.reason?.code == "permission_missing")
        #expect(decision.reason?.message == "consent aac-1 grants none of ReadTransactionsBasic, ReadTransactionsDetail")
        // Credits alone are not Basic or Detail.
        let creditsOnly = Self.with { $0.permissions = [.readTransactionsCredits] }
        #expect(decide("/aisp/accounts/ACC-1/transactions", creditsOnly).reason?.code == "permission_missing")
    }

    @Test func anotherClientsOrCustomersConsentIsRefused() {
        let otherClient = decide("/aisp/accounts", Self.with { $0.clientID = "client_b" })
        #expect(otherClient.reason?.code == "consent_mismatch")
        #expect(otherClient.reason?.message == "consent aac-1 belongs to another client")
        let otherCustomer = decide("/aisp/accounts", Self.facts(subject: "C0002", lookup: .found(Self.consent)))
        #expect(otherCustomer.reason?.code == "consent_mismatch")
        #expect(otherCustomer.reason?.message == "consent aac-1 was authorised by another customer")
    }

    @Test func aConsentOfAnotherKindIsRefused() {
        let decision = decide("/pisp/payments", Self.facts(lookup: .found(Self.consent)))
        #expect(decision.reason?.code == "consent_mismatch")
        #expect(decision.reason?.message == "consent aac-1 is of kind account-access; this route needs payment")
    }

    @Test func aTokenWithoutAConsentOrAnUnknownOneIsRefused() {
        #expect(decide("/aisp/accounts", Self.facts(consentID: nil, lookup: nil)).reason?.code == "consent_missing")
        #expect(decide("/aisp/accounts", Self.facts(lookup: .unknown)).reason?.code == "consent_unknown")
        #expect(decide("/aisp/accounts", Self.facts(lookup: nil)).reason?.code == "consent_unknown")
        // A lookup of some other consent does not stand for the token's.
        #expect(decide("/aisp/accounts", Self.facts(consentID: "aac-2", lookup: .found(Self.consent))).reason?.code == "consent_unknown")
    }

    @Test func anUnreadableConsentStoreFollowsOnError() {
        let strict = decide("/aisp/accounts", Self.facts(lookup: .unavailable("store down")))
        #expect(strict.reason?.code == "evaluation_error")
        #expect(strict.status == 503)
        let lenient = decide("/aisp/lenient", Self.facts(lookup: .unavailable("store down")))
        #expect(lenient.outcome == .allow)
        #expect(lenient.errorOverridden?.code == "evaluation_error")
    }

    @Test func shadowModeRecordsConsentDenials() {
        let decision = decide("/aisp/shadow/ACC-9", Self.facts(lookup: .found(Self.consent)))
        #expect(decision.outcome == .allow)
        #expect(decision.shadowedDenials.map(\.code) == ["permission_missing", "account_not_consented"])
    }

    @Test func detailPermissionsIncludeTheirBasicOnes() {
        for permission in AccountPermission.allCases {
            #expect(permission.isGranted(by: [permission]))
            if let detail = permission.detailedCounterpart {
                #expect(permission.isGranted(by: [detail]))
                #expect(!detail.isGranted(by: [permission]), "Basic does not grant \(detail.rawValue)")
                #expect(permission.rawValue.hasSuffix("Basic") && detail.rawValue.hasSuffix("Detail"))
            }
        }
        #expect(AccountPermission.allCases.filter { $0.detailedCounterpart != nil }.count == 6)
    }
}
