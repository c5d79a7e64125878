import Foundation
import LangoBank
import LangoJSON
import Testing

struct SandboxDatasetTests {
    private static let anchor = ISO8601.parse("2026-03-01T00:00:00Z")!
    private static let dataset = SandboxDataset.generate(anchor: anchor)
    private var dataset: SandboxDataset { Self.dataset }

    private func date(_ text: String) -> Date { ISO8601.parse(text)! }

    private func history(_ accountID: String) -> [Transaction] {
        dataset.transactions.filter { $0.accountID == accountID }
    }

    // MARK: Determinism

    @Test func sameAnchorDayGivesAnIdenticalDataset() {
        #expect(SandboxDataset.generate(anchor: Self.anchor) == dataset)
        #expect(SandboxDataset.generate(anchor: date("2026-03-01T17:45:12.5Z")) == dataset)
        #expect(dataset.anchor == Self.anchor)
    }

    @Test func anotherAnchorShiftsTheDatesButKeepsCustomersAndAccounts() {
        let later = SandboxDataset.generate(anchor: date("2026-07-18T09:00:00+03:00"))
        #expect(later.anchor == date("2026-07-18T00:00:00Z"))
        #expect(later.parties == dataset.parties)
        #expect(later.accounts.map(\.identification) == dataset.accounts.map(\.identification))
        #expect(later.openingBalances == dataset.openingBalances)
        let shift = later.anchor.timeIntervalSince(dataset.anchor)
        #expect(zip(later.accounts, dataset.accounts).allSatisfy { $0.openingDate == $1.openingDate.addingTimeInterval(shift) })
        let bookedLater = later.transactions.map(\.bookedAt)
        #expect(bookedLater.min()! >= date("2025-07-18T00:00:00Z"))
        #expect(bookedLater.max()! < later.anchor)
        #expect(bookedLater.max()! >= date("2026-07-17T00:00:00Z"))
        #expect(later.transactions != dataset.transactions)
    }

    @Test func historyCoversTheTwelveMonthsBeforeTheAnchor() {
        let booked = dataset.transactions.map(\.bookedAt)
        #expect(booked.min()! >= date("2025-03-01T00:00:00Z"))
        #expect(booked.min()! < date("2025-03-02T00:00:00Z"))
        #expect(booked.max()! < Self.anchor)
        #expect(booked.max()! >= date("2026-02-28T00:00:00Z"))
        for account in dataset.accounts where account.id.hasSuffix("KES-1") {
            let months = Set(history(account.id).map { ISO8601.formatDate($0.bookedAt).prefix(7) })
            #expect(months.count == 12, "\(account.id) has transactions in \(months.count) months")
        }
    }

    // MARK: Customers and accounts

    @Test func fiveKenyanCustomers() throws {
        #expect(dataset.parties.map(\.customerID) == ["C0001", "C0002", "C0003", "C0004", "C0005"])
        #expect(Set(dataset.parties.map(\.address.townName)) == ["Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret"])
        let mobile = try Regex(#"^\+254-7\d{8}$"#)
        for party in dataset.parties {
            #expect(party.mobile.wholeMatch(of: mobile) != nil, "\(party.mobile)")
            #expect(party.emailAddress.contains("@"))
            #expect(party.address.country == "KE")
            #expect(party.partyType == "Sole")
            #expect(party.fullLegalName.hasSuffix(party.name.split(separator: " ").last.map(String.init) ?? "?"))
        }
    }

    @Test func eachCustomerHasTwoToFourAccountsWithExactlyOneInDollars() throws {
        let number = try Regex(#"^\d{13}$"#)
        for party in dataset.parties {
            let accounts = dataset.accounts.filter { $0.customerID == party.customerID }
            #expect((2...4).contains(accounts.count))
            #expect(accounts.filter { $0.currency == "USD" }.map(\.id) == ["\(party.customerID)-USD-1"])
            let shillings = accounts.filter { $0.currency == "KES" }.map(\.id)
            #expect((1...3).contains(shillings.count))
            #expect(shillings == (1...shillings.count).map { "\(party.customerID)-KES-\($0)" })
            for account in accounts {
                #expect(account.identification.wholeMatch(of: number) != nil)
                #expect(account.schemeName == "KE.WEKEZA.AccountNumber")
                #expect(account.holderName == party.fullLegalName)
                #expect(account.status == "Enabled")
                #expect(account.openingDate < date("2025-03-01T00:00:00Z"))
            }
        }
        #expect(Set(dataset.accounts.map(\.identification)).count == dataset.accounts.count)
    }

    // MARK: Transactions

    @Test func idsAreUniqueAndNumberEachAccountInBookingOrder() {
        #expect(Set(dataset.transactions.map(\.id)).count == dataset.transactions.count)
        for account in dataset.accounts {
            let transactions = history(account.id)
            #expect(transactions.map(\.id) == transactions.indices.map {
                "TX-\(account.id)-" + String(format: "%05d", $0 + 1)
            })
            #expect(zip(transactions, transactions.dropFirst()).allSatisfy { $0.bookedAt <= $1.bookedAt })
        }
    }

    @Test func balancesFollowFromTheOpeningBalanceAndNeverGoNegative() throws {
        try dataset.validate()
        for account in dataset.accounts {
            let opening = try #require(dataset.openingBalances[account.id])
            #expect(opening.currency == account.currency && opening.minorUnits > 0)
            var balance = opening.minorUnits
            for transaction in history(account.id) {
                #expect(transaction.amount.minorUnits > 0 && transaction.amount.currency == account.currency)
                balance += transaction.creditDebit == .credit ? transaction.amount.minorUnits : -transaction.amount.minorUnits
                #expect(balance >= 0)
                #expect(transaction.balanceAfter == Money(minorUnits: balance, currency: account.currency))
                #expect(transaction.balanceAfterCreditDebit == .credit)
            }
            let closing = try #require(dataset.closingBalances()[account.id])
            #expect(closing.amount.minorUnits == balance && closing.creditDebit == .credit)
        }
    }

    @Test func mainShillingAccountsSeeFifteenToSixtyTransactionsAMonth() {
        for account in dataset.accounts where account.id.hasSuffix("KES-1") {
            let perMonth = Dictionary(grouping: history(account.id)) { ISO8601.formatDate($0.bookedAt).prefix(7) }
            for (month, transactions) in perMonth {
                #expect((15...60).contains(transactions.count), "\(account.id) \(month): \(transactions.count)")
            }
        }
        for account in dataset.accounts where !account.id.hasSuffix("KES-1") {
            #expect(history(account.id).count < 12 * 15, "\(account.id) should see fewer transactions")
        }
    }

    @Test func narrativesAreKenyanEverydayBanking() {
        let shillings = dataset.transactions.filter { $0.amount.currency == "KES" }.map(\.information).joined(separator: "\n")
        for word in ["SALARY", "RENT", "KPLC PREPAID TOKEN", "SAFARICOM AIRTIME", "M-PESA TRANSFER", "NAIVAS", "CARREFOUR",
                     "QUICKMART", "JAVA HOUSE", "SCHOOL FEES", "TRANSFER TO", "POS SHELL"] {
            #expect(shillings.contains(word), "no KES transaction mentions \(word)")
        }
        let dollars = dataset.transactions.filter { $0.amount.currency == "USD" }
        for word in ["UPWORK", "NETFLIX", "SPOTIFY", "AMAZON WEB SERVICES", "REMITTANCE"] {
            #expect(dollars.contains { $0.information.contains(word) }, "no USD transaction mentions \(word)")
        }
        #expect(dollars.contains { $0.creditDebit == .credit } && dollars.contains { $0.creditDebit == .debit })
    }

    @Test func cardPaymentsCarryMerchantsAndBankCodes() throws {
        let mcc = try Regex(#"^\d{4}$"#)
        let cards = dataset.transactions.filter { $0.bankTransactionCode?.code == "CustomerCardTransactions" }
        #expect(cards.count > 500)
        for card in cards {
            #expect(card.merchantName?.isEmpty == false)
            #expect(card.merchantCategoryCode?.wholeMatch(of: mcc) != nil)
            #expect(card.valueAt <= card.bookedAt && card.bookedAt.timeIntervalSince(card.valueAt) <= 7_200)
        }
        let codes = Set(dataset.transactions.compactMap(\.bankTransactionCode).map { "\($0.code)/\($0.subCode)" })
        #expect(codes.isSuperset(of: [
            "ReceivedCreditTransfer/DomesticCreditTransfer", "IssuedCreditTransfer/DomesticCreditTransfer",
            "IssuedCreditTransfer/StandingOrder", "CustomerCardTransactions/PointOfSale",
            "ReceivedCreditTransfer/CrossBorderCreditTransfer",
        ]))
        let salaries = dataset.transactions.filter { $0.information.hasPrefix("SALARY") }
        #expect(salaries.allSatisfy { $0.creditDebit == .credit && $0.reference?.hasPrefix("SAL-") == true })
        #expect(dataset.transactions.contains { $0.bankTransactionCode == nil })
    }

    @Test func ownAccountTransfersMoveBothLegsTogether() {
        let outgoing = dataset.transactions.filter { $0.information == "TRANSFER TO EMERGENCY FUND" }
        let incoming = dataset.transactions.filter { $0.information == "TRANSFER FROM EVERYDAY ACCOUNT" }
        #expect(!outgoing.isEmpty)
        #expect(outgoing.map(\.bookedAt) == incoming.map(\.bookedAt))
        #expect(outgoing.map(\.amount) == incoming.map(\.amount))
        #expect(outgoing.allSatisfy { $0.accountID == "C0001-KES-1" && $0.creditDebit == .debit })
        #expect(incoming.allSatisfy { $0.accountID == "C0001-KES-2" && $0.creditDebit == .credit })
    }

    // MARK: Coding and validation

    @Test func roundTripsThroughStrictJSON() throws {
        let json = try JSONValueEncoder().encodeJSON(dataset)
        #expect(try JSONValueDecoder(rejectUnknownFields: true).decode(SandboxDataset.self, fromJSON: json) == dataset)
    }

    @Test func validateRejectsInconsistentDatasets() {
        var duplicateParty = dataset
        duplicateParty.parties.append(dataset.parties[0])
        var missingOpening = dataset
        missingOpening.openingBalances["C0001-KES-1"] = nil
        var extraOpening = dataset
        extraOpening.openingBalances["C0009-KES-1"] = Money(minorUnits: 0, currency: "KES")
        var brokenChain = dataset
        brokenChain.transactions[3].balanceAfter.minorUnits += 1
        var unknownAccount = dataset
        unknownAccount.transactions[0].accountID = "C0009-KES-1"
        var zeroAmount = dataset
        zeroAmount.transactions[0].amount.minorUnits = 0
        for broken in [duplicateParty, missingOpening, extraOpening, brokenChain, unknownAccount, zeroAmount] {
            let error = #expect(throws: CoreBankError.self) { try broken.validate() }
            #expect(error?.category == .invalidRequest)
        }
    }
}
