import ArgumentParser
import Foundation
import LangoIdentity
import LangoGateway
import LangoJSON
import LangoPlans
import LangoStore

struct AppsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apps",
        abstract: "Register and manage client apps (in the store).",
        subcommands: [Create.self, List.self, SetPlan.self, Suspend.self, Activate.self, OAuth.self, RotateSecret.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an app.")

        @OptionGroup var common: CommonOptions

        @Option(help: "The app's display name.")
        var name: String

        @Option(help: "An id of your choice, app_ followed by 3 to 40 of a-z 0-9 _ - (generated if omitted).")
        var id: String?

        @Option(help: "sandbox or production.")
        var environment: AppEnvironment = .sandbox

        @Option(help: "The pricing plan (default: the configuration's default plan).")
        var plan: String?

        @Option(help: "The organisation the app belongs to, shown to customers when they authorise it (omit for the bank's own services).")
        var partner: String?

        @Flag(help: "Print only the app id.")
        var quiet = false

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    if let plan { try requireKnownPlan(plan, admin.configuration) }
                    let app = try await admin.manager.createApp(id: id, name: name, environment: environment, plan: plan, partner: partner)
                    print(quiet ? app.id : "created \(app.id) \"\(app.name)\"\(app.partner.map { " of \($0)" } ?? "") (\(app.environment.rawValue))")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List apps.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    let apps = try await admin.store.identity.apps()
                    let defaultPlan = admin.configuration.defaultPlan
                    print(Table.render(
                        header: ["ID", "NAME", "PARTNER", "ENVIRONMENT", "STATUS", "PLAN", "CREATED"],
                        rows: apps.map {
                            [
                                $0.id, $0.name, $0.partner ?? "-", $0.environment.rawValue, $0.status.rawValue,
                                $0.plan ?? "\(defaultPlan) (default)", ISO8601.format($0.createdAt),
                            ]
                        }))
                }
            }
        }
    }

    struct SetPlan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-plan",
            abstract: "Move an app to another plan; the next request uses it, and the counts so far are kept.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The app id.")
        var id: String

        @Argument(help: "The plan id, or \"default\" for the configuration's default plan.")
        var plan: String

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    let chosen = plan == "default" ? nil : plan
                    if let chosen { try requireKnownPlan(chosen, admin.configuration) }
                    let app = try await admin.manager.setPlan(chosen, ofApp: id)
                    print("\(app.id) is on plan \(app.plan ?? "\(admin.configuration.defaultPlan) (default)")")
                }
            }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend an app: its keys stop working.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The app id.")
        var id: String

        func run() async throws {
            try await setStatus(.suspended, ofApp: id, common)
        }
    }

    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reactivate a suspended app.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The app id.")
        var id: String

        func run() async throws {
            try await setStatus(.active, ofApp: id, common)
        }
    }
}

private func setStatus(_ status: AppStatus, ofApp id: String, _ common: CommonOptions) async throws {
    try await reporting {
        try await common.administer { admin in
            let app = try await admin.manager.setStatus(status, ofApp: id)
            print("\(app.id) is \(app.status.rawValue)")
        }
    }
}

extension AppEnvironment: ExpressibleByArgument {}

/// Refuses a plan id the plan catalog (checked against the policies) does not have.
private func requireKnownPlan(_ plan: String, _ configuration: GatewayConfiguration) throws {
    let catalog = try checked { try PolicyLoader.loadRules(configuration: configuration).plans }
    guard catalog.plan(id: plan) != nil else {
        let hint = Suggestion.hint(for: plan, among: catalog.plans.map(\.id), noun: "plans") ?? ""
        throw CommandFailure.problems("unknown plan \"\(plan)\" (\(hint))")
    }
}

/// Plain-text tables for listings.
enum Table {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
