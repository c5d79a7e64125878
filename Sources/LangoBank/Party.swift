/// A bank customer as the core knows them: the subject of OBIE's `/party` resource.
public struct Party: Sendable, Hashable, Codable {
    /// The party's own identifier (OBIE `PartyId`).
    public var id: String
    /// The customer number accounts and consents are keyed by, such as `C0001`.
    public var customerID: String
    /// The name the customer goes by.
    public var name: String
    /// The name on the customer's identity document.
    public var fullLegalName: String
    /// OBIE party type: `Sole`, `Joint` or `Delegate`.
    public var partyType: String
    /// Where the customer reads email.
    public var emailAddress: String
    /// A landline, written the OBIE way: `+254-202345678`.
    public var phone: String?
    /// A mobile number, written the OBIE way: `+254-712345678`.
    public var mobile: String
    /// The customer's residential address.
    public var address: PostalAddress

    /// A party with every field given.
    public init(id: String, customerID: String, name: String, fullLegalName: String, partyType: String,
                emailAddress: String, phone: String? = nil, mobile: String, address: PostalAddress) {
        self.id = id
        self.customerID = customerID
        self.name = name
        self.fullLegalName = fullLegalName
        self.partyType = partyType
        self.emailAddress = emailAddress
        self.phone = phone
        self.mobile = mobile
        self.address = address
    }
}
