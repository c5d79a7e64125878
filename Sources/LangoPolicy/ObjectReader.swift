import LangoJSON

/// Reads the members of one JSON object against a closed field list, reporting every problem
/// (unknown member, wrong type, missing member, bad value) to a ``DiagnosticCollector`` and
/// carrying on, so one pass finds all of a file's errors.
///
/// A member whose value is `null` counts as absent.
package struct ObjectReader {
    package let object: JSONObject
    package let path: JSONPath
    package let diagnostics: DiagnosticCollector

    /// Reads `value` as an object whose members must be among `fields`; `nil` (after reporting)
    /// when it is not an object.
    package init?(_ value: JSONValue, at path: JSONPath, fields: [String], diagnostics: DiagnosticCollector) {
        guard case .object(let object) = value else {
            diagnostics.error("expected object, found \(value.typeName)", at: path)
            return nil
        }
        self.object = object
        self.path = path
        self.diagnostics = diagnostics
        for (key, _) in object where !fields.contains(key) {
            diagnostics.error(
                "unknown field \"\(key)\"", at: path.appending(key: key),
                hint: Suggestion.hint(for: key, among: fields, noun: "fields"))
        }
    }

    /// The member `key`, unless absent or null.
    package func value(_ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    package func contains(_ key: String) -> Bool { value(key) != nil }

    package func path(_ key: String) -> JSONPath { path.appending(key: key) }

    /// The member `key`, reporting it as missing when it is required and absent.
    package func present(_ key: String, required: Bool) -> JSONValue? {
        let value = value(key)
        if value == nil && required {
            diagnostics.error("missing required field \"\(key)\"", at: path(key))
        }
        return value
    }

    package func string(_ key: String, required: Bool = false) -> String? {
        guard let value = present(key, required: required) else { return nil }
        guard case .string(let text) = value else {
            diagnostics.error("expected string, found \(value.typeName)", at: path(key))
            return nil
        }
        return text
    }

    /// A whole number in `range` (a JSON real such as `1.0` is refused).
    package func integer(_ key: String, in range: ClosedRange<Int>, required: Bool = false, hint: String? = nil) -> Int? {
        guard let value = present(key, required: required) else { return nil }
        guard case .integer(let number) = value else {
            diagnostics.error("expected integer, found \(value.typeName)", at: path(key))
            return nil
        }
        guard let number = Int(exactly: number), range.contains(number) else {
            let bounds =
                range.upperBound == .max ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
            diagnostics.error("\"\(key)\" must be \(bounds), found \(number)", at: path(key), hint: hint)
            return nil
        }
        return number
    }

    /// One of the raw values of `Choice`, with a "did you mean" hint for near misses.
    package func choice<Choice: RawRepresentable<String> & CaseIterable>(_ key: String, required: Bool = false) -> Choice? {
        guard let text = string(key, required: required) else { return nil }
        return Self.choice(text, at: path(key), field: key, diagnostics: diagnostics)
    }

    package static func choice<Choice: RawRepresentable<String> & CaseIterable>(
        _ text: String, at path: JSONPath, field: String, diagnostics: DiagnosticCollector
    ) -> Choice? {
        if let choice = Choice(rawValue: text) { return choice }
        let allowed = Choice.allCases.map(\.rawValue)
        let hint =
            Suggestion.nearest(to: text, among: allowed).map { "did you mean \"\($0)\"?" }
            ?? "expected one of: " + allowed.joined(separator: ", ")
        diagnostics.error("invalid \(field) \"\(text)\"", at: path, hint: hint)
        return nil
    }

    /// An array of strings, each with its path. Wrong elements and repeats are reported and left out.
    package func strings(_ key: String, required: Bool = false, allowEmpty: Bool = true) -> [(value: String, path: JSONPath)]? {
        guard let value = present(key, required: required) else { return nil }
        guard case .array(let elements) = value else {
            diagnostics.error("expected array, found \(value.typeName)", at: path(key))
            return nil
        }
        if elements.isEmpty && !allowEmpty {
            diagnostics.error("\"\(key)\" must list at least one value", at: path(key))
        }
        var strings: [(value: String, path: JSONPath)] = []
        for (index, element) in elements.enumerated() {
            let elementPath = path(key).appending(index: index)
            guard case .string(let text) = element else {
                diagnostics.error("expected string, found \(element.typeName)", at: elementPath)
                continue
            }
            guard !strings.contains(where: { $0.value == text }) else {
                diagnostics.error("\"\(text)\" is listed more than once", at: elementPath)
                continue
            }
            strings.append((text, elementPath))
        }
        return strings
    }

    /// An array of `Choice` raw values (see ``choice(_:required:)``); `valueName` names one element in messages.
    package func choices<Choice: RawRepresentable<String> & CaseIterable>(
        _ key: String, valueName: String, required: Bool = false, allowEmpty: Bool = true
    ) -> [Choice]? {
        guard let strings = strings(key, required: required, allowEmpty: allowEmpty) else { return nil }
        return strings.compactMap { Self.choice($0.value, at: $0.path, field: valueName, diagnostics: diagnostics) }
    }

    /// A nested object read with its own closed field list.
    package func object(_ key: String, fields: [String], required: Bool = false) -> ObjectReader? {
        guard let value = present(key, required: required) else { return nil }
        return ObjectReader(value, at: path(key), fields: fields, diagnostics: diagnostics)
    }

    /// An array, for callers that read its elements themselves.
    package func array(_ key: String, required: Bool = false) -> [JSONValue]? {
        guard let value = present(key, required: required) else { return nil }
        guard case .array(let elements) = value else {
            diagnostics.error("expected array, found \(value.typeName)", at: path(key))
            return nil
        }
        return elements
    }

    /// Reports each present member in `keys` as not allowed here, with `message(key)` and `hint`.
    package func reject(_ keys: [String], message: (String) -> String, hint: String) {
        for key in keys where contains(key) {
            diagnostics.error(message(key), at: path(key), hint: hint)
        }
    }
}
