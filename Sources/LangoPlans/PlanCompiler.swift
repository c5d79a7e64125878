import LangoJSON
import LangoPolicy

/// Turns plan sources into a ``PlanCatalog``: checks each file, then the catalog as a whole
/// (file names and plan ids given twice).
struct PlanCompiler {
    let knownProducts: Set<String>
    let unknownProducts: PolicyDiagnostic.Severity

    func compile(_ sources: [PolicySource]) throws(PolicyCheckFailure) -> PlanCatalog {
        guard !sources.isEmpty else {
            throw PolicyCheckFailure(diagnostics: [
                PolicyDiagnostic(
                    severity: .error, file: "", location: .file, message: "no plan files were given",
                    hint: "a catalog needs at least one plans/*.json file")
            ])
        }
        var files: [DiagnosticCollector] = []
        var drafts: [(draft: PlanDraft, diagnostics: DiagnosticCollector)] = []
        for source in sources.sorted(by: { $0.name < $1.name }) {
            let diagnostics = DiagnosticCollector(file: source.name)
            if files.contains(where: { $0.file == source.name }) {
                diagnostics.error("the same file name was given twice", at: .file, hint: "give each file once")
                files.append(diagnostics)
                continue
            }
            files.append(diagnostics)
            drafts.append((PlanParser(knownProducts: knownProducts, unknownProducts: unknownProducts, diagnostics: diagnostics).parse(source), diagnostics))
        }

        var firstFile: [String: String] = [:]
        for (draft, diagnostics) in drafts {
            guard let id = draft.id else { continue }
            if let other = firstFile[id] {
                diagnostics.error(
                    "duplicate plan id \"\(id)\": also used by \(other)", at: JSONPath.root.appending(key: "plan"),
                    hint: "plan ids are unique across the catalog")
            } else {
                firstFile[id] = draft.file
            }
        }

        let diagnostics = files.flatMap(\.diagnostics)
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            throw PolicyCheckFailure(diagnostics: diagnostics)
        }
        return PlanCatalog(
            revision: PolicyRevision.digest(of: sources), warnings: diagnostics, plans: drafts.compactMap(\.draft.plan))
    }
}
