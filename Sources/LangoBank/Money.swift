/// An amount of money in a currency's minor units (cents), so sums are exact.
///
/// Every currency the bank holds (KES, USD) has two decimal places, and ``Money`` assumes
/// two for any ISO 4217 code. In models the amount is a magnitude: its direction travels
/// separately as a ``CreditDebit``.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The amount in hundredths of the currency unit: `123450` is `1234.50`.
    public var minorUnits: Int64
    /// ISO 4217 alphabetic code, such as `KES` or `USD`.
    public var currency: String

    /// An amount of `minorUnits` hundredths of `currency`.
    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Parses a plain decimal amount such as `1234.5` or `1234.50`.
    ///
    /// Returns `nil` for a malformed amount (see ``minorUnits(decimal:)``) and for a currency
    /// that is not three upper-case ASCII letters.
    public init?(decimal: String, currency: String) {
        guard Self.isCurrencyCode(currency), let minorUnits = Self.minorUnits(decimal: decimal) else { return nil }
        self.init(minorUnits: minorUnits, currency: currency)
    }

    /// The minor units of a plain decimal such as `1234`, `1234.5` or `1234.50`.
    ///
    /// Returns `nil` for a sign, more than two decimals, a bare or trailing point, exponents,
    /// separators, spaces or other characters, and an amount too large for `Int64` minor units.
    public static func minorUnits(decimal: String) -> Int64? {
        let bytes = Array(decimal.utf8)
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let integerDigits = bytes[..<(point ?? bytes.endIndex)]
        let fractionDigits = point.map { bytes[($0 + 1)...] } ?? []
        guard !integerDigits.isEmpty, point == nil || (1...2).contains(fractionDigits.count),
            let whole = parseDigits(integerDigits), let fraction = parseDigits(fractionDigits)
        else { return nil }
        let fractionScale: Int64 = fractionDigits.count == 1 ? 10 : 1
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 100)
        let (total, overflowAgain) = scaled.addingReportingOverflow(fraction * fractionScale)
        guard !overflow, !overflowAgain else { return nil }
        return total
    }

    /// The magnitude with exactly two decimals and no sign, as OBIE amounts are written:
    /// `1234.50`, `0.05`.
    public var decimalString: String {
        let magnitude = minorUnits.magnitude
        let cents = magnitude % 100
        return "\(magnitude / 100)." + (cents < 10 ? "0" : "") + "\(cents)"
    }

    /// The currency and amount, as people read prices: `KES 2500.00`.
    public var description: String { "\(currency) \(decimalString)" }

    /// Whether `code` looks like an ISO 4217 alphabetic code: three upper-case ASCII letters.
    public static func isCurrencyCode(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    /// The value of a run of ASCII digits; `0` for an empty run, `nil` for anything else or overflow.
    private static func parseDigits(_ digits: some Collection<UInt8>) -> Int64? {
        var value: Int64 = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAgain) = scaled.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflow, !overflowAgain else { return nil }
            value = next
        }
        return value
    }
}

extension Money {
    /// The amount as signed minor units: positive for a credit, negative for a debit. Ledgers
    /// store and add balances this way.
    public func signedMinorUnits(_ direction: CreditDebit) -> Int64 {
        direction == .credit ? minorUnits : -minorUnits
    }

    /// Splits signed minor units into a magnitude and a direction; zero counts as a credit.
    /// The inverse of ``signedMinorUnits(_:)``.
    public static func ledgerBalance(signedMinorUnits: Int64, currency: String) -> LedgerBalance {
        (Money(minorUnits: Int64(exactly: signedMinorUnits.magnitude) ?? .max, currency: currency),
         signedMinorUnits < 0 ? .debit : .credit)
    }
}
