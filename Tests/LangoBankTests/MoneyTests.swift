import LangoBank
import LangoJSON
import Testing

struct MoneyTests {
    @Test(arguments: [
        ("1234.5", 123_450), ("1234.50", 123_450), ("1234", 123_400), ("0.05", 5), ("0.5", 50), ("0", 0),
        ("007.10", 710), ("92233720368547758.07", Int64.max),
    ] as [(String, Int64)])
    func parsesPlainDecimals(text: String, minorUnits: Int64) {
        #expect(Money(decimal: text, currency: "KES") == Money(minorUnits: minorUnits, currency: "KES"))
    }

    @Test(arguments: [
        "", ".", ".5", "1.", "1.234", "-1.00", "+1.00", "1,000.00", "1 000", "1e3", "0x10", "12.3.4", "١٢", "1.0a",
        " 1.00", "1.00 ", "92233720368547758.08", "99999999999999999999",
    ])
    func rejectsMalformedAmounts(text: String) {
        #expect(Money(decimal: text, currency: "KES") == nil)
    }

    @Test(arguments: ["kes", "KE", "KESH", "K3S", ""])
    func rejectsCurrenciesThatAreNotThreeCapitals(currency: String) {
        #expect(Money(decimal: "1.00", currency: currency) == nil)
    }

    @Test(arguments: [
        (123_450, "1234.50"), (5, "0.05"), (50, "0.50"), (0, "0.00"), (100, "1.00"), (-123_450, "1234.50"),
        (Int64.min, "92233720368547758.08"),
    ] as [(Int64, String)])
    func writesTwoDecimalsWithoutSign(minorUnits: Int64, text: String) {
        #expect(Money(minorUnits: minorUnits, currency: "USD").decimalString == text)
    }

    @Test func describesCurrencyThenAmount() {
        #expect(Money(minorUnits: 250_000, currency: "KES").description == "KES 2500.00")
        #expect(Money(minorUnits: 1_210, currency: "USD").description == "USD 12.10")
        #expect(Money.minorUnits(decimal: "2500.5") == 250_050)
        #expect(Money.minorUnits(decimal: "2500.505") == nil)
    }

    @Test func decimalStringParsesBack() {
        for minorUnits: Int64 in [0, 1, 99, 100, 101, 123_456_789] {
            let money = Money(minorUnits: minorUnits, currency: "USD")
            #expect(Money(decimal: money.decimalString, currency: "USD") == money)
        }
    }

    @Test func codesAsMinorUnitsAndCurrency() throws {
        let money = Money(minorUnits: 123_450, currency: "KES")
        let json = try JSONValueEncoder().encode(money)
        #expect(json == ["minorUnits": 123_450, "currency": "KES"])
        #expect(try JSONValueDecoder().decode(Money.self, from: json) == money)
    }

    @Test func signedMinorUnitsRoundTripThroughLedgerBalances() {
        let money = Money(minorUnits: 12_50, currency: "KES")
        #expect(money.signedMinorUnits(.credit) == 12_50)
        #expect(money.signedMinorUnits(.debit) == -12_50)
        for signed: Int64 in [-12_50, 0, 12_50] {
            let balance = Money.ledgerBalance(signedMinorUnits: signed, currency: "KES")
            #expect(balance.amount.minorUnits == abs(signed) && balance.amount.currency == "KES")
            #expect(balance.creditDebit == (signed < 0 ? .debit : .credit))
            #expect(balance.amount.signedMinorUnits(balance.creditDebit) == signed)
        }
        #expect(Money.ledgerBalance(signedMinorUnits: .min, currency: "KES").amount.minorUnits == .max)
    }
}
