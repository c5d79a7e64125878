/// The OBIE consent an allow rule needs (an ``Obligation/consent`` obligation).
public struct ConsentRequirement: Sendable, Hashable {
    /// The kind of consent.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An OBIE account-access consent (AIS).
        case accountAccess = "account-access"
        /// An OBIE payment consent (PIS).
        case payment
    }

    /// The kind of consent the request must be covered by.
    public let kind: Kind
    /// For account access: the consent must grant at least one of these (OBIE Basic OR Detail).
    /// Empty for payment consents.
    public let permissions: [AccountPermission]
    /// The path parameter holding the account the consent must cover, e.g. `AccountId`.
    public let accountParameter: String?
}
