import ArgumentParser
import Foundation
import LangoCrypto
import LangoGateway
import LangoIdentity
import LangoJSON
import LangoOAuth
import LangoStore

extension GrantType: ExpressibleByArgument {}
extension ClientAuthenticationMethod: ExpressibleByArgument {}

extension AppsCommand {
    struct OAuth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "oauth",
            abstract: "Register an app as an OAuth client, or replace its registration.",
            discussion: """
                The app id is the client_id. A client_secret client then needs a secret: \
                `lango apps rotate-secret APP`. A private_key_jwt client (FAPI 2.0) signs its token \
                requests with a key from the JWK set given here.
                """)

        @OptionGroup var common: CommonOptions

        @Argument(help: "The app id (the client_id).")
        var id: String

        @Option(help: "How the client authenticates: client_secret or private_key_jwt.")
        var auth: ClientAuthenticationMethod

        @Option(help: "A file with the client's public JWK set (for private_key_jwt).")
        var jwks: String?

        @Option(name: .customLong("scope"), help: "A scope the client may be granted; repeat for several.")
        var scopes: [String] = []

        @Option(name: .customLong("grant"), help: "A grant type the client may use; repeat for several (default client_credentials).")
        var grants: [GrantType] = []

        @Option(name: .customLong("redirect-uri"), help: "A redirect URI for the code flow, matched exactly; repeat for several.")
        var redirectURIs: [String] = []

        func run() async throws {
            try await reporting {
                let keySet = try jwks.map { path -> JSONValue in
                    do {
                        return try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
                    } catch {
                        throw CommandFailure.problems("cannot read the JWK set \(path): \(error)")
                    }
                }
                try await common.administer { admin in
                    let client = OAuthClient(
                        clientID: id, authenticationMethod: auth, keySet: keySet, redirectURIs: redirectURIs, scopes: scopes,
                        grantTypes: grants.isEmpty ? OAuthClient.defaultGrantTypes : grants)
                    try await admin.clientRegistry.register(client)
                    print(
                        "\(id) is an OAuth client: \(auth.rawValue), grants \(client.grantTypes.map(\.rawValue).joined(separator: " ")), "
                            + "scopes \(client.scopes.joined(separator: " "))")
                }
            }
        }
    }

    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-secret",
            abstract: "Issue a new client secret; earlier ones keep working for the overlap, then expire.",
            discussion: "The secret is printed once; only its hash is stored.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The app id (the client_id).")
        var id: String

        @Option(help: "How long earlier secrets keep working, such as 24h or 0s.")
        var overlap = "24h"

        @Flag(help: "Print only the secret.")
        var quiet = false

        func run() async throws {
            try await reporting {
                let overlap = try parseDuration(overlap, option: "--overlap")
                try await common.administer { admin in
                    let (secret, record) = try await admin.clientRegistry.rotateSecret(clientID: id, overlap: overlap)
                    if quiet {
                        print(secret)
                    } else {
                        print("client_id:     \(id)")
                        print("client_secret: \(secret)")
                        print("secret id:     \(record.id) (shown once; store it now)")
                    }
                }
            }
        }
    }
}

extension KeysCommand {
    struct RotateSigning: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-signing",
            abstract: "Create a new token signing key: published now, signing after signing_key_activation_s.",
            discussion: """
                Every gateway node reloads the keys within a minute, so relying parties can fetch the \
                new key from /oauth2/jwks before any token is signed with it. The old key stays \
                published until the tokens it signed have expired.
                """)

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    let record = try await admin.signingKeys.rotate()
                    print("created signing key \(record.keyID) (\(record.algorithm.rawValue)); it signs from \(ISO8601.format(record.activeFrom))")
                }
            }
        }
    }
}

extension CommonOptions.Administration {
    var clientRegistry: ClientRegistry {
        ClientRegistry(
            clients: store.oauthClients, identity: store.identity, hasher: hasher, knownScopes: configuration.policyVocabulary().scopes)
    }

    var signingKeys: SigningKeyManager {
        SigningKeyManager(
            store: store.signingKeys, vault: SigningKeyVault(installationSecret: pepper), settings: configuration.signingKeySettings)
    }
}
