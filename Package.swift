// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "lango",
    platforms: [.macOS(.v15)],
    targets: [
        // System libraries, each wrapped by exactly one Swift module below.
        .systemLibrary(name: "CJansson", pkgConfig: "jansson", providers: [.apt(["libjansson-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),

        .target(name: "LangoJSON", dependencies: ["CJansson"], swiftSettings: strict),
        .target(name: "LangoCrypto", dependencies: ["COpenSSL"], swiftSettings: strict),

        .testTarget(name: "LangoJSONTests", dependencies: ["LangoJSON"], swiftSettings: strict),
        .testTarget(name: "LangoCryptoTests", dependencies: ["LangoCrypto"], swiftSettings: strict),
    ]
)
