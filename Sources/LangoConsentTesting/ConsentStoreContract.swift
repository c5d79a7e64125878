import Foundation
import LangoConsent
import LangoContractTesting
import LangoPolicy

/// The behaviour every ``ConsentStore`` must show, checked against a fresh, empty store.
/// Throws a `ContractViolation` at the first broken expectation.
public enum ConsentStoreContract {
    public static func verify(_ makeEmptyStore: () async throws -> any ConsentStore) async throws {
        let store = try await makeEmptyStore()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try expect(try await store.consent(id: "aac-unknown"), nil, "an unknown consent reads as nil", "consent aac-unknown")
        try expect(try await store.changes(after: 0).consentIDs, [], "a new store has no changes", "changes after 0")
        try expect(try await store.changes(after: 0).sequence, 0, "reading nothing keeps the sequence", "sequence after 0")

        // Created and read back whole: every field, the window and the expiry included.
        let request = AccountAccessConsentRequest(
            permissions: [.readAccountsDetail, .readBalances, .readTransactionsBasic, .readTransactionsCredits],
            expiresAt: start.addingTimeInterval(3600), transactionFrom: start.addingTimeInterval(-86_400 * 90),
            transactionTo: start.addingTimeInterval(-0.25))
        let created = Consent.create(request, clientID: "client_a", appID: "app_a", at: start, address: "10.0.0.1")
        try await store.create(created)
        try expect(try await store.consent(id: created.consent.id), created.consent, "a created consent reads back whole", "the created consent")

        // Compare-and-set: a change over the stored version wins, one over an older version loses.
        let authorised = try created.consent.authorise(
            customerID: "C0001", accountIDs: ["C0001-KES-1", "C0001-USD-1"], at: start.addingTimeInterval(60), address: "10.0.0.2")
        try expect(
            try await store.apply(authorised, expectedVersion: created.consent.version), true, "a change over the stored version is kept",
            "authorise")
        let rejected = try created.consent.reject(customerID: "C0001", at: start.addingTimeInterval(61), address: nil)
        try expect(
            try await store.apply(rejected, expectedVersion: created.consent.version), false, "a change over a stale version is refused",
            "reject after authorise")
        try expect(
            try await store.consent(id: created.consent.id), authorised.consent, "the refused change left nothing behind", "the consent")

        // The audit trail, oldest first, with increasing sequences.
        let trail = try await store.events(consentID: created.consent.id)
        try expect(trail.map(\.kind), [.created, .authorised], "each kept change adds its event", "events")
        try expect(trail.map(\.actor), [.client("client_a"), .customer("C0001")], "events keep who acted", "actors")
        try expect(trail.map(\.address), ["10.0.0.1", "10.0.0.2"], "events keep where from", "addresses")
        try expect(trail.map(\.at), [start, start.addingTimeInterval(60)], "events keep when", "times")
        try expect(trail[1].statusBefore, .awaitingAuthorisation, "events keep the status before", "status before")
        try expect(trail[1].statusAfter, .authorised, "events keep the status after", "status after")
        try expect(trail[0].sequence > 0 && trail[1].sequence > trail[0].sequence, true, "sequences increase", "sequences")

        // Another consent: the customer's list is newest first and leaves deleted ones out.
        let second = Consent.create(
            AccountAccessConsentRequest(permissions: [.readAccountsBasic]), clientID: "client_b", appID: "app_b",
            at: start.addingTimeInterval(120), address: nil)
        try await store.create(second)
        let secondAuthorised = try second.consent.authorise(
            customerID: "C0001", accountIDs: ["C0001-KES-1"], at: start.addingTimeInterval(130), address: nil)
        _ = try await store.apply(secondAuthorised, expectedVersion: 1)
        // It expires a little after the first one, so "soonest first" has one answer.
        var laterExpiring = request
        laterExpiring.expiresAt = start.addingTimeInterval(3650)
        let other = Consent.create(
            laterExpiring, clientID: "client_a", appID: "app_a", at: start.addingTimeInterval(140), address: nil)
        try await store.create(other)
        _ = try await store.apply(
            try other.consent.authorise(customerID: "C0002", accountIDs: ["C0002-KES-1"], at: start.addingTimeInterval(150), address: nil),
            expectedVersion: 1)
        try expect(
            try await store.consents(customerID: "C0001").map(\.id), [second.consent.id, created.consent.id],
            "a customer's consents come newest first, only theirs", "consents of C0001")

        let sequenceBefore = try await store.changes(after: 0).sequence
        let deleted = try secondAuthorised.consent.delete(clientID: "client_b", at: start.addingTimeInterval(200), address: nil)
        _ = try await store.apply(deleted, expectedVersion: secondAuthorised.consent.version)
        try expect(
            try await store.consents(customerID: "C0001").map(\.id), [created.consent.id], "deleted consents leave the customer's list",
            "consents of C0001 after a delete")
        try expect(try await store.consent(id: second.consent.id), deleted.consent, "a deleted consent still reads by id", "deleted consent")

        // Changes: each consent once, in the order of its latest change, from a sequence on.
        let all = try await store.changes(after: 0)
        try expect(
            all.consentIDs, [created.consent.id, other.consent.id, second.consent.id], "every changed consent once, latest change last",
            "changes after 0")
        let newer = try await store.changes(after: sequenceBefore)
        try expect(newer.consentIDs, [second.consent.id], "reading on from a sequence gives only what changed since", "changes after a sequence")
        try expect(newer.sequence, all.sequence, "the sequence is that of the last event", "sequence")
        try expect(try await store.changes(after: all.sequence).consentIDs, [], "nothing is newer than the last sequence", "changes after the last")

        // The trail read on from a sequence: every event after it, in order, as many as asked.
        let readOn = try await store.events(after: sequenceBefore - 1, limit: 10)
        try expect(readOn.map(\.sequence), [sequenceBefore, all.sequence], "events after a sequence, in order", "events after a sequence")
        try expect(readOn.last?.kind, .deleted, "each event read whole", "the last event")
        try expect(readOn.last?.consentID, second.consent.id, "each event names its consent", "the last event")
        try expect(
            try await store.events(after: 0, limit: 2).map(\.sequence), [1, 2], "the limit holds, oldest first", "events after 0")
        try expect(try await store.events(after: all.sequence, limit: 10), [], "nothing follows the last event", "events after the last")

        // Expiries due: authorised, past expiry, not yet recorded.
        try expect(try await store.dueExpiries(at: start.addingTimeInterval(3599), limit: 10), [], "nothing is due before expiry", "due expiries")
        let afterExpiry = start.addingTimeInterval(3700)
        try expect(
            try await store.dueExpiries(at: afterExpiry, limit: 10).map(\.id), [created.consent.id, other.consent.id],
            "authorised consents past expiry are due, soonest first", "due expiries")
        try expect(try await store.dueExpiries(at: afterExpiry, limit: 1).map(\.id), [created.consent.id], "the limit holds", "due expiries")
        let expiry = try authorised.consent.recordExpiry(at: afterExpiry)
        _ = try await store.apply(expiry, expectedVersion: authorised.consent.version)
        try expect(
            try await store.dueExpiries(at: afterExpiry, limit: 10).map(\.id), [other.consent.id], "a recorded expiry is no longer due",
            "due expiries")

        // A consent nobody authorised expires too; one refused or deleted first does not.
        var latest = request
        latest.expiresAt = start.addingTimeInterval(3660)
        let pending = Consent.create(latest, clientID: "client_a", appID: "app_a", at: start.addingTimeInterval(160), address: nil)
        try await store.create(pending)
        let refused = Consent.create(latest, clientID: "client_a", appID: "app_a", at: start.addingTimeInterval(170), address: nil)
        try await store.create(refused)
        _ = try await store.apply(
            try refused.consent.reject(customerID: "C0003", at: start.addingTimeInterval(170), address: nil), expectedVersion: 1)
        let deletedFirst = Consent.create(latest, clientID: "client_a", appID: "app_a", at: start.addingTimeInterval(180), address: nil)
        try await store.create(deletedFirst)
        _ = try await store.apply(
            try deletedFirst.consent.delete(clientID: "client_a", at: start.addingTimeInterval(180), address: nil), expectedVersion: 1)
        try expect(
            try await store.dueExpiries(at: afterExpiry, limit: 10).map(\.id), [other.consent.id, pending.consent.id],
            "a consent still awaiting authorisation past its expiry is due; refused and deleted ones are not", "due expiries")
        let pendingExpiry = try pending.consent.recordExpiry(at: afterExpiry)
        try expect(
            try await store.apply(pendingExpiry, expectedVersion: pending.consent.version), true, "recording an expiry is a change",
            "expiry of a pending consent")
        try expect(
            try await store.events(consentID: pending.consent.id).map(\.kind), [.created, .expired],
            "the expiry of a consent nobody authorised is audited", "pending consent events")
        try expect(
            try await store.consent(id: pending.consent.id)?.status, .awaitingAuthorisation, "the status stays (OBIE has no Expired)",
            "pending consent status")
        try expect(
            try await store.dueExpiries(at: afterExpiry, limit: 10).map(\.id), [other.consent.id], "its recorded expiry is no longer due",
            "due expiries")

        // Last uses: the latest time wins, unknown consents are ignored, the version stays.
        try expect(try await store.lastUses(consentIDs: [created.consent.id]), [:], "an unused consent has no last use", "last uses")
        try await store.recordUses([created.consent.id: start.addingTimeInterval(500), "aac-unknown": start])
        try await store.recordUses([created.consent.id: start.addingTimeInterval(400), other.consent.id: start.addingTimeInterval(450)])
        try expect(
            try await store.lastUses(consentIDs: [created.consent.id, other.consent.id, "aac-unknown"]),
            [created.consent.id: start.addingTimeInterval(500), other.consent.id: start.addingTimeInterval(450)],
            "the latest use is kept", "last uses")
        try expect(
            try await store.consent(id: created.consent.id)?.version, expiry.consent.version, "a use is not a change", "version after uses")

        // A payment consent keeps its terms, and the payment that consumed it.
        let body = #"{"Data":{"Initiation":{"InstructionIdentification":"I1","EndToEndIdentification":"E1","InstructedAmount":{"Amount":"12.50","Currency":"GBP"},"CreditorAccount":{"SchemeName":"UK.OBIE.SortCodeAccountNumber","Identification":"08080021325698","Name":"ACME Ltd"}}},"Risk":{"PaymentContextCode":"EcommerceGoods"}}"#
        let payment = Consent.create(
            try DomesticPaymentConsentRequest.parse(Array(body.utf8)), clientID: "client_a", appID: "app_a", at: start, address: nil)
        try await store.create(payment)
        try expect(try await store.consent(id: payment.consent.id), payment.consent, "a payment consent reads back whole", "the payment consent")
        let approved = try payment.consent.authorise(customerID: "C0002", accountIDs: ["C0002-GBP-1"], at: start, address: nil)
        _ = try await store.apply(approved, expectedVersion: 1)
        let consumed = try approved.consent.consume(paymentID: "dp-1", clientID: "client_a", at: start.addingTimeInterval(5), address: nil)
        try expect(try await store.apply(consumed, expectedVersion: approved.consent.version), true, "consuming is a change", "consume")
        try expect(try await store.consent(id: payment.consent.id), consumed.consent, "a consumed consent reads back whole", "the consumed consent")
        try expect(
            try await store.events(consentID: payment.consent.id).map(\.kind), [.created, .authorised, .consumed], "consuming is audited",
            "payment consent events")
    }

    private static func expect<Value: Equatable>(_ actual: Value, _ expected: Value, _ check: String, _ subject: String) throws {
        try ContractViolation.expect(actual, equals: expected, contract: "consent store", check: check, subject: subject)
    }
}
