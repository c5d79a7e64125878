import ArgumentParser
import Foundation
import LangoGateway
import LangoPlans
import LangoPolicy

struct PlansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "Check pricing plans (see docs/plans.md).",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a plan directory against the policies' API products; print every error and warning.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The plan directory.")
        var directory = "plans"

        @Option(name: .long, help: "The policy directory whose rules name the API products.")
        var policies = "policies"

        func run() async throws {
            try await reporting {
                var configuration = try common.configuration()
                configuration.policyDirectory = policies
                configuration.planDirectory = directory
                let catalog = try checked { try PolicyLoader.loadRules(configuration: configuration, unknownProducts: .error).plans }
                for warning in catalog.warnings { print(warning) }
                print(
                    "0 errors, \(catalog.warnings.count) warnings: \(catalog.plans.count) plans (\(catalog.plans.map(\.id).joined(separator: ", "))), revision \(catalog.revision)"
                )
            }
        }
    }
}

/// Runs a load, printing the diagnostics of a failure and mapping it to an exit status.
func checked<T>(_ load: () throws -> T) throws -> T {
    do {
        return try load()
    } catch let failure as PolicyCheckFailure {
        for diagnostic in failure.diagnostics { print(diagnostic) }
        let summary = "\(failure.errors.count) errors, \(failure.warnings.count) warnings"
        print(summary)
        throw CommandFailure.problems(summary)
    } catch let failure as CommandFailure {
        throw failure
    } catch {
        throw CommandFailure.cannotRun("\(error)")
    }
}
