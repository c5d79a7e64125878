import LangoJSON
import LangoPolicy
import Testing

/// The consent JSON shared by fixtures and `lango policy explain --consent`.
@Suite struct ConsentLookupReaderTests {
    private static let token = CredentialFacts.bearer(
        BearerFacts(status: .valid, clientID: "client_a", grant: .authorizationCode, subject: "C0001", consentID: "aac-1"))

    private func parse(_ text: String, credential: CredentialFacts = token) throws(PolicyCheckFailure) -> ConsentLookup {
        try ConsentLookup.parse(PolicySource(name: "--consent", text: text), credential: credential)
    }

    private func errors(_ text: String, credential: CredentialFacts = token) -> [String] {
        do {
            _ = try parse(text, credential: credential)
            Issue.record("expected \(text) to be rejected")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func takesTheIdClientAndCustomerFromTheToken() throws {
        #expect(
            try parse(#"{"status": "authorised", "permissions": ["ReadBalances"], "accounts": ["A-1", "A-2"]}"#)
                == .found(
                    ConsentFacts(
                        id: "aac-1", kind: .accountAccess, status: .authorised, clientID: "client_a", customerID: "C0001",
                        permissions: [.readBalances], accountIDs: ["A-1", "A-2"])))
        #expect(
            try parse(
                #"{"status": "reauthentication_required", "id": "aac-9", "kind": "payment", "client_id": "client_b", "customer_id": "C0002"}"#
            )
                == .found(
                    ConsentFacts(
                        id: "aac-9", kind: .payment, status: .reauthenticationRequired, clientID: "client_b", customerID: "C0002")))
    }

    @Test func readsUnknownAndUnavailableConsents() throws {
        #expect(try parse(#"{"status": "unknown"}"#) == .unknown)
        #expect(try parse(#"{"status": "unavailable", "reason": "db down"}"#) == .unavailable("db down"))
        #expect(try parse(#"{"status": "unavailable"}"#) == .unavailable("the consent store could not be consulted"))
    }

    @Test func refusesWhatDoesNotFit() {
        #expect(
            errors(#"{"status": "unknown", "accounts": ["A-1"]}"#)
                == [#"--consent:$.accounts: error: "accounts" does not apply to an unknown consent (hint: an unknown consent has only "status")"#])
        #expect(
            errors(#"{"status": "authorised", "reason": "x"}"#)
                == [#"--consent:$.reason: error: "reason" applies only to an unavailable consent (hint: remove it)"#])
        #expect(errors(#"{"status": "approved"}"#).first?.contains(#"$.status"#) == true)
        #expect(errors(#"{"status": "authorised", "permissions": ["ReadEverything"]}"#).first?.contains("ReadEverything") == true)
        // Without a bearer token to default from, the id and the client must be given.
        #expect(
            errors(#"{"status": "authorised"}"#, credential: .none) == [
                #"--consent:$.status: error: the consent needs an "id" (hint: give "id", or "consent_id" in the bearer credential)"#,
                #"--consent:$.status: error: the consent needs a "client_id" (hint: give "client_id", or "client_id" in the bearer credential)"#,
            ])
    }
}
