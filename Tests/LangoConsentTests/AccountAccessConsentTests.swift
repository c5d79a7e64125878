import Foundation
import LangoConsent
import LangoPolicy
import Testing

/// The consent's lifecycle: each change, the audit event it records, and what it refuses.
@Suite struct AccountAccessConsentTests {
    private static let start = Date(timeIntervalSince1970: 1_800_000_000)
    private static let request = AccountAccessConsentRequest(
        permissions: [.readAccountsDetail, .readBalances, .readTransactionsDetail, .readTransactionsCredits],
        expiresAt: start.addingTimeInterval(3600))

    private static func created() -> Consent {
        Consent.create(request, clientID: "app_a", appID: "app_a", at: start, address: "10.0.0.1").consent
    }

    private static func refused(_ change: () throws(ConsentError) -> ConsentChange) -> String? {
        do {
            _ = try change()
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aNewConsentAwaitsAuthorisation() {
        let change = Consent.create(Self.request, clientID: "app_a", appID: "app_a", at: Self.start, address: "10.0.0.1")
        let consent = change.consent
        #expect(consent.id.hasPrefix("aac-") && consent.id.count == 36)
        #expect(consent.status == .awaitingAuthorisation)
        #expect(consent.version == 1)
        #expect(consent.createdAt == Self.start && consent.statusUpdatedAt == Self.start)
        #expect(change.event.kind == .created)
        #expect(change.event.actor == .client("app_a"))
        #expect(change.event.address == "10.0.0.1")
        #expect(change.event.statusBefore == nil && change.event.statusAfter == .awaitingAuthorisation)
        #expect(Consent.create(Self.request, clientID: "app_a", appID: "app_a", at: Self.start, address: nil).consent.id != consent.id)
    }

    @Test func theCustomerAuthorisesOverTheAccountsChosen() throws {
        let later = Self.start.addingTimeInterval(60)
        let change = try Self.created().authorise(customerID: "C0001", accountIDs: ["A-2", "A-1", "A-2"], at: later, address: "10.0.0.9")
        #expect(change.consent.status == .authorised)
        #expect(change.consent.customerID == "C0001")
        #expect(change.consent.accountIDs == ["A-2", "A-1"])
        #expect(change.consent.authorisedAt == later && change.consent.statusUpdatedAt == later)
        #expect(change.consent.version == 2)
        #expect(change.event.kind == .authorised && change.event.actor == .customer("C0001"))
        #expect(change.event.statusBefore == .awaitingAuthorisation && change.event.statusAfter == .authorised)
        #expect(change.consent.grants(.readTransactionsBasic))
        #expect(change.consent.grants(.readAccountsBasic))
        #expect(!change.consent.grants(.readPartyPSU))
    }

    @Test func onlyAPendingUnexpiredConsentCanBeDecided() throws {
        let consent = Self.created()
        #expect(Self.refused { () throws(ConsentError) in try consent.authorise(customerID: "C0001", accountIDs: [], at: Self.start, address: nil) }
            == "at least one account must be selected")
        let afterExpiry = Self.start.addingTimeInterval(3600)
        #expect(Self.refused { () throws(ConsentError) in try consent.authorise(customerID: "C0001", accountIDs: ["A-1"], at: afterExpiry, address: nil) }
            == "consent \(consent.id) has expired")
        let rejected = try consent.reject(customerID: "C0001", at: Self.start, address: nil)
        #expect(rejected.consent.status == .rejected && rejected.event.kind == .rejected)
        #expect(Self.refused { () throws(ConsentError) in try rejected.consent.authorise(customerID: "C0001", accountIDs: ["A-1"], at: Self.start, address: nil) }
            == "consent \(consent.id) is Rejected")
    }

    @Test func theCustomerRevokesOnlyTheirOwnAuthorisedConsent() throws {
        let consent = Self.created()
        #expect(Self.refused { () throws(ConsentError) in try consent.revoke(customerID: "C0001", at: Self.start, address: nil) }
            == "consent \(consent.id) does not exist")
        let authorised = try consent.authorise(customerID: "C0001", accountIDs: ["A-1"], at: Self.start, address: nil).consent
        #expect(Self.refused { () throws(ConsentError) in try authorised.revoke(customerID: "C0002", at: Self.start, address: nil) }
            == "consent \(consent.id) does not exist")
        let revoked = try authorised.revoke(customerID: "C0001", at: Self.start, address: "10.1.1.1")
        #expect(revoked.consent.status == .revoked && revoked.event.kind == .revoked && revoked.event.statusBefore == .authorised)
        #expect(Self.refused { () throws(ConsentError) in try revoked.consent.revoke(customerID: "C0001", at: Self.start, address: nil) }
            == "consent \(consent.id) is Revoked")
    }

    @Test func theClientDeletesItsConsentInAnyStatusOnce() throws {
        let consent = Self.created()
        #expect(Self.refused { () throws(ConsentError) in try consent.delete(clientID: "app_b", at: Self.start, address: nil) }
            == "consent \(consent.id) does not exist")
        let deleted = try consent.delete(clientID: "app_a", at: Self.start, address: nil)
        #expect(deleted.consent.status == .revoked && deleted.consent.deletedAt == Self.start && deleted.event.kind == .deleted)
        #expect(deleted.event.actor == .client("app_a"))
        #expect(Self.refused { () throws(ConsentError) in try deleted.consent.delete(clientID: "app_a", at: Self.start, address: nil) }
            == "consent \(consent.id) does not exist")
        #expect(Self.refused { () throws(ConsentError) in try deleted.consent.authorise(customerID: "C0001", accountIDs: ["A-1"], at: Self.start, address: nil) }
            == "consent \(consent.id) does not exist")
    }

    @Test func expiryIsRecordedOnceForAnAuthorisedConsent() throws {
        let authorised = try Self.created().authorise(customerID: "C0001", accountIDs: ["A-1"], at: Self.start, address: nil).consent
        #expect(!authorised.isExpired(at: Self.start.addingTimeInterval(3599)))
        #expect(authorised.isExpired(at: Self.start.addingTimeInterval(3600)))
        #expect(Self.refused { () throws(ConsentError) in try authorised.recordExpiry(at: Self.start) } != nil)
        let expired = try authorised.recordExpiry(at: Self.start.addingTimeInterval(3600))
        #expect(expired.consent.status == .authorised && expired.consent.expiryRecorded && expired.event.actor == .system)
        #expect(Self.refused { () throws(ConsentError) in try expired.consent.recordExpiry(at: Self.start.addingTimeInterval(7200)) } != nil)
    }

    @Test func anAuthorisationServesUntilTheReauthenticationPeriodEnds() throws {
        let open = AccountAccessConsentRequest(permissions: [.readAccountsBasic], expiresAt: nil)
        let authorisedAt = Self.start.addingTimeInterval(60)
        let consent = try Consent.create(open, clientID: "app_a", appID: "app_a", at: Self.start, address: nil).consent
            .authorise(customerID: "C0001", accountIDs: ["A-1"], at: authorisedAt, address: nil).consent
        func standing(afterDays days: Double, _ rules: ConsentRules = .psd2) -> ConsentFacts.Status {
            consent.facts(at: authorisedAt.addingTimeInterval(days * 86_400), rules: rules).status
        }
        #expect(standing(afterDays: 179) == .authorised)
        #expect(standing(afterDays: 180 - 1 / 86_400) == .authorised)
        #expect(standing(afterDays: 180) == .reauthenticationRequired)
        #expect(standing(afterDays: 400) == .reauthenticationRequired)

        let monthly = ConsentRules(reauthenticationPeriod: .seconds(30 * 86_400), unattendedAccessesPerDay: 4)
        #expect(standing(afterDays: 29, monthly) == .authorised)
        #expect(standing(afterDays: 30, monthly) == .reauthenticationRequired)
        // The period runs from the authorisation, not from the consent's creation.
        #expect(consent.facts(at: Self.start.addingTimeInterval(180 * 86_400), rules: .psd2).status == .authorised)
    }

    @Test func expiryIsRecordedForAConsentStillAwaitingAuthorisationButNotForARefusedOne() throws {
        let pending = Self.created()
        #expect(Self.refused { () throws(ConsentError) in try pending.recordExpiry(at: Self.start.addingTimeInterval(3599)) } != nil)
        let expired = try pending.recordExpiry(at: Self.start.addingTimeInterval(3600))
        #expect(expired.consent.status == .awaitingAuthorisation && expired.consent.expiryRecorded, "OBIE has no Expired status")
        #expect(expired.event.kind == .expired && expired.event.actor == .system && expired.event.address == nil)
        #expect(expired.event.statusBefore == .awaitingAuthorisation && expired.event.statusAfter == .awaitingAuthorisation)
        #expect(Self.refused { () throws(ConsentError) in
            try expired.consent.authorise(customerID: "C0001", accountIDs: ["A-1"], at: Self.start.addingTimeInterval(3601), address: nil)
        } == "consent \(pending.id) has expired")

        let rejected = try pending.reject(customerID: "C0001", at: Self.start, address: nil).consent
        #expect(Self.refused { () throws(ConsentError) in try rejected.recordExpiry(at: Self.start.addingTimeInterval(3600)) }
            == "consent \(pending.id) is Rejected")
    }
}
