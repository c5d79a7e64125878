import LangoBank
import LangoJSON

/// The pieces every OBIE resource answer is made of.
public enum OBIEDocument {
    /// A single resource: `Data`, then `Risk` when the resource has one (consents and payment
    /// requests), `Links.Self` and `Meta.TotalPages` 1.
    public static func resource(data: JSONObject, risk: JSONValue? = nil, selfURL: String) -> JSONValue {
        var members: [(String, JSONValue)] = [("Data", .object(data))]
        if let risk { members.append(("Risk", risk)) }
        members += [("Links", ["Self": .string(selfURL)]), ("Meta", ["TotalPages": 1])]
        return .object(JSONObject(members))
    }
}

extension Money {
    /// The amount as OBIE writes one: `{"Amount": "1234.50", "Currency": "KES"}`.
    public var obieAmount: JSONValue {
        ["Amount": .string(decimalString), "Currency": .string(currency)]
    }
}
