/// A booked balance: its magnitude and which side of zero it is on (zero is a credit).
public typealias LedgerBalance = (amount: Money, creditDebit: CreditDebit)
