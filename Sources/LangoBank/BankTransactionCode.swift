/// An ISO 20022 bank transaction code as OBIE writes it: family and sub-family names such as
/// `ReceivedCreditTransfer` / `DomesticCreditTransfer`.
public struct BankTransactionCode: Sendable, Hashable, Codable {
    /// The family, such as `IssuedCreditTransfer`.
    public var code: String
    /// The sub-family, such as `StandingOrder`.
    public var subCode: String

    /// A code from its family and sub-family names.
    public init(code: String, subCode: String) {
        self.code = code
        self.subCode = subCode
    }
}
