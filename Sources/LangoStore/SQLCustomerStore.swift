import Foundation
import LangoOAuth
import SQLKit

/// ``CustomerStore`` on SQL: the `customers` table, one row per customer number, with only the
/// password's hash.
public struct SQLCustomerStore: CustomerStore {
    private let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func customer(id: String) async throws -> Customer? {
        try await backend.read { database in
            try await database.raw("SELECT id, name, email, phone_number, password_hash FROM customers WHERE id = \(bind: id)").first()
                .map { row in
                    Customer(
                        id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                        email: try row.decode(column: "email", as: String?.self),
                        phoneNumber: try row.decode(column: "phone_number", as: String?.self),
                        passwordHash: try row.decode(column: "password_hash", as: String.self))
                }
        }
    }

    public func saveCustomer(_ customer: Customer) async throws {
        try await backend.transaction { database in
            try await database.raw(
                """
                INSERT INTO customers (id, name, email, phone_number, password_hash, updated_at)
                VALUES (\(bind: customer.id), \(bind: customer.name), \(bind: customer.email), \(bind: customer.phoneNumber),
                        \(bind: customer.passwordHash), \(bind: Milliseconds.now()))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, phone_number = excluded.phone_number,
                    password_hash = excluded.password_hash, updated_at = excluded.updated_at
                """
            ).run()
        }
    }
}
