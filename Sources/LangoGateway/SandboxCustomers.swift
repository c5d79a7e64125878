import Foundation
import LangoBank
import LangoCrypto
import LangoOAuth

/// The sandbox bank's customers as people who can log in to the authorization pages: each
/// seeded party, by customer number, with the documented sandbox password.
enum SandboxCustomers {
    /// The password of every sandbox customer (documented in docs/identity.md and on the login page).
    static let password = "wekeza-sandbox"

    /// Adds the sandbox customers `store` lacks; returns their numbers. Customers already there
    /// (perhaps with a changed password) are left alone.
    static func seed(_ store: any CustomerStore, hasher: PasswordHasher = PasswordHasher()) async throws -> [String] {
        var added: [String] = []
        for party in SandboxDataset.parties where try await store.customer(id: party.customerID) == nil {
            try await store.saveCustomer(
                Customer(
                    id: party.customerID, name: party.name, email: party.emailAddress,
                    phoneNumber: party.mobile.replacingOccurrences(of: "-", with: ""), passwordHash: hasher.hash(password)))
            added.append(party.customerID)
        }
        return added
    }
}
