import Foundation
@_exported import enum LangoPolicy.AppEnvironment
@_exported import enum LangoPolicy.AppStatus

/// A client application registered with Lango: one of the bank's own services or a partner's.
public struct App: Sendable, Hashable, Codable {
    /// `app_` followed by lowercase letters, digits, `_` or `-`.
    public var id: String
    public var name: String
    public var environment: AppEnvironment
    public var status: AppStatus
    public var createdAt: Date
    /// The pricing plan's id; `nil` for the gateway's default plan.
    public var plan: String?
    /// The organisation the app belongs to, as customers are shown it; `nil` for the bank's own services.
    public var partner: String?

    public init(
        id: String, name: String, environment: AppEnvironment, status: AppStatus = .active, createdAt: Date,
        plan: String? = nil, partner: String? = nil
    ) {
        self.id = id
        self.name = name
        self.environment = environment
        self.status = status
        self.createdAt = createdAt
        self.plan = plan
        self.partner = partner
    }

    /// Whether `id` is a well-formed app id (`app_` + 3 to 40 of `[a-z0-9_-]`).
    public static func isValidID(_ id: String) -> Bool {
        guard id.hasPrefix("app_") else { return false }
        let rest = id.dropFirst(4)
        return (3...40).contains(rest.count) && rest.unicodeScalars.allSatisfy(Self.isIDCharacter)
    }

    static func isIDCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
    }
}
