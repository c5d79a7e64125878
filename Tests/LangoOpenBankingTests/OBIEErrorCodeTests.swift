import LangoJSON
import LangoOpenBanking
import LangoScriptTesting
import Testing

struct OBIEErrorCodeTests {
    @Test(arguments: ["account-info", "payment-initiation"])
    func standardCodesAreExactlyTheSpecifications(spec: String) throws {
        let document = try OBIESchemaValidator.spec(spec)
        let declared = document["components"]?["schemas"]?["OBError1"]?["properties"]?["ErrorCode"]?["x-namespaced-enum"]
        let codes = try #require(declared?.arrayValue).compactMap(\.stringValue)
        #expect(codes.count == 27)
        #expect(OBIEErrorCode.standard.map(\.rawValue) == codes)
    }

    @Test func rawValuesRoundTripAndDescribeThemselves() {
        #expect(OBIEErrorCode(rawValue: "UK.OBIE.Field.InvalidDate") == .fieldInvalidDate)
        #expect(OBIEErrorCode.resourceNotFound.description == "UK.OBIE.Resource.NotFound")
        #expect(OBIEErrorCode(rawValue: "KE.WEKEZA.Sandbox.Reset").rawValue == "KE.WEKEZA.Sandbox.Reset")
        #expect(Set(OBIEErrorCode.standard).count == 27)
    }
}
