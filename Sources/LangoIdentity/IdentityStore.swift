/// Storage for apps and API keys. `LangoStore` implements it on SQL; ``InMemoryIdentityStore``
/// is the twin for tests.
public protocol IdentityStore: Sendable {
    /// Adds an app; throws ``IdentityError/duplicateApp(_:)`` when the id is taken.
    func insertApp(_ app: App) async throws
    func app(id: String) async throws -> App?
    /// All apps, ordered by id.
    func apps() async throws -> [App]
    /// Replaces a stored app; throws ``IdentityError/unknownApp(_:)`` when there is none.
    func updateApp(_ app: App) async throws

    func insertKey(_ key: APIKey) async throws
    func key(id: String) async throws -> APIKey?
    func key(hash: String) async throws -> APIKey?
    /// Keys of one app, or of every app when `appID` is nil; ordered by creation, then id.
    func keys(appID: String?) async throws -> [APIKey]
    /// Replaces a stored key; throws ``IdentityError/unknownKey(_:)`` when there is none.
    func updateKey(_ key: APIKey) async throws
    /// Stores `replaced` and inserts `replacement` atomically (a rotation).
    func replaceKey(_ replaced: APIKey, with replacement: APIKey) async throws
}

/// The in-memory ``IdentityStore``.
public actor InMemoryIdentityStore: IdentityStore {
    private var appsByID: [String: App] = [:]
    private var keysByID: [String: APIKey] = [:]

    public init() {}

    public func insertApp(_ app: App) throws {
        guard appsByID[app.id] == nil else { throw IdentityError.duplicateApp(app.id) }
        appsByID[app.id] = app
    }

    public func app(id: String) -> App? { appsByID[id] }

    public func apps() -> [App] { appsByID.values.sorted { $0.id < $1.id } }

    public func updateApp(_ app: App) throws {
        guard appsByID[app.id] != nil else { throw IdentityError.unknownApp(app.id) }
        appsByID[app.id] = app
    }

    public func insertKey(_ key: APIKey) throws {
        guard appsByID[key.appID] != nil else { throw IdentityError.unknownApp(key.appID) }
        guard keysByID[key.id] == nil, !keysByID.values.contains(where: { $0.hash == key.hash }) else {
            throw IdentityError.duplicateKey(key.id)
        }
        keysByID[key.id] = key
    }

    public func key(id: String) -> APIKey? { keysByID[id] }

    public func key(hash: String) -> APIKey? { keysByID.values.first { $0.hash == hash } }

    public func keys(appID: String?) -> [APIKey] {
        keysByID.values
            .filter { appID == nil || $0.appID == appID }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func updateKey(_ key: APIKey) throws {
        guard keysByID[key.id] != nil else { throw IdentityError.unknownKey(key.id) }
        keysByID[key.id] = key
    }

    public func replaceKey(_ replaced: APIKey, with replacement: APIKey) throws {
        guard keysByID[replaced.id] != nil else { throw IdentityError.unknownKey(replaced.id) }
        try insertKey(replacement)
        keysByID[replaced.id] = replaced
    }
}
