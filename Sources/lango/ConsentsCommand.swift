import ArgumentParser
import Foundation
import LangoConsent
import LangoJSON
import LangoPolicy
import LangoStore

struct ConsentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consents",
        abstract: "Read customers' consents and their audit trail (in the store).",
        subcommands: [List.self, Show.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a customer's consents, newest first (deleted ones left out).")

        @OptionGroup var common: CommonOptions

        @Option(help: "The customer number, e.g. C0001.")
        var customer: String

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    let consents = try await admin.store.consents.consents(customerID: customer)
                    print(Table.render(
                        header: ["CONSENT", "APP", "STATUS", "PERMISSIONS", "ACCOUNTS", "EXPIRES", "CREATED"],
                        rows: consents.map {
                            [
                                $0.id, $0.appID, $0.status.rawValue, String($0.permissions.count), $0.accountIDs.joined(separator: ","),
                                $0.expiresAt.map { ISO8601.format($0) } ?? "-", ISO8601.format($0.createdAt),
                            ]
                        }))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one consent and every change to it: who, when, from where.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The consent id (aac-…, pdc-…, pbc-…).")
        var id: String

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    guard let consent = try await admin.store.consents.consent(id: id) else {
                        throw CommandFailure.problems("no consent \(id)")
                    }
                    print("consent \(consent.id) of \(consent.appID) (client \(consent.clientID)): \(consent.status.rawValue)"
                        + (consent.deletedAt == nil ? "" : ", deleted by the client"))
                    if let payment = consent.payment {
                        print("payment: \(payment.total) in \(payment.initiations.count) payment(s)"
                            + (payment.isBulk ? " (bulk)" : "") + (consent.paymentID.map { "; made as \($0)" } ?? ""))
                    } else {
                        print("permissions: \(consent.permissions.map(\.rawValue).joined(separator: ", "))")
                    }
                    print("customer: \(consent.customerID ?? "-"); accounts: \(consent.accountIDs.isEmpty ? "-" : consent.accountIDs.joined(separator: ", "))")
                    print("expires: \(consent.expiresAt.map { ISO8601.format($0) } ?? "never")")
                    let events = try await admin.store.consents.events(consentID: id)
                    print(Table.render(
                        header: ["#", "WHEN", "EVENT", "BY", "FROM", "STATUS"],
                        rows: events.map {
                            [
                                String($0.sequence), ISO8601.format($0.at), $0.kind.rawValue, $0.actor.description, $0.address ?? "-",
                                "\($0.statusBefore?.rawValue ?? "-") → \($0.statusAfter.rawValue)",
                            ]
                        }))
                }
            }
        }
    }
}
