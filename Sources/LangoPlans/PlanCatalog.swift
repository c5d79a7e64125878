import LangoPolicy

/// Every pricing plan, compiled: an immutable snapshot that is safe to share between requests
/// and threads; a reload compiles a new catalog and swaps it in.
public final class PlanCatalog: Sendable {
    /// A stable digest of the sources (16 hex digits), computed like a policy set's revision:
    /// the same files give the same revision on every machine.
    public let revision: String
    /// Warnings found while compiling (the catalog compiled despite them).
    public let warnings: [PolicyDiagnostic]
    /// Every plan, in catalog order: by source name.
    public let plans: [Plan]
    private let plansByID: [String: Plan]

    init(revision: String, warnings: [PolicyDiagnostic], plans: [Plan]) {
        self.revision = revision
        self.warnings = warnings
        self.plans = plans
        plansByID = Dictionary(uniqueKeysWithValues: plans.map { ($0.id, $0) })
    }

    /// Checks and compiles plan files (`plans/*.json`); the engine does no I/O, so callers pass
    /// each file's name and bytes.
    ///
    /// `products` are the API products the policies declare (``PolicySet/products``): a plan
    /// naming any other product is reported with `unknownProducts` severity — an error for
    /// `lango plans check`, a warning when a gateway loads plans, so that a policy change never
    /// stops a gateway from starting. Products no plan includes are fine.
    ///
    /// Throws every error found (with the warnings) rather than the first.
    public static func compile(
        _ sources: [PolicySource], products: Set<String>, unknownProducts: PolicyDiagnostic.Severity = .error
    ) throws(PolicyCheckFailure) -> PlanCatalog {
        try PlanCompiler(knownProducts: products, unknownProducts: unknownProducts).compile(sources)
    }

    /// The plan with `id`, if the catalog has one.
    public func plan(id: String) -> Plan? {
        plansByID[id]
    }
}
