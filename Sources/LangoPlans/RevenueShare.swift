/// A plan's revenue share on a premium API product: the percentage of the revenue earned
/// through that product that goes to the bank.
public struct RevenueShare: Sendable, Hashable {
    /// The product, one of the plan's products.
    public let product: String
    /// The share in hundredths of a percent (basis points): `1500` is 15%, `1250` is 12.5%.
    public let basisPoints: Int

    /// A share of `basisPoints` hundredths of a percent on `product`.
    public init(product: String, basisPoints: Int) {
        self.product = product
        self.basisPoints = basisPoints
    }

    /// The share as written in plans: `15`, `12.5`, `0.25`.
    public var percent: String {
        let cents = basisPoints % 100
        guard cents != 0 else { return "\(basisPoints / 100)" }
        return "\(basisPoints / 100)." + (cents % 10 == 0 ? "\(cents / 10)" : (cents < 10 ? "0" : "") + "\(cents)")
    }
}
