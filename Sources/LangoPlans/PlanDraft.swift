/// What one plan file yielded: its id (for the catalog's duplicate check, even when the plan
/// has errors) and the plan, when the file has no errors.
struct PlanDraft {
    let file: String
    let id: String?
    let plan: Plan?
}
