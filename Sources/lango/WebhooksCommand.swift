import ArgumentParser
import Foundation
import LangoIdentity
import LangoJSON
import LangoStore
import LangoWebhooks

extension WebhookEventType: ExpressibleByArgument {}

struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Register apps' webhook endpoints and look after their deliveries (in the store).",
        subcommands: [Create.self, List.self, Enable.self, Disable.self, RotateSecret.self, DeadLetters.self, Replay.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an endpoint; prints its signing secret, which is not shown again.",
            discussion: "Event types: \(WebhookEventType.allCases.map(\.rawValue).joined(separator: ", ")).")

        @OptionGroup var common: CommonOptions

        @Option(help: "The app the endpoint belongs to.")
        var app: String

        @Option(help: "Where to send events (https for production apps).")
        var url: String

        @Option(name: .customLong("event"), help: "An event type to send (repeat for several).")
        var events: [WebhookEventType] = []

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    guard let owner = try await admin.store.identity.app(id: app) else { throw CommandFailure.problems("no app \(app)") }
                    let (endpoint, secret) = try await admin.webhooks.register(
                        appID: owner.id, url: url, eventTypes: events, production: owner.environment != .sandbox)
                    print("created \(endpoint.id) for \(owner.id): \(endpoint.eventTypes.map(\.rawValue).joined(separator: ", "))")
                    print("secret (shown once): \(secret.encoded)")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an app's endpoints.")

        @OptionGroup var common: CommonOptions

        @Option(help: "The app.")
        var app: String

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    let endpoints = try await admin.store.webhooks.endpoints(appID: app)
                    print(Table.render(
                        header: ["ENDPOINT", "URL", "EVENTS", "STATUS", "SECRETS", "CREATED"],
                        rows: endpoints.map {
                            let status: String =
                                switch $0.status {
                                case .enabled: "enabled"
                                case .disabled(let reason, _): "disabled: \(reason)"
                                }
                            return [
                                $0.id, $0.url, $0.eventTypes.map(\.rawValue).joined(separator: ","), status,
                                String($0.signingSecrets(at: Date()).count), ISO8601.format($0.createdAt),
                            ]
                        }))
                }
            }
        }
    }

    struct Enable: EndpointStatusCommand {
        static let configuration = CommandConfiguration(abstract: "Enable an endpoint again (after a 410 or an operator's disable).")
        static let enabling = true

        @OptionGroup var common: CommonOptions

        @Argument(help: "The endpoint id (whep_…).")
        var endpoint: String
    }

    struct Disable: EndpointStatusCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an endpoint: nothing more is sent to it.")
        static let enabling = false

        @OptionGroup var common: CommonOptions

        @Argument(help: "The endpoint id (whep_…).")
        var endpoint: String
    }

    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-secret", abstract: "A new signing secret; the old one keeps signing beside it for the overlap.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The endpoint id (whep_…).")
        var endpoint: String

        @Option(help: "How long the old secret keeps signing, in hours.")
        var overlapHours: Int = 24

        func run() async throws {
            try await reporting {
                guard (0...720).contains(overlapHours) else { throw CommandFailure.problems("--overlap-hours must be 0 to 720") }
                try await common.administer { admin in
                    let secret = try await admin.webhooks.rotateSecret(endpointID: endpoint, overlap: .seconds(overlapHours * 3_600))
                    print("secret (shown once): \(secret.encoded)")
                }
            }
        }
    }

    struct DeadLetters: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dead-letters", abstract: "An app's messages whose every attempt failed, or whose endpoint was disabled.")

        @OptionGroup var common: CommonOptions

        @Option(help: "The app.")
        var app: String

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    let messages = try await admin.webhooks.deadLetters(appID: app)
                    print(Table.render(
                        header: ["MESSAGE", "ENDPOINT", "EVENT", "STATE", "ATTEMPTS", "LAST ERROR", "CREATED"],
                        rows: messages.map {
                            [$0.id, $0.endpointID, $0.eventType.rawValue, $0.state.rawValue, String($0.attempts), $0.lastError ?? "-", ISO8601.format($0.createdAt)]
                        }))
                }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a dead-lettered or dropped message again, under the same webhook-id.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The message id (msg_…).")
        var message: String

        func run() async throws {
            try await reporting {
                try await common.administer { admin in
                    try await admin.webhooks.replay(messageID: message)
                    print("replaying \(message)")
                }
            }
        }
    }
}

extension CommonOptions.Administration {
    /// Apps' webhook endpoints in the store, with secrets sealed under the installation secret.
    var webhooks: WebhookRegistry {
        WebhookRegistry(store: store.webhooks, vault: WebhookSecretVault(installationSecret: pepper))
    }
}

/// `webhooks enable` and `webhooks disable`: the same but for the direction.
protocol EndpointStatusCommand: AsyncParsableCommand {
    static var enabling: Bool { get }
    var common: CommonOptions { get }
    var endpoint: String { get }
}

extension EndpointStatusCommand {
    func run() async throws {
        try await reporting {
            try await common.administer { admin in
                try await admin.webhooks.setEnabled(Self.enabling, endpointID: endpoint)
                print(Self.enabling ? "enabled \(endpoint); dropped messages can be sent with `lango webhooks replay`" : "disabled \(endpoint)")
            }
        }
    }
}
