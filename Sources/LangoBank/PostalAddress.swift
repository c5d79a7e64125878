/// A customer's postal address.
public struct PostalAddress: Sendable, Hashable, Codable {
    /// Free-form lines (building, street, estate), most specific first; at most five are rendered.
    public var addressLine: [String]
    /// The town or city, such as `Nairobi`.
    public var townName: String
    /// County or region, such as `Nairobi City`.
    public var countrySubDivision: String?
    /// The postal code, such as `00800`.
    public var postCode: String?
    /// ISO 3166-1 alpha-2 code, such as `KE`.
    public var country: String

    /// An address with every field given.
    public init(addressLine: [String], townName: String, countrySubDivision: String? = nil, postCode: String? = nil,
                country: String) {
        self.addressLine = addressLine
        self.townName = townName
        self.countrySubDivision = countrySubDivision
        self.postCode = postCode
        self.country = country
    }
}
