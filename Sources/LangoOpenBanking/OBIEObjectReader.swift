import Foundation
import LangoJSON

/// Reads one JSON object of an OBIE request body, field by field, refusing what the schema does
/// not allow: each refusal is an ``OBIERequestError`` (answered 400) with the OBIE error code
/// and the path of the field at fault, such as `Data.Initiation.InstructedAmount.Amount`.
public struct OBIEObjectReader: Sendable {
    public let object: JSONObject
    /// Where this object is: `""` for the body, else its path and a dot (`Data.`).
    public let prefix: String
    /// The schema named in messages, such as `OBReadConsent1`.
    public let schema: String

    /// The body, which must be a JSON object.
    public static func body(_ bytes: some Collection<UInt8>, schema: String) throws(OBIERequestError) -> OBIEObjectReader {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw OBIERequestError(errorCode: .resourceInvalidFormat, message: "the body is not valid JSON: \(error)")
        }
        guard case .object(let root) = document else {
            throw OBIERequestError(errorCode: .resourceInvalidFormat, message: "the body must be a JSON object")
        }
        return OBIEObjectReader(object: root, prefix: "", schema: schema)
    }

    /// Refuses the first member not in `allowed` (`UK.OBIE.Field.Unexpected`).
    public func refuseUnknown(allowed: Set<String>) throws(OBIERequestError) {
        for (key, _) in object where !allowed.contains(key) {
            throw OBIERequestError(errorCode: .fieldUnexpected, message: "\(prefix + key) is not a field of \(schema)", path: prefix + key)
        }
    }

    /// The member `field` as an object, allowed only `fields`; `nil` when absent and not `required`.
    public func object(_ field: String, fields: Set<String>, required: Bool = false) throws(OBIERequestError) -> OBIEObjectReader? {
        guard let value = object[field] else {
            if required { throw missing(field) }
            return nil
        }
        guard case .object(let member) = value else { throw invalid(field, "\(field) must be an object") }
        let reader = OBIEObjectReader(object: member, prefix: prefix + field + ".", schema: schema)
        try reader.refuseUnknown(allowed: fields)
        return reader
    }

    /// The member `field` as an array of `count` objects, each allowed only `fields`; their paths
    /// are `Field[index].`.
    public func objects(_ field: String, fields: Set<String>, count: ClosedRange<Int>) throws(OBIERequestError) -> [OBIEObjectReader] {
        guard let value = object[field] else { throw missing(field) }
        guard case .array(let elements) = value, count.contains(elements.count) else {
            throw invalid(field, "\(field) must be an array of \(count.lowerBound) to \(count.upperBound) objects")
        }
        var readers: [OBIEObjectReader] = []
        for (index, element) in elements.enumerated() {
            let path = "\(field)[\(index)]"
            guard case .object(let member) = element else { throw invalid(path, "\(path) must be an object") }
            let reader = OBIEObjectReader(object: member, prefix: prefix + path + ".", schema: schema)
            try reader.refuseUnknown(allowed: fields)
            readers.append(reader)
        }
        return readers
    }

    /// The body's required `Risk` member: an object, which may be empty.
    public func risk() throws(OBIERequestError) -> JSONValue {
        guard let risk = object["Risk"] else { throw missing("Risk") }
        guard case .object = risk else { throw invalid("Risk", "Risk must be an object (it may be empty)") }
        return risk
    }

    /// The member `field` as a string of `length` characters; `nil` when absent and not `required`.
    public func string(_ field: String, length: ClosedRange<Int>, required: Bool = false) throws(OBIERequestError) -> String? {
        guard let value = object[field] else {
            if required { throw missing(field) }
            return nil
        }
        guard case .string(let text) = value, length.contains(text.count) else {
            throw invalid(field, "\(field) must be a string of \(length.lowerBound) to \(length.upperBound) characters")
        }
        return text
    }

    /// The member `field` as one of `choices`; `nil` when absent and not `required`.
    public func choice(_ field: String, of choices: Set<String>, required: Bool = false) throws(OBIERequestError) -> String? {
        guard let text = try string(field, length: 1...1_000, required: required) else { return nil }
        guard choices.contains(text) else { throw invalid(field, "\(field) must be one of \(choices.sorted().joined(separator: ", "))") }
        return text
    }

    /// The member `field` as an ISO 8601 date-time with a date, a time and a zone (`Z` or `±hh:mm`).
    public func dateTime(_ field: String) throws(OBIERequestError) -> Date? {
        guard let value = object[field] else { return nil }
        guard case .string(let text) = value, Self.hasTimeAndZone(text), let date = ISO8601.parse(text) else {
            throw OBIERequestError(
                errorCode: .fieldInvalidDate,
                message: "\(field) must be an ISO 8601 date-time with a time zone, such as 2026-03-01T09:30:00+00:00", path: prefix + field)
        }
        return date
    }

    /// `UK.OBIE.Field.Missing` for `field` of this object.
    public func missing(_ field: String) -> OBIERequestError {
        OBIERequestError(errorCode: .fieldMissing, message: "\(prefix + field) is required", path: prefix + field)
    }

    /// `UK.OBIE.Field.Invalid` for `field` of this object, saying `message`.
    public func invalid(_ field: String, _ message: String) -> OBIERequestError {
        OBIERequestError(errorCode: .fieldInvalid, message: message, path: prefix + field)
    }

    private static func hasTimeAndZone(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "T")) || bytes.contains(UInt8(ascii: "t")) else { return false }
        if let last = bytes.last, last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") { return true }
        return bytes.count > 6 && [UInt8(ascii: "+"), UInt8(ascii: "-")].contains(bytes[bytes.count - 6])
    }
}
