import Foundation
import LangoCrypto

/// What Lango tells apps about.
public enum WebhookEventType: String, Sendable, Hashable, Codable, CaseIterable {
    case paymentCompleted = "payment.completed"
    case paymentFailed = "payment.failed"
    case transactionPosted = "transaction.posted"
    case consentRevoked = "consent.revoked"
    case consentExpired = "consent.expired"
    case balanceLow = "balance.low"
}

/// A URL an app registered to receive events of some types.
public struct WebhookEndpoint: Sendable, Hashable, Codable {
    public enum Status: Sendable, Hashable, Codable {
        case enabled
        /// Nothing is sent: `reason` says why (it answered 410 Gone; an operator disabled it).
        case disabled(reason: String, at: Date)
    }

    /// One signing secret, sealed for the store (``WebhookSecretVault``).
    public struct Secret: Sendable, Hashable, Codable {
        public var sealed: [UInt8]
        public var createdAt: Date
        /// When a replaced secret stops signing; `nil` for the current one.
        public var retiresAt: Date?

        public init(sealed: [UInt8], createdAt: Date, retiresAt: Date? = nil) {
            self.sealed = sealed
            self.createdAt = createdAt
            self.retiresAt = retiresAt
        }
    }

    /// `whep_` and 24 hex digits.
    public let id: String
    public let appID: String
    public var url: String
    /// Without repeats, in the order of ``WebhookEventType/allCases``.
    public var eventTypes: [WebhookEventType]
    /// The current secret first; replaced ones until they retire.
    public var secrets: [Secret]
    public var status: Status
    public let createdAt: Date

    public init(
        id: String, appID: String, url: String, eventTypes: [WebhookEventType], secrets: [Secret], status: Status = .enabled,
        createdAt: Date
    ) {
        self.id = id
        self.appID = appID
        self.url = url
        self.eventTypes = WebhookEventType.allCases.filter(eventTypes.contains)
        self.secrets = secrets
        self.status = status
        self.createdAt = createdAt
    }

    /// A new endpoint id.
    public static func newID() -> String { "whep_" + Hex.encode(SecureRandom.bytes(12)) }

    /// The secrets that sign at `now`: the current one and those not yet retired.
    public func signingSecrets(at now: Date) -> [Secret] {
        secrets.filter { $0.retiresAt.map { now < $0 } ?? true }
    }

    public var isEnabled: Bool { status == .enabled }
}

/// Seals endpoints' signing secrets for the store under the installation secret (as
/// ``InstallationSealer`` does), bound to the endpoint's id: a copy of the database alone signs
/// nothing.
public struct WebhookSecretVault: Sendable {
    private let sealer: InstallationSealer

    public init(installationSecret: [UInt8]) {
        sealer = InstallationSealer(installationSecret: installationSecret, purpose: "lango webhook-secret vault v1")
    }

    public func seal(_ secret: WebhookSecret, endpointID: String) throws -> [UInt8] {
        try sealer.seal(secret.key, boundTo: endpointID)
    }

    public func open(_ sealed: [UInt8], endpointID: String) throws -> WebhookSecret {
        WebhookSecret(key: try sealer.open(sealed, boundTo: endpointID))
    }
}
