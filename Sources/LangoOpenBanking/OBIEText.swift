import LangoJSON

/// Fitting core-banking strings into OBIE's length limits.
///
/// OBIE limits count Unicode code points, so these do too. A string that is empty (OBIE's
/// minimum is one) yields `nil`, so the optional member it fills is left out.
public enum OBIEText {
    /// `text` cut to at most `maxLength` code points.
    public static func clipped(_ text: String, to maxLength: Int) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > maxLength else { return text }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars.prefix(maxLength))
        return String(view)
    }

    /// A JSON string of `text` cut to `maxLength`, or `nil` when there is no text.
    static func value(_ text: String?, maxLength: Int) -> JSONValue? {
        guard let text, !text.isEmpty else { return nil }
        return .string(clipped(text, to: maxLength))
    }
}
