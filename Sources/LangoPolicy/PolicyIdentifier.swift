/// The naming rule of policy names and rule ids: `[a-z0-9][a-z0-9._-]*`.
enum PolicyIdentifier {
    static let hint = "use lowercase letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit"

    static func isValid(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isLowerAlphanumeric(first) else { return false }
        return text.unicodeScalars.allSatisfy { isLowerAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
