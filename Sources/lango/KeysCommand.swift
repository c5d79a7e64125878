import ArgumentParser
import Foundation
import LangoIdentity
import LangoGateway
import LangoJSON
import LangoPolicy
import LangoStore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Issue, rotate, revoke and list API keys (in the store).",
        discussion: "A key's secret is printed once, when it is issued; only its hash is stored.",
        subcommands: [Create.self, Rotate.self, Revoke.self, List.self, RotateSigning.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a key for an app.")

        @OptionGroup var common: CommonOptions

        @Option(help: "The app the key belongs to.")
        var app: String

        @Option(name: .customLong("scope"), help: "A scope the key grants; repeat for several.")
        var scopes: [String] = []

        @Option(name: .customLong("expires-in"), help: "Lifetime such as 90d or 12h (no expiry if omitted).")
        var expiresIn: String?

        @Flag(help: "Print only the secret.")
        var quiet = false

        func run() async throws {
            try await reporting {
                let lifetime = try expiresIn.map { try parseDuration($0, option: "--expires-in") }
                try await common.administer { admin in
                    let known = admin.configuration.policyVocabulary().scopes
                    for scope in scopes where !known.contains(scope) {
                        let hint = Suggestion.hint(for: scope, among: known, noun: "scopes") ?? ""
                        throw CommandFailure.problems("unknown scope \"\(scope)\" (\(hint))")
                    }
                    let issued = try await admin.manager.issueKey(appID: app, scopes: scopes, lifetime: lifetime)
                    printIssued(issued, quiet: quiet)
                }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a key with a new one; the old key keeps working for the overlap, then expires.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The key id (key_…).")
        var id: String

        @Option(help: "How long the old key keeps working, such as 24h.")
        var overlap = "24h"

        @Flag(help: "Print only the new secret.")
        var quiet = false

        func run() async throws {
            try await reporting {
                let overlap = try parseDuration(overlap, option: "--overlap")
                try await common.administer { admin in
                    let issued = try await admin.manager.rotateKey(id: id, overlap: overlap)
                    printIssued(issued, quiet: quiet)
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key at once.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The key id (key_…).")
        var id: String

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    let key = try await admin.manager.revokeKey(id: id)
                    print("revoked \(key.id)")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")

        @OptionGroup var common: CommonOptions

        @Option(help: "Only this app's keys.")
        var app: String?

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    let now = Date()
                    let keys = try await admin.store.identity.keys(appID: app)
                    print(Table.render(
                        header: ["ID", "APP", "PREFIX", "STATUS", "SCOPES", "CREATED", "EXPIRES"],
                        rows: keys.map { key in
                            [
                                key.id, key.appID, key.prefix + "…", key.status(at: now).rawValue, key.scopes.joined(separator: ","),
                                ISO8601.format(key.createdAt), key.expiresAt.map { ISO8601.format($0) } ?? "never",
                            ]
                        }))
                }
            }
        }
    }
}

private func printIssued(_ issued: IssuedAPIKey, quiet: Bool) {
    if quiet {
        print(issued.secret)
        return
    }
    print("key id:  \(issued.key.id)")
    print("app:     \(issued.key.appID)")
    print("scopes:  \(issued.key.scopes.joined(separator: " "))")
    print("expires: \(issued.key.expiresAt.map { ISO8601.format($0) } ?? "never")")
    print("secret:  \(issued.secret)")
    print("The secret is shown only now; store it safely.")
}
