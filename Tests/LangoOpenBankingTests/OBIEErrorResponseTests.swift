import LangoJSON
import LangoOpenBanking
import Testing

struct OBIEErrorResponseTests {
    @Test func rendersCodeIdMessageAndErrors() {
        let response = OBIEErrorResponse(
            status: 403, id: "93bac548-d2de-4546-b106-880a5018460d", message: "The consent does not cover this account",
            errors: [OBIEErrorDetail(errorCode: .resourceConsentMismatch, message: "Account C0002-KES-1 is not consented",
                                     path: "AccountId", url: "https://docs.lango.example/errors")])
        #expect(response.json == [
            "Code": "403 Forbidden", "Id": "93bac548-d2de-4546-b106-880a5018460d",
            "Message": "The consent does not cover this account",
            "Errors": [[
                "ErrorCode": "UK.OBIE.Resource.ConsentMismatch", "Message": "Account C0002-KES-1 is not consented",
                "Path": "AccountId", "Url": "https://docs.lango.example/errors",
            ]],
        ])
    }

    @Test(arguments: [(400, "400 Bad Request"), (401, "401 Unauthorized"), (404, "404 Not Found"),
                      (429, "429 Too Many Requests"), (500, "500 Internal Server Error"), (502, "502 Bad Gateway"),
                      (504, "504 Gateway Timeout"), (499, "499")] as [(Int, String)])
    func codeIsTheStatusLine(status: Int, code: String) {
        let json = OBIEErrorResponse(status: status, id: "i", message: "m", errors: []).json
        #expect(json["Code"] == .string(code))
    }

    @Test func longTextIsCutToTheSchemaLimitsInCodePoints() {
        let response = OBIEErrorResponse(
            status: 400, id: String(repeating: "x", count: 41), message: String(repeating: "é", count: 501),
            errors: [OBIEErrorDetail(errorCode: .fieldInvalid, message: String(repeating: "🙂", count: 600),
                                     path: String(repeating: "p", count: 501))])
        let json = response.json
        #expect(json["Id"]?.stringValue == String(repeating: "x", count: 40))
        #expect(json["Message"]?.stringValue == String(repeating: "é", count: 500))
        #expect(json["Errors"]?[0]?["Message"]?.stringValue?.unicodeScalars.count == 500)
        #expect(json["Errors"]?[0]?["Path"]?.stringValue?.count == 500)
        let exact = OBIEErrorResponse(status: 400, id: String(repeating: "x", count: 40), message: "m", errors: []).json
        #expect(exact["Id"]?.stringValue?.count == 40)
    }

    @Test func emptyPartsStillMakeAValidBody() {
        let json = OBIEErrorResponse(status: 429, id: "", message: "", errors: []).json
        #expect(json == [
            "Code": "429 Too Many Requests", "Message": "429 Too Many Requests",
            "Errors": [["ErrorCode": "UK.OBIE.UnexpectedError", "Message": "UK.OBIE.UnexpectedError"]],
        ])
        let fallback = OBIEErrorResponse(status: 429, id: "i", message: "Slow down", errors: []).json
        #expect(fallback["Errors"] == [["ErrorCode": "UK.OBIE.UnexpectedError", "Message": "Slow down"]])
        let bare = OBIEErrorDetail(errorCode: .fieldMissing, message: "", path: "", url: "")
        #expect(OBIEErrorResponse(status: 400, id: "i", message: "m", errors: [bare]).json["Errors"]
            == [["ErrorCode": "UK.OBIE.Field.Missing", "Message": "UK.OBIE.Field.Missing"]])
    }
}
