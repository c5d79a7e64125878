/// Why a path template is invalid, with an optional hint; reported as a policy diagnostic.
struct PathTemplateError: Error, Sendable, Hashable {
    let message: String
    let hint: String?

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
