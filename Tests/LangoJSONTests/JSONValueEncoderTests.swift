import Foundation
import LangoJSON
import Testing

@Suite struct JSONValueEncoderTests {
    struct Amount: Codable, Equatable {
        var amount: String
        var currency: String
    }

    struct Entry: Codable, Equatable {
        var id: String
        var amount: Amount
        var tags: [String]
        var note: String?
        var bookedAt: Date
        var extra: JSONValue
        var count: UInt32
    }

    @Test func encodesInDeclarationOrderAndOmitsNilOptionals() throws {
        let entry = Entry(
            id: "t1", amount: Amount(amount: "10.00", currency: "KES"), tags: ["a"], note: nil,
            bookedAt: Date(timeIntervalSince1970: 0), extra: ["k": [1]], count: 7
        )
        let json = try JSONValueEncoder().encode(entry)
        #expect(
            json.encodedString()
                == #"{"id":"t1","amount":{"amount":"10.00","currency":"KES"},"tags":["a"],"bookedAt":"1970-01-01T00:00:00+00:00","extra":{"k":[1]},"count":7}"#
        )
    }

    @Test func decodesWhatItEncodes() throws {
        let entry = Entry(
            id: "t2", amount: Amount(amount: "1.50", currency: "USD"), tags: [], note: "n",
            bookedAt: Date(timeIntervalSince1970: 1_772_357_400), extra: .null, count: 0
        )
        let json = try JSONValueEncoder().encode(entry)
        #expect(try JSONValueDecoder().decode(Entry.self, from: json) == entry)
    }

    @Test func datesKeepMillisecondsOnlyWhenTheyHaveThem() throws {
        #expect(try JSONValueEncoder().encode(Date(timeIntervalSince1970: 60)) == "1970-01-01T00:01:00+00:00")
        #expect(try JSONValueEncoder().encode(Date(timeIntervalSince1970: 60.125)) == "1970-01-01T00:01:00.125+00:00")
    }

    @Test func encodesArraysOfScalarsAndNestedArrays() throws {
        #expect(try JSONValueEncoder().encode([[1, 2], [3]]) == [[1, 2], [3]])
        #expect(try JSONValueEncoder().encode(Optional<Int>.none) == .null)
    }

    @Test func rejectsUnsignedValuesBeyondJSONIntegers() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(UInt64.max) }
    }
}
