import LangoBank
import LangoJSON
import Testing

struct CoreBankErrorTests {
    @Test func categoriesAndDescriptions() {
        let cases: [(CoreBankError, CoreBankError.Category, String)] = [
            (.notFound(resource: "account", id: "C0001-KES-9"), .notFound, "account C0001-KES-9 not found"),
            (.invalidRequest("offset must not be negative"), .invalidRequest, "invalid request: offset must not be negative"),
            (.insufficientFunds(accountID: "C0001-KES-1"), .insufficientFunds, "insufficient funds in account C0001-KES-1"),
            (.currencyMismatch(expected: "KES", got: "USD"), .currencyMismatch,
             "currency mismatch: the account is held in KES, not USD"),
            (.unavailable("connection refused"), .unavailable, "core banking unavailable: connection refused"),
            (.timeout(.seconds(2)), .timeout, "core banking did not answer within 2.0 seconds"),
        ]
        for (error, category, description) in cases {
            #expect(error.category == category)
            #expect(error.description == description)
        }
        #expect(Set(cases.map(\.1)) == Set(CoreBankError.Category.allCases))
    }

    @Test func equalityFollowsTheCase() {
        #expect(CoreBankError.notFound(resource: "account", id: "A") == .notFound(resource: "account", id: "A"))
        #expect(CoreBankError.notFound(resource: "account", id: "A") != .notFound(resource: "account", id: "B"))
        #expect(CoreBankError.timeout(.seconds(1)) != .timeout(.seconds(2)))
    }

    @Test func travelsAsJSONAndComesBackTheSame() throws {
        let errors: [CoreBankError] = [
            .notFound(resource: "account", id: "C0001-KES-9"), .invalidRequest("offset must not be negative"),
            .insufficientFunds(accountID: "C0001-KES-1"), .currencyMismatch(expected: "KES", got: "USD"),
            .unavailable("connection refused"), .timeout(.milliseconds(2_500)),
        ]
        for error in errors {
            let json = try JSONValueEncoder().encode(error)
            #expect(json["message"] == .string(error.description))
            #expect(try JSONValueDecoder(rejectUnknownFields: true).decode(CoreBankError.self, from: json) == error)
        }
        #expect(try JSONValueEncoder().encode(CoreBankError.notFound(resource: "account", id: "X")) == [
            "error": "notFound", "resource": "account", "id": "X", "message": "account X not found",
        ])
        #expect(try JSONValueEncoder().encode(CoreBankError.timeout(.seconds(2)))["milliseconds"] == 2_000)
    }

    @Test func decodingNamesAnUnknownKind() {
        let error = #expect(throws: JSONDecodingError.self) {
            try JSONValueDecoder().decode(CoreBankError.self, from: ["error": "notfound", "resource": "a", "id": "b"])
        }
        #expect(error?.path.description == "$.error")
        #expect(error?.hint == #"did you mean "notFound"?"#)
        #expect(throws: JSONDecodingError.self) {
            try JSONValueDecoder().decode(CoreBankError.self, from: ["error": "notFound", "resource": "a"])
        }
    }
}
