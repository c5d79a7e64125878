import LangoContractTesting
import LangoOAuth

/// The behaviour every ``CustomerStore`` must show, checked against a fresh, empty store.
/// Throws a `ContractViolation` at the first broken expectation.
public enum CustomerStoreContract {
    public static func verify(_ makeEmptyStore: () async throws -> any CustomerStore) async throws {
        let store = try await makeEmptyStore()
        try expect(try await store.customer(id: "C0001"), nil, "a new store has no customers", "customer C0001")

        let amina = Customer(
            id: "C0001", name: "Amina Njeri", email: "amina@example.com", phoneNumber: "+254700000001",
            passwordHash: "$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA")
        let baraka = Customer(id: "C0002", name: "Baraka Otieno", passwordHash: "$pbkdf2-sha256$i=600000$c2FsdDI$aGFzaDI")
        try await store.saveCustomer(amina)
        try await store.saveCustomer(baraka)
        try expect(try await store.customer(id: "C0001"), amina, "a customer reads back whole", "customer C0001")
        try expect(try await store.customer(id: "C0002"), baraka, "missing contact details read back missing", "customer C0002")

        var changed = amina
        changed.name = "Amina W. Njeri"
        changed.email = nil
        changed.phoneNumber = "+254700000009"
        changed.passwordHash = "$pbkdf2-sha256$i=600000$bmV3$bmV3aGFzaA"
        try await store.saveCustomer(changed)
        try expect(try await store.customer(id: "C0001"), changed, "saving again replaces the customer", "customer C0001")
        try expect(try await store.customer(id: "C0002"), baraka, "saving one customer leaves the others", "customer C0002")
        try expect(try await store.customer(id: "c0001"), nil, "customer numbers are matched exactly", "customer c0001")
    }

    private static func expect<Value: Equatable>(_ actual: Value, _ expected: Value, _ check: String, _ subject: String) throws {
        try ContractViolation.expect(actual, equals: expected, contract: "customer store", check: check, subject: subject)
    }
}
