/// Why an identity operation was refused.
public struct IdentityError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case duplicateApp(String)
        case unknownApp(String)
        case duplicateKey(String)
        case unknownKey(String)
        case invalid(String)
        case keyNotActive(String, APIKeyStatus)
    }

    private let kind: Kind

    public static func duplicateApp(_ id: String) -> Self { Self(kind: .duplicateApp(id)) }
    public static func unknownApp(_ id: String) -> Self { Self(kind: .unknownApp(id)) }
    public static func duplicateKey(_ id: String) -> Self { Self(kind: .duplicateKey(id)) }
    public static func unknownKey(_ id: String) -> Self { Self(kind: .unknownKey(id)) }
    /// An argument is not acceptable; `message` says which and why.
    public static func invalid(_ message: String) -> Self { Self(kind: .invalid(message)) }
    /// The key cannot be rotated because it no longer authenticates.
    public static func keyNotActive(_ id: String, _ status: APIKeyStatus) -> Self { Self(kind: .keyNotActive(id, status)) }

    public var description: String {
        switch kind {
        case .duplicateApp(let id): "an app with id \(id) already exists"
        case .unknownApp(let id): "no app with id \(id)"
        case .duplicateKey(let id): "a key with id \(id) already exists"
        case .unknownKey(let id): "no key with id \(id)"
        case .invalid(let message): message
        case .keyNotActive(let id, let status): "key \(id) is \(status.rawValue) and cannot be rotated"
        }
    }
}
