import ArgumentParser
import Foundation
import LangoBank
import LangoConsent
import LangoJSON
import LangoPayments
import LangoStore

struct PaymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "Read payments, what became of them and the fraud check that let them through (in the store).",
        subcommands: [Show.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a payment (dp-…), or every payment of a bulk (bp-…).")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The payment id (dp-…) or bulk payment id (bp-…).")
        var id: String

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    let payments =
                        id.hasPrefix("bp-") ? try await admin.store.payments.payments(bulkID: id) : [try await admin.store.payments.payment(id: id)].compactMap { $0 }
                    guard let first = payments.first else { throw CommandFailure.problems("no payment \(id)") }
                    print("consent \(first.consentID) of \(first.appID) (client \(first.clientID)); customer \(first.customerID), from \(first.debtorAccountID)")
                    print(Table.render(
                        header: ["PAYMENT", "AMOUNT", "TO", "STATUS", "SINCE", "TRANSACTION", "FRAUD CHECK", "REASON"],
                        rows: payments.map { payment in
                            let check = payment.fraudCheck.map { check in
                                "\(check.hook): \(check.action)" + (check.score.map { " (score \($0))" } ?? "") + (check.failMode.map { " (fail \($0))" } ?? "")
                            }
                            return [
                                payment.id, payment.initiation.amount.description,
                                payment.initiation.creditorAccount.name ?? payment.initiation.creditorAccount.identification, payment.status.rawValue,
                                ISO8601.format(payment.statusUpdatedAt), payment.transactionID ?? "-", check ?? "-", payment.rejectionReason ?? "-",
                            ]
                        }))
                }
            }
        }
    }
}
