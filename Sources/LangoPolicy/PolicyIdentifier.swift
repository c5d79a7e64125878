/// The naming rules of identifiers in policies and plans.
package enum PolicyIdentifier {
    /// Policy and rule ids: `[a-z0-9][a-z0-9._-]*`.
    static let hint = "use lowercase letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit"

    static func isValid(_ text: String) -> Bool {
        isName(text, alsoAllowing: [".", "_", "-"])
    }

    /// API product names, and plan ids: `[a-z0-9][a-z0-9-]*`.
    package static let productHint = "use lowercase letters, digits and \"-\", starting with a letter or digit"

    package static func isValidProduct(_ text: String) -> Bool {
        isName(text, alsoAllowing: ["-"])
    }

    /// A lowercase letter or digit, then any of those or of `punctuation`.
    private static func isName(_ text: String, alsoAllowing punctuation: Set<Unicode.Scalar>) -> Bool {
        guard let first = text.unicodeScalars.first, isLowerAlphanumeric(first) else { return false }
        return text.unicodeScalars.allSatisfy { isLowerAlphanumeric($0) || punctuation.contains($0) }
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
