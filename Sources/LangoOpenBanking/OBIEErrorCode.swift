/// A namespaced OBIE error code, the `ErrorCode` of an `OBError1`.
///
/// The static members are the 27 codes OBIE v3.1.11 defines; ``init(rawValue:)`` accepts
/// others, since the standard lets an ASPSP add its own namespaced codes.
public struct OBIEErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The namespaced code, such as `UK.OBIE.Field.Invalid`.
    public let rawValue: String

    /// The code written `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The namespaced code.
    public var description: String { rawValue }

    /// A field the request needed in this context is absent.
    public static let fieldExpected = Self(rawValue: "UK.OBIE.Field.Expected")
    /// A field has a value that is not valid.
    public static let fieldInvalid = Self(rawValue: "UK.OBIE.Field.Invalid")
    /// A date field is invalid or out of range.
    public static let fieldInvalidDate = Self(rawValue: "UK.OBIE.Field.InvalidDate")
    /// A mandatory field is missing.
    public static let fieldMissing = Self(rawValue: "UK.OBIE.Field.Missing")
    /// A field is present that should not be.
    public static let fieldUnexpected = Self(rawValue: "UK.OBIE.Field.Unexpected")
    /// A header has an invalid value.
    public static let headerInvalid = Self(rawValue: "UK.OBIE.Header.Invalid")
    /// A mandatory header is missing.
    public static let headerMissing = Self(rawValue: "UK.OBIE.Header.Missing")
    /// The customer must authenticate again.
    public static let reauthenticate = Self(rawValue: "UK.OBIE.Reauthenticate")
    /// The resource does not match the consent.
    public static let resourceConsentMismatch = Self(rawValue: "UK.OBIE.Resource.ConsentMismatch")
    /// The consent is not in a status that allows the request.
    public static let resourceInvalidConsentStatus = Self(rawValue: "UK.OBIE.Resource.InvalidConsentStatus")
    /// The request body is not in the expected format.
    public static let resourceInvalidFormat = Self(rawValue: "UK.OBIE.Resource.InvalidFormat")
    /// The resource does not exist.
    public static let resourceNotFound = Self(rawValue: "UK.OBIE.Resource.NotFound")
    /// The request arrived after the cut-off time.
    public static let rulesAfterCutOffDateTime = Self(rawValue: "UK.OBIE.Rules.AfterCutOffDateTime")
    /// A reference that must be unique was used before.
    public static let rulesDuplicateReference = Self(rawValue: "UK.OBIE.Rules.DuplicateReference")
    /// The JWS signature does not verify.
    public static let signatureInvalid = Self(rawValue: "UK.OBIE.Signature.Invalid")
    /// A JWS claim has an invalid value.
    public static let signatureInvalidClaim = Self(rawValue: "UK.OBIE.Signature.InvalidClaim")
    /// The JWS signature is malformed.
    public static let signatureMalformed = Self(rawValue: "UK.OBIE.Signature.Malformed")
    /// A required JWS signature is missing.
    public static let signatureMissing = Self(rawValue: "UK.OBIE.Signature.Missing")
    /// A required JWS claim is missing.
    public static let signatureMissingClaim = Self(rawValue: "UK.OBIE.Signature.MissingClaim")
    /// A JWS signature was sent where none is expected.
    public static let signatureUnexpected = Self(rawValue: "UK.OBIE.Signature.Unexpected")
    /// Something went wrong that the client cannot fix.
    public static let unexpectedError = Self(rawValue: "UK.OBIE.UnexpectedError")
    /// The account identifier is not supported.
    public static let unsupportedAccountIdentifier = Self(rawValue: "UK.OBIE.Unsupported.AccountIdentifier")
    /// The secondary account identifier is not supported.
    public static let unsupportedAccountSecondaryIdentifier = Self(rawValue: "UK.OBIE.Unsupported.AccountSecondaryIdentifier")
    /// The currency is not supported.
    public static let unsupportedCurrency = Self(rawValue: "UK.OBIE.Unsupported.Currency")
    /// The payment frequency is not supported.
    public static let unsupportedFrequency = Self(rawValue: "UK.OBIE.Unsupported.Frequency")
    /// The local instrument is not supported.
    public static let unsupportedLocalInstrument = Self(rawValue: "UK.OBIE.Unsupported.LocalInstrument")
    /// The identification scheme is not supported.
    public static let unsupportedScheme = Self(rawValue: "UK.OBIE.Unsupported.Scheme")

    /// Every code OBIE v3.1.11 defines, in the specification's order.
    public static let standard: [OBIEErrorCode] = [
        fieldExpected, fieldInvalid, fieldInvalidDate, fieldMissing, fieldUnexpected, headerInvalid, headerMissing,
        reauthenticate, resourceConsentMismatch, resourceInvalidConsentStatus, resourceInvalidFormat, resourceNotFound,
        rulesAfterCutOffDateTime, rulesDuplicateReference, signatureInvalid, signatureInvalidClaim, signatureMalformed,
        signatureMissing, signatureMissingClaim, signatureUnexpected, unexpectedError, unsupportedAccountIdentifier,
        unsupportedAccountSecondaryIdentifier, unsupportedCurrency, unsupportedFrequency, unsupportedLocalInstrument,
        unsupportedScheme,
    ]
}
