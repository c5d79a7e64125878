/// Why the store could not do what was asked.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case unavailable(String)
        case corrupt(String)
        case newerSchema(found: Int, known: Int)
    }

    private let kind: Kind

    /// The database cannot be opened or reached.
    public static func unavailable(_ message: String) -> Self { Self(kind: .unavailable(message)) }
    /// A stored row cannot be read back (bad JSON, bad enum value).
    public static func corrupt(_ message: String) -> Self { Self(kind: .corrupt(message)) }
    /// The database was migrated by a newer Lango than this one.
    public static func newerSchema(found: Int, known: Int) -> Self { Self(kind: .newerSchema(found: found, known: known)) }

    public var description: String {
        switch kind {
        case .unavailable(let message): "store unavailable: \(message)"
        case .corrupt(let message): "store data is corrupt: \(message)"
        case .newerSchema(let found, let known):
            "the database is at schema version \(found) but this lango knows only up to \(known); upgrade lango"
        }
    }
}
