import ArgumentParser

/// `lango`: the gateway, its core-banking simulator, and the tools platform engineers and
/// administrators use on policies, apps and keys.
@main
struct Lango: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lango",
        abstract: "Lango, the open banking gateway.",
        discussion: """
            Exit codes: 0 success; 1 the command ran and found problems (policy errors, failing \
            fixtures) or was refused (unknown app, inactive key); 2 it could not run (unreadable \
            files, bad configuration, store unavailable); 64 command-line usage error.
            """,
        subcommands: [
            Serve.self, CoreSim.self, PolicyCommand.self, PlansCommand.self, AppsCommand.self, KeysCommand.self, ConsentsCommand.self, PaymentsCommand.self, WebhooksCommand.self, UsageCommand.self,
        ]
    )
}

/// Exit statuses, as documented in the root command's help and the README.
enum ExitStatus {
    /// Problems found or operation refused.
    static let problems = ExitCode(1)
    /// Could not run.
    static let cannotRun = ExitCode(2)
}
