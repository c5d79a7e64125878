import Foundation
import LangoJSON
import LangoPlans
import LangoPolicy

/// Reads policy files from disk and compiles them with the gateway's vocabulary; what
/// `lango serve`, a reload and `lango policy check` all do, so they always agree.
public enum PolicyLoader {
    /// The `*.json` files directly in `directory` (not `tests/`), sorted by name.
    public static func sources(in directory: String) throws(PolicyFilesError) -> [PolicySource] {
        try jsonSources(in: directory)
    }

    /// The fixture files in `directory/tests`.
    public static func fixtureSources(in directory: String) throws(PolicyFilesError) -> [PolicySource] {
        try jsonSources(in: (directory as NSString).appendingPathComponent("tests"))
    }

    /// Loads and compiles the policies in `directory`, then runs the gateway's own checks
    /// (core-banking routes must act for a customer and name the account they touch).
    ///
    /// Throws ``PolicyFilesError`` when the files cannot be read, `PolicyCheckFailure` when
    /// they are read but wrong.
    public static func load(from directory: String, configuration: GatewayConfiguration) throws -> PolicySet {
        let set = try PolicySet.compile(try sources(in: directory), vocabulary: configuration.policyVocabulary())
        let problems = GatewayPolicyCheck.diagnostics(for: set, configuration: configuration)
        guard problems.isEmpty else { throw PolicyCheckFailure(diagnostics: problems + set.warnings) }
        return set
    }

    /// Loads the policies and the pricing plans together, as the gateway runs them: plans are
    /// checked against the products the policies name, and the default plan must exist.
    ///
    /// A plan naming a product no rule declares is a warning for a running gateway (a policy
    /// change must not stop it from starting) and an error for `lango plans check`
    /// (`unknownProducts: .error`), the gate to run before deploying.
    public static func loadRules(
        configuration: GatewayConfiguration, unknownProducts: PolicyDiagnostic.Severity = .warning
    ) throws -> (policies: PolicySet, plans: PlanCatalog) {
        let policies = try load(from: configuration.policyDirectory, configuration: configuration)
        let directory = configuration.planDirectory
        let plans = try PlanCatalog.compile(try sources(in: directory), products: policies.products, unknownProducts: unknownProducts)
        guard plans.plan(id: configuration.defaultPlan) != nil else {
            throw PolicyCheckFailure(diagnostics: [
                PolicyDiagnostic(
                    severity: .error, file: directory, location: .file,
                    message: "the default plan \"\(configuration.defaultPlan)\" is not among the plans",
                    hint: Suggestion.hint(for: configuration.defaultPlan, among: plans.plans.map(\.id), noun: "plans"))
            ])
        }
        return (policies, plans)
    }

    private static func jsonSources(in directory: String) throws(PolicyFilesError) -> [PolicySource] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw PolicyFilesError(description: "cannot read the directory \(directory): \(error.localizedDescription)")
        }
        var sources: [PolicySource] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PolicyFilesError(description: "cannot read \(path)")
            }
            sources.append(PolicySource(name: path, contents: Array(data)))
        }
        return sources
    }
}

/// Policy or fixture files that cannot be read at all (as opposed to files that are wrong).
public struct PolicyFilesError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

extension GatewayConfiguration {
    /// What policies may name: Lango's standard scopes plus `scopes`, the configured adapters
    /// with their operations, the built-in `consents` and `payments` adapters, the configured fraud
    /// hooks, and the obligations this gateway enforces (the standard ones and `fraud`).
    public func policyVocabulary() -> PolicyVocabulary {
        var vocabulary = PolicyVocabulary.standard
        vocabulary.scopes.formUnion(extraScopes)
        vocabulary.adapters = adapters.mapValues { adapter in
            adapter.isCoreBanking
                ? AdapterVocabulary(operations: Set(CoreOperation.allCases.map(\.rawValue)), allowsPathRewrite: false)
                : AdapterVocabulary(operations: [Forwarding.operation], allowsPathRewrite: true)
        }
        vocabulary.adapters[PolicyVocabulary.consentsAdapter] = PolicyVocabulary.consentsAdapterVocabulary
        vocabulary.adapters[PolicyVocabulary.paymentsAdapter] = PolicyVocabulary.paymentsAdapterVocabulary
        vocabulary.fraudHooks = Set(fraudHooks.keys)
        vocabulary.enforcedObligations.insert(.fraud)
        return vocabulary
    }
}

/// Checks that need to know what adapters do, which the pure engine does not.
enum GatewayPolicyCheck {
    static func diagnostics(for set: PolicySet, configuration: GatewayConfiguration) -> [PolicyDiagnostic] {
        var problems: [PolicyDiagnostic] = []
        for rule in set.rules {
            guard let upstream = rule.upstream, configuration.adapters[upstream.adapter]?.isCoreBanking == true,
                let operation = CoreOperation(rawValue: upstream.operation)
            else { continue }
            if rule.auth?.customerRequired != true {
                problems.append(
                    PolicyDiagnostic(
                        severity: .error, file: rule.file, location: .path(rule.location.appending(key: "auth")),
                        message: "rule \(rule.id) routes to core-banking operation \(operation.rawValue), which acts for a customer",
                        hint: "set \"customer\": \"required\" in auth"))
            }
            if operation.needsAccount, !rule.pathTemplate.contains("{\(CoreOperation.accountParameter)}") {
                problems.append(
                    PolicyDiagnostic(
                        severity: .error, file: rule.file, location: .path(rule.location.appending(key: "match").appending(key: "path")),
                        message: "operation \(operation.rawValue) needs the account in the path",
                        hint: "add {\(CoreOperation.accountParameter)} to the path template"))
            }
        }
        return problems
    }
}

/// The policy set and plans in force plus what the gateway derives from them, swapped whole on
/// reload so a request sees one consistent version from start to end.
final class PolicySnapshot: Sendable {
    let set: PolicySet
    let plans: PlanCatalog
    /// The account-access permissions the set's routes serve, which consents may ask for.
    let servedAccountPermissions: Set<AccountPermission>
    /// First path segments the policies claim. An unmatched path under one of them gets the
    /// API's 404; any other path falls through to the platform routes.
    private let ownedFirstSegments: Set<Substring>
    private let ownsEverything: Bool

    init(set: PolicySet, plans: PlanCatalog) {
        self.set = set
        self.plans = plans
        servedAccountPermissions = set.servedAccountPermissions
        var segments: Set<Substring> = []
        var everything = false
        for rule in set.rules {
            let first = rule.pathTemplate.split(separator: "/", maxSplits: 1).first ?? ""
            if first.hasPrefix("{") { everything = true } else { segments.insert(first) }
        }
        ownedFirstSegments = segments
        ownsEverything = everything
    }

    func owns(_ path: String) -> Bool {
        ownsEverything || ownedFirstSegments.contains(path.split(separator: "/", maxSplits: 1).first ?? "")
    }
}
