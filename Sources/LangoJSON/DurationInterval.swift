import Foundation

extension Duration {
    /// The duration as Foundation counts time between `Date`s: seconds, with the fraction.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
