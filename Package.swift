// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "lango",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lango", targets: ["lango"]),
        .library(name: "LangoPolicy", targets: ["LangoPolicy"]),
        .library(name: "LangoGateway", targets: ["LangoGateway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // System libraries, each wrapped by exactly one Swift module below.
        .systemLibrary(name: "CJansson", pkgConfig: "jansson", providers: [.apt(["libjansson-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Not through pkg-config: hiredis.pc adds -D_FILE_OFFSET_BITS=64, a flag SwiftPM refuses;
        // the shim includes <hiredis/hiredis.h> from the system path and the module map links it.
        .systemLibrary(name: "CHiredis"),

        .target(name: "LangoJSON", dependencies: ["CJansson"], swiftSettings: strict),
        .target(name: "LangoURI", swiftSettings: strict),
        .target(name: "LangoCrypto", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(name: "LangoJOSE", dependencies: ["LangoCrypto", "LangoJSON"], swiftSettings: strict),
        .target(name: "LangoScriptTesting", dependencies: ["LangoJSON"], swiftSettings: strict),
        .target(
            name: "LangoOAuth", dependencies: ["LangoChangeFeed", "LangoCrypto", "LangoJOSE", "LangoJSON", "LangoIdentity", "LangoPolicy", "LangoURI"],
            swiftSettings: strict
        ),
        .target(
            name: "LangoOAuthTesting", dependencies: ["LangoOAuth", "LangoContractTesting", "LangoCrypto", "LangoJSON"], swiftSettings: strict
        ),
        // The policy engine: pure, no I/O.
        .target(name: "LangoPolicy", dependencies: ["LangoJSON", "LangoURI"], swiftSettings: strict),
        .target(name: "LangoIdentity", dependencies: ["LangoCrypto", "LangoJSON", "LangoPolicy"], swiftSettings: strict),
        .target(name: "LangoIdentityTesting", dependencies: ["LangoIdentity"], swiftSettings: strict),
        .target(name: "LangoBank", dependencies: ["LangoJSON", "LangoURI"], swiftSettings: strict),
        .target(name: "LangoFraud", dependencies: ["LangoBank", "LangoJSON", "LangoPolicy"], swiftSettings: strict),
        .target(name: "LangoContractTesting", swiftSettings: strict),
        .target(name: "LangoChangeFeed", dependencies: ["LangoJSON"], swiftSettings: strict),
        .target(name: "LangoWebhooks", dependencies: ["LangoCrypto", "LangoJSON"], swiftSettings: strict),
        .target(name: "LangoWebhooksTesting", dependencies: ["LangoWebhooks", "LangoContractTesting"], swiftSettings: strict),
        .target(name: "LangoIdempotency", dependencies: ["LangoCrypto"], swiftSettings: strict),
        .target(name: "LangoIdempotencyTesting", dependencies: ["LangoIdempotency", "LangoContractTesting"], swiftSettings: strict),
        .target(name: "LangoConsentTesting", dependencies: ["LangoConsent", "LangoContractTesting", "LangoPolicy"], swiftSettings: strict),
        .target(name: "LangoBankTesting", dependencies: ["LangoBank", "LangoContractTesting"], swiftSettings: strict),
        .target(
            name: "LangoRedis",
            dependencies: [
                "CHiredis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "LangoRedisTesting",
            dependencies: [
                "LangoRedis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "LangoLimits", dependencies: ["LangoRedis"], swiftSettings: strict),
        .target(name: "LangoLimitsTesting", dependencies: ["LangoLimits", "LangoContractTesting"], swiftSettings: strict),
        .target(name: "LangoPlans", dependencies: ["LangoBank", "LangoJSON", "LangoPolicy", "LangoLimits"], swiftSettings: strict),
        .target(name: "LangoMetering", swiftSettings: strict),
        .target(name: "LangoMeteringTesting", dependencies: ["LangoMetering", "LangoContractTesting"], swiftSettings: strict),
        .target(name: "LangoOpenBanking", dependencies: ["LangoBank", "LangoJSON", "LangoURI"], swiftSettings: strict),
        .target(name: "LangoConsent", dependencies: ["LangoChangeFeed", "LangoPolicy", "LangoJSON", "LangoBank", "LangoOpenBanking", "LangoCrypto"], swiftSettings: strict),
        .target(
            name: "LangoPayments",
            dependencies: ["LangoBank", "LangoConsent", "LangoCrypto", "LangoJSON", "LangoOpenBanking", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(name: "LangoPaymentsTesting", dependencies: ["LangoPayments", "LangoContractTesting", "LangoConsent", "LangoBank"], swiftSettings: strict),
        .target(
            name: "LangoStore",
            dependencies: [
                "LangoBank", "LangoConsent", "LangoIdempotency", "LangoIdentity", "LangoJSON", "LangoMetering", "LangoOAuth",
                "LangoCrypto", "LangoWebhooks", "LangoPayments",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "LangoUpstream",
            dependencies: [
                "LangoBank", "LangoFraud", "LangoJSON", "LangoOAuth", "LangoPolicy", "LangoWebhooks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "LangoCoreSim",
            dependencies: ["LangoBank", "LangoJSON", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strict
        ),
        .target(
            name: "LangoGateway",
            dependencies: [
                "LangoPolicy", "LangoBank", "LangoIdentity", "LangoStore", "LangoOpenBanking", "LangoUpstream", "LangoJSON",
                "LangoCrypto", "LangoMetering", "LangoLimits", "LangoPlans", "LangoRedis", "LangoOAuth", "LangoJOSE", "LangoURI",
                "LangoConsent", "LangoIdempotency", "LangoWebhooks", "LangoPayments", "LangoFraud",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "lango",
            dependencies: [
                "LangoGateway", "LangoCoreSim", "LangoPolicy", "LangoStore", "LangoIdentity", "LangoBank", "LangoJSON",
                "LangoLimits", "LangoMetering", "LangoPlans", "LangoOAuth", "LangoCrypto", "LangoConsent", "LangoWebhooks", "LangoPayments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "LangoJSONTests", dependencies: ["LangoJSON"], swiftSettings: strict),
        .testTarget(name: "LangoChangeFeedTests", dependencies: ["LangoChangeFeed"], swiftSettings: strict),
        .testTarget(
            name: "LangoIdempotencyTests", dependencies: ["LangoIdempotency", "LangoIdempotencyTesting"], swiftSettings: strict),
        .testTarget(
            name: "LangoWebhooksTests", dependencies: ["LangoWebhooks", "LangoWebhooksTesting", "LangoJSON", "LangoScriptTesting"],
            swiftSettings: strict),
        .testTarget(name: "LangoCryptoTests", dependencies: ["LangoCrypto", "LangoScriptTesting"], swiftSettings: strict),
        .testTarget(
            name: "LangoJOSETests", dependencies: ["LangoJOSE", "LangoCrypto", "LangoJSON", "LangoScriptTesting"], swiftSettings: strict
        ),
        .testTarget(
            name: "LangoOAuthTests",
            dependencies: [
                "LangoOAuth", "LangoOAuthTesting", "LangoContractTesting", "LangoJOSE", "LangoCrypto", "LangoJSON", "LangoIdentity",
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "LangoURITests", dependencies: ["LangoURI"], swiftSettings: strict),
        .testTarget(
            name: "LangoConsentTests", dependencies: ["LangoConsent", "LangoConsentTesting", "LangoBank", "LangoJSON", "LangoOpenBanking", "LangoPolicy"], swiftSettings: strict
        ),
        .testTarget(
            name: "LangoPaymentsTests",
            dependencies: ["LangoPayments", "LangoPaymentsTesting", "LangoConsent", "LangoBank", "LangoJSON", "LangoOpenBanking"],
            swiftSettings: strict),
        .testTarget(name: "LangoMeteringTests", dependencies: ["LangoMetering", "LangoMeteringTesting", "LangoContractTesting"], swiftSettings: strict),
        .testTarget(
            name: "LangoRedisTests",
            dependencies: [
                "LangoRedis", "LangoRedisTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LangoLimitsTests",
            dependencies: [
                "LangoLimits", "LangoLimitsTesting", "LangoContractTesting", "LangoRedis", "LangoRedisTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LangoPlansTests", dependencies: ["LangoPlans", "LangoBank", "LangoLimits", "LangoPolicy", "LangoJSON"], swiftSettings: strict
        ),
        .testTarget(name: "LangoPolicyTests", dependencies: ["LangoPolicy", "LangoJSON"], swiftSettings: strict),
        .testTarget(name: "LangoFraudTests", dependencies: ["LangoFraud", "LangoBank", "LangoJSON", "LangoPolicy"], swiftSettings: strict),
        .testTarget(name: "LangoIdentityTests", dependencies: ["LangoIdentity", "LangoIdentityTesting"], swiftSettings: strict),
        .testTarget(
            name: "LangoBankTests", dependencies: ["LangoBank", "LangoBankTesting", "LangoContractTesting", "LangoJSON"],
            swiftSettings: strict),
        .testTarget(
            name: "LangoOpenBankingTests", dependencies: ["LangoOpenBanking", "LangoBank", "LangoJSON", "LangoScriptTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LangoStoreTests",
            dependencies: [
                "LangoStore", "LangoIdentityTesting", "LangoBankTesting", "LangoMeteringTesting", "LangoOAuthTesting", "LangoBank",
                "LangoConsentTesting", "LangoIdempotencyTesting", "LangoWebhooksTesting", "LangoPaymentsTesting", "LangoIdentity", "LangoJSON",
                "LangoOAuth", "LangoConsent", "LangoPayments",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LangoGatewayTests",
            dependencies: [
                "LangoGateway", "LangoPolicy", "LangoBank", "LangoIdentity", "LangoJSON", "LangoCoreSim", "LangoUpstream",
                "LangoLimits", "LangoPlans", "LangoMetering", "LangoOAuth", "LangoConsent", "LangoIdempotency", "LangoPayments", "LangoWebhooks",
                "LangoFraud", "LangoPaymentsTesting", "LangoScriptTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LangoUpstreamTests",
            dependencies: [
                "LangoUpstream", "LangoCoreSim", "LangoBank", "LangoFraud", "LangoJSON", "LangoOAuth", "LangoPolicy", "LangoWebhooks",
                "LangoScriptTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LangoEndToEndTests",
            dependencies: [
                "LangoJSON", "LangoRedisTesting", "LangoScriptTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
    ]
)
