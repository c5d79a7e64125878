import Foundation

/// Builds ``SandboxDataset/generate(anchor:)``'s dataset from the ``SandboxCatalog``.
///
/// Each customer's habits are expanded month by month over the twelve months before the
/// anchor's UTC day, then booked in time order from the opening balances; a debit the
/// account cannot cover is dropped, so balances never go negative. Randomness comes from
/// ``SplitMix64`` streams keyed by customer and purpose, never from the system.
struct SandboxDatasetGenerator {
    private static let seed: UInt64 = 0x5745_4B45_5A41_0001
    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    private let calendar: Calendar
    private let anchorDay: Date
    /// The first day of the history: twelve months before `anchorDay`.
    private let firstDay: Date
    /// The last day of the history: the day before `anchorDay`.
    private let lastDay: Date

    init(anchor: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        self.calendar = calendar
        anchorDay = calendar.startOfDay(for: anchor)
        firstDay = calendar.date(byAdding: .month, value: -12, to: anchorDay) ?? anchorDay
        lastDay = anchorDay.addingTimeInterval(-Self.secondsPerDay)
    }

    func generate() -> SandboxDataset {
        var dataset = SandboxDataset(parties: [], accounts: [], openingBalances: [:], transactions: [], anchor: anchorDay)
        let months = historyMonths()
        for profile in SandboxCatalog.customers {
            let accounts = makeAccounts(profile)
            dataset.parties.append(profile.party)
            dataset.accounts += accounts.map(\.account)
            for (account, opening) in accounts {
                dataset.openingBalances[account.id] = opening
            }
            dataset.transactions += book(plan(profile, months), openingBalances: dataset.openingBalances,
                                         accountOrder: accounts.map(\.account.id))
        }
        return dataset
    }

    // MARK: - Accounts

    private func makeAccounts(_ profile: SandboxCustomerProfile) -> [(account: Account, opening: Money)] {
        let customerID = profile.party.customerID
        var random = SplitMix64(seed: Self.seed, label: "\(customerID)/accounts")
        return profile.accounts.map { spec in
            let number = profile.branch + String(random.int(in: 1...9))
                + (0..<9).map { _ in String(random.int(in: 0...9)) }.joined()
            let opening = Money(minorUnits: random.int(in: spec.openingBalance) * 100, currency: spec.currency)
            let openedDaysAgo = random.int(in: 400...3_000)
            let account = Account(
                id: "\(customerID)-\(spec.suffix)", customerID: customerID, currency: spec.currency,
                accountType: "Personal", accountSubType: spec.subType, nickname: spec.nickname,
                description: spec.description,
                openingDate: anchorDay.addingTimeInterval(-Double(openedDaysAgo) * Self.secondsPerDay),
                status: "Enabled", schemeName: "KE.WEKEZA.AccountNumber", identification: number,
                holderName: profile.party.fullLegalName
            )
            return (account, opening)
        }
    }

    // MARK: - Planning

    private struct Month {
        var start: Date
        var year: Int
        var number: Int
        var length: Int
        /// Weekday of the 1st, 1 = Sunday … 7 = Saturday.
        var firstWeekday: Int

        func date(ofDay day: Int) -> Date { start.addingTimeInterval(Double(day - 1) * SandboxDatasetGenerator.secondsPerDay) }
        func weekday(ofDay day: Int) -> Int { (firstWeekday - 1 + day - 1) % 7 + 1 }
        var tag: String { SandboxDatasetGenerator.monthNames[number - 1] + " \(year)" }
        var yearMonth: String { "\(year)" + (number < 10 ? "0" : "") + "\(number)" }
    }

    /// One side of a planned booking.
    private struct Leg {
        var accountID: String
        var amount: Money
        var creditDebit: CreditDebit
        var information: String
        var reference: String?
        var merchantName: String?
        var merchantCategoryCode: String?
        var code: BankTransactionCode?
    }

    /// A booking of one or two legs (a transfer between own accounts moves both or neither).
    private struct Event {
        var bookedAt: Date
        var valueAt: Date
        var order: Int
        var legs: [Leg]
    }

    private static let secondsPerDay: TimeInterval = 86_400

    private func historyMonths() -> [Month] {
        var months: [Month] = []
        let components = calendar.dateComponents([.year, .month], from: firstDay)
        var start = calendar.date(from: components) ?? firstDay
        while start <= lastDay {
            let parts = calendar.dateComponents([.year, .month, .weekday], from: start)
            let length = calendar.range(of: .day, in: .month, for: start)?.count ?? 30
            months.append(Month(start: start, year: parts.year ?? 0, number: parts.month ?? 1, length: length,
                                firstWeekday: parts.weekday ?? 1))
            guard let next = calendar.date(byAdding: .month, value: 1, to: start) else { break }
            start = next
        }
        return months
    }

    private func covers(_ month: Month, day: Int) -> Bool {
        let date = month.date(ofDay: day)
        return date >= firstDay && date <= lastDay
    }

    private func plan(_ profile: SandboxCustomerProfile, _ months: [Month]) -> [Event] {
        let customerID = profile.party.customerID
        let currencies = Dictionary(uniqueKeysWithValues: profile.accounts.map { ($0.suffix, $0.currency) })
        var random = SplitMix64(seed: Self.seed, label: "\(customerID)/transactions")
        var events: [Event] = []
        for month in months {
            for habit in profile.habits {
                for day in days(habit.schedule, in: month, random: &random) where covers(month, day: day) {
                    events.append(event(habit, customerID: customerID, currencies: currencies, month: month, day: day,
                                        order: events.count, random: &random))
                }
            }
        }
        return events.sorted { ($0.bookedAt, $0.order) < ($1.bookedAt, $1.order) }
    }

    private func days(_ schedule: SandboxHabit.Schedule, in month: Month, random: inout SplitMix64) -> [Int] {
        switch schedule {
        case .monthly(let day, let weekdaysOnly):
            let clamped = min(day, month.length)
            guard weekdaysOnly else { return [clamped] }
            switch month.weekday(ofDay: clamped) {
            case 7: return [clamped - 1]
            case 1: return [clamped - 2]
            default: return [clamped]
            }
        case .timesPerMonth(let times):
            let covered = (1...month.length).filter { covers(month, day: $0) }
            guard !covered.isEmpty else { return [] }
            let perFullMonth = random.int(in: times)
            let count = Int((Double(perFullMonth * covered.count) / Double(month.length)).rounded())
            return (0..<count).map { _ in random.element(of: covered) }
        case .inMonths(let months, let day):
            return months.contains(month.number) ? [min(day, month.length)] : []
        case .monthEnd:
            return [month.length]
        }
    }

    private func event(_ habit: SandboxHabit, customerID: String, currencies: [String: String], month: Month, day: Int,
                       order: Int, random: inout SplitMix64) -> Event {
        let second = random.int(in: (habit.hours.lowerBound * 3_600)...(habit.hours.upperBound * 3_600 + 3_599))
        let bookedAt = month.date(ofDay: day).addingTimeInterval(Double(second))
        let steps = (habit.amount.upperBound - habit.amount.lowerBound) / habit.step
        let minorUnits = habit.amount.lowerBound + random.int(in: 0...steps) * habit.step
        let narrative = random.element(of: habit.narratives)
        let reference: String? =
            switch habit.reference {
            case .none: nil
            case .monthly(let prefix): "\(prefix)-\(month.yearMonth)"
            case .mobileMoney: mobileMoneyReceipt(&random)
            }
        let valueAt = habit.code?.isCard == true ? bookedAt.addingTimeInterval(-Double(random.int(in: 60...7_200))) : bookedAt
        var legs = [
            Leg(accountID: "\(customerID)-\(habit.account)",
                amount: Money(minorUnits: minorUnits, currency: currencies[habit.account] ?? ""),
                creditDebit: habit.creditDebit, information: narrative.information.replacingOccurrences(of: "{month}", with: month.tag),
                reference: reference, merchantName: narrative.merchantName,
                merchantCategoryCode: narrative.merchantCategoryCode, code: habit.code)
        ]
        if let transfer = habit.transfer {
            legs.append(
                Leg(accountID: "\(customerID)-\(transfer.account)",
                    amount: Money(minorUnits: minorUnits * transfer.rate / 100, currency: currencies[transfer.account] ?? ""),
                    creditDebit: habit.creditDebit == .debit ? .credit : .debit, information: transfer.information,
                    reference: reference, code: transfer.code)
            )
        }
        return Event(bookedAt: bookedAt, valueAt: valueAt, order: order, legs: legs)
    }

    /// A ten-character receipt code in the style of M-PESA's, such as `SGH4K2LQ9P`.
    private func mobileMoneyReceipt(_ random: inout SplitMix64) -> String {
        let first = Array("QRSTU")
        let rest = Array("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
        return String(random.element(of: first)) + String((0..<9).map { _ in random.element(of: rest) })
    }

    // MARK: - Booking

    /// Books `events` in order from the opening balances, dropping any the accounts cannot cover,
    /// and returns each account's transactions (oldest first), accounts in `accountOrder`.
    private func book(_ events: [Event], openingBalances: [String: Money], accountOrder: [String]) -> [Transaction] {
        var balances = openingBalances.mapValues(\.minorUnits)
        var booked: [String: [Transaction]] = [:]
        for event in events {
            let affordable = event.legs.allSatisfy {
                $0.creditDebit == .credit || (balances[$0.accountID] ?? 0) >= $0.amount.minorUnits
            }
            guard affordable else { continue }
            for leg in event.legs {
                let balance = (balances[leg.accountID] ?? 0) + leg.amount.signedMinorUnits(leg.creditDebit)
                balances[leg.accountID] = balance
                let after = Money.ledgerBalance(signedMinorUnits: balance, currency: leg.amount.currency)
                let sequence = String((booked[leg.accountID]?.count ?? 0) + 1)
                booked[leg.accountID, default: []].append(
                    Transaction(
                        id: "TX-\(leg.accountID)-" + String(repeating: "0", count: max(0, 5 - sequence.count)) + sequence,
                        accountID: leg.accountID, reference: leg.reference, bookedAt: event.bookedAt,
                        valueAt: event.valueAt, amount: leg.amount, creditDebit: leg.creditDebit, status: "Booked",
                        information: leg.information, merchantName: leg.merchantName,
                        merchantCategoryCode: leg.merchantCategoryCode, bankTransactionCode: leg.code,
                        balanceAfter: after.amount, balanceAfterCreditDebit: after.creditDebit
                    )
                )
            }
        }
        return accountOrder.flatMap { booked[$0] ?? [] }
    }
}
