import LangoOpenBanking
import Testing

struct OBIERequestErrorTests {
    @Test func eachErrorNamesItsCodePathAndProblem() {
        let page = OBIERequestError.invalidPage("-2")
        #expect(page.detail == OBIEErrorDetail(errorCode: .fieldInvalid, message: #"page must be a whole number from 1 to 1000000, not "-2""#,
                                               path: "page"))
        let date = OBIERequestError.invalidDate(parameter: "toBookingDateTime", value: "soon")
        #expect(date.errorCode == .fieldInvalidDate)
        #expect(date.path == "toBookingDateTime")
        #expect(date.message.hasPrefix("toBookingDateTime must be an ISO 8601 date or date-time"))
        #expect(date.message.hasSuffix(#"not "soon""#))
        #expect(OBIERequestError.reversedWindow.detail == OBIEErrorDetail(
            errorCode: .fieldInvalidDate, message: "fromBookingDateTime must not be later than toBookingDateTime",
            path: "fromBookingDateTime"))
        #expect(OBIERequestError.reversedWindow.description
            == "UK.OBIE.Field.InvalidDate at fromBookingDateTime: fromBookingDateTime must not be later than toBookingDateTime")
    }

    @Test func otherErrorsCarryTheirOwnCodeMessageAndPath() {
        let body = OBIERequestError(errorCode: .fieldMissing, message: "missing required field", path: "Data.Amount")
        #expect(body.detail == OBIEErrorDetail(errorCode: .fieldMissing, message: "missing required field", path: "Data.Amount"))
        #expect(body.description == "UK.OBIE.Field.Missing at Data.Amount: missing required field")
        let format = OBIERequestError(errorCode: .resourceInvalidFormat, message: "the body is not JSON")
        #expect(format.path == nil && format.detail.path == nil)
        #expect(format.description == "UK.OBIE.Resource.InvalidFormat: the body is not JSON")
    }

    @Test func echoedInputIsCut() {
        let long = String(repeating: "9", count: 1_000)
        #expect(OBIERequestError.invalidPage(long).message.count < 100)
        #expect(OBIERequestError.invalidDate(parameter: "fromBookingDateTime", value: long).message.count < 200)
    }
}
