import LangoJSON
import LangoPolicy
import Testing

/// The credential JSON shared by fixtures and `lango policy explain --credential`.
@Suite struct CredentialFactsReaderTests {
    private func parse(_ text: String) throws(PolicyCheckFailure) -> CredentialFacts {
        try CredentialFacts.parse(PolicySource(name: "--credential", text: text))
    }

    private func errors(_ text: String) -> [String] {
        do {
            _ = try parse(text)
            Issue.record("expected \(text) to be rejected")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func readsEveryCredentialType() throws {
        #expect(try parse(#"{"type": "none"}"#) == .none)
        #expect(try parse(#"{"type": "unavailable", "reason": "redis down"}"#) == .unavailable("redis down"))
        #expect(try parse(#"{"type": "unavailable"}"#) == .unavailable("the credential store could not be consulted"))
        #expect(
            try parse(
                #"{"type": "api_key", "status": "expired", "key_id": "k1", "scopes": ["balances:read"], "app": {"id": "app_copilot", "status": "suspended", "environment": "production"}}"#
            )
                == .apiKey(
                    APIKeyFacts(
                        status: .expired, keyID: "k1",
                        app: AppFacts(id: "app_copilot", status: .suspended, environment: .production), scopes: ["balances:read"]
                    )
                )
        )
        #expect(
            try parse(
                #"{"type": "bearer", "status": "revoked", "grant": "authorization_code", "scopes": ["accounts"], "subject": "C0001", "consent_id": "c-1", "client_id": "cl-1", "app": {"id": "a", "environment": "sandbox"}}"#
            )
                == .bearer(
                    BearerFacts(
                        status: .revoked, clientID: "cl-1", grant: .authorizationCode, scopes: ["accounts"], subject: "C0001",
                        consentID: "c-1",
                        app: AppFacts(id: "a", status: .active, environment: .sandbox)
                    )
                )
        )
    }

    @Test func statusScopesAndAppHaveDefaults() throws {
        #expect(try parse(#"{"type": "api_key"}"#) == .apiKey(APIKeyFacts(status: .active)))
        #expect(
            try parse(#"{"type": "bearer", "grant": "client_credentials"}"#)
                == .bearer(BearerFacts(status: .valid, grant: .clientCredentials)))
    }

    @Test func reportsEveryProblem() {
        #expect(
            errors(#"{"type": "apikey"}"#) == [
                #"--credential:$.type: error: invalid type "apikey" (hint: did you mean "api_key"?)"#
            ])
        #expect(
            errors(#"{"type": "none", "scopes": []}"#) == [
                #"--credential:$.scopes: error: "scopes" does not apply to credential type "none" (hint: credential type "none" takes type)"#
            ])
        #expect(errors(#"{"type": "bearer"}"#) == [#"--credential:$.grant: error: missing required field "grant""#])
        #expect(
            errors(#"{"type": "api_key", "status": "activ", "scope": [], "app": {"id": "", "environment": "prod"}}"#) == [
                #"--credential:$.scope: error: unknown field "scope" (hint: did you mean "scopes"?)"#,
                #"--credential:$.status: error: invalid status "activ" (hint: did you mean "active"?)"#,
                "--credential:$.app.id: error: an app id cannot be empty",
                #"--credential:$.app.environment: error: invalid environment "prod" (hint: expected one of: sandbox, production)"#,
            ]
        )
        #expect(errors("{").first == "--credential:1:1: error: invalid JSON: string or '}' expected near end of file")
        #expect(errors("[]") == ["--credential:$: error: expected object, found array"])
    }

    @Test func readsFromAParsedValue() throws {
        let value: JSONValue = ["type": "api_key", "scopes": ["party:read"]]
        #expect(try CredentialFacts(json: value, file: "x") == .apiKey(APIKeyFacts(status: .active, scopes: ["party:read"])))
        #expect(throws: PolicyCheckFailure.self) { try CredentialFacts(json: ["type": 1], file: "x") }
    }
}
