import Foundation
import LangoCrypto
import Synchronization

/// A bank customer who can log in to approve authorization requests: the customer number they
/// log in with, what OpenID Connect may release about them, and their password's hash.
public struct Customer: Sendable, Hashable {
    /// The customer number (`C0001`): the login name, and the `sub` of their tokens.
    public let id: String
    public var name: String
    public var email: String?
    /// In E.164 form where known.
    public var phoneNumber: String?
    /// A ``PasswordHasher`` PHC string.
    public var passwordHash: String

    public init(id: String, name: String, email: String? = nil, phoneNumber: String? = nil, passwordHash: String) {
        self.id = id
        self.name = name
        self.email = email
        self.phoneNumber = phoneNumber
        self.passwordHash = passwordHash
    }
}

/// Storage for the customers who log in. `LangoStore` implements it on SQL;
/// ``InMemoryCustomerStore`` is the twin for tests.
public protocol CustomerStore: Sendable {
    func customer(id: String) async throws -> Customer?
    /// Adds or replaces a customer.
    func saveCustomer(_ customer: Customer) async throws
}

/// The in-memory ``CustomerStore``.
public final class InMemoryCustomerStore: CustomerStore {
    private let customers = Mutex<[String: Customer]>([:])

    public init(_ customers: [Customer] = []) {
        self.customers.withLock { stored in
            for customer in customers { stored[customer.id] = customer }
        }
    }

    public func customer(id: String) -> Customer? { customers.withLock { $0[id] } }

    public func saveCustomer(_ customer: Customer) { customers.withLock { $0[customer.id] = customer } }
}

/// Checks a customer's password. An unknown customer costs the same hashing work as a known
/// one, so timing does not tell which customer numbers exist.
public struct CustomerPasswordCheck: Sendable {
    private let store: any CustomerStore
    /// Verified when the customer is unknown, to spend the same time.
    private let decoy: String

    public init(store: any CustomerStore, hasher: PasswordHasher = PasswordHasher()) {
        self.store = store
        self.decoy = hasher.hash(SecureRandom.token(byteCount: 16))
    }

    /// The customer `id` names, when `password` is theirs.
    public func customer(id: String, password: String) async throws -> Customer? {
        guard let customer = try await store.customer(id: id) else {
            _ = PasswordHasher.verify(password, against: decoy)
            return nil
        }
        return PasswordHasher.verify(password, against: customer.passwordHash) ? customer : nil
    }
}

/// How a one-time code reached the customer.
public enum OneTimeCodeNotice: Sendable, Hashable, Codable {
    /// Sandbox: the code is shown on the page itself.
    case shown(code: String)
    /// Sent through the bank's notification service to `destination`, as the customer may
    /// recognise it (a masked phone number).
    case sent(destination: String)
}

/// Sends a customer the one-time code that completes strong customer authentication.
///
/// The sandbox shows the code on the page (``DisplayedOneTimeCodes``); production sends it
/// through the bank's notification service.
public protocol OneTimeCodeSender: Sendable {
    func send(_ code: String, to customer: Customer, approving clientName: String) async throws -> OneTimeCodeNotice
}

/// The sandbox's ``OneTimeCodeSender``: nothing is sent, the code is shown on the page.
public struct DisplayedOneTimeCodes: OneTimeCodeSender {
    public init() {}

    public func send(_ code: String, to customer: Customer, approving clientName: String) -> OneTimeCodeNotice {
        .shown(code: code)
    }
}

/// Six-digit one-time codes.
public enum OneTimeCode {
    public static let digits = 6

    /// A uniformly random code of ``digits`` decimal digits.
    public static func generate() -> String {
        let bound: UInt32 = 1_000_000
        // Rejection sampling keeps every code equally likely.
        let limit = UInt32.max - UInt32.max % bound
        while true {
            let value = SecureRandom.bytes(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            if value < limit {
                let text = String(value % bound)
                return String(repeating: "0", count: digits - text.count) + text
            }
        }
    }
}
