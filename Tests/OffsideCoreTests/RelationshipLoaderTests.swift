import Testing
@testable import OffsideCore

@Suite struct RelationshipLoaderTests {
    @Test func csvWithQuotesAndAnyColumnOrder() throws {
        let loaded = try RelationshipLoader.parse("""
        freelancer_id,client_id,conversion_fee_paid,since,pre_existing
        "f,1",c1,true,2020-02-29,false
        f2,c2,0,,1
        """, path: "r.csv")
        #expect(loaded.problems.isEmpty && loaded.table.count == 2)
        #expect(loaded.table.relationship(client: "c1", freelancer: "f,1")?.conversionFeePaid == true)
        #expect(loaded.table.exemption(client: "c2", freelancer: "f2", at: nil) == .preExisting)
    }

    @Test func twoYearsIsCalendarTwoYears() throws {
        let r = Relationship(clientID: "c", freelancerID: "f", since: (2024, 2, 29), preExisting: false, conversionFeePaid: false)
        let march1 = Int64(Timestamp.daysFromCivil(year: 2026, month: 3, day: 1)) * 86_400_000
        #expect(r.exemption(at: march1) == .overTwoYears)
        #expect(r.exemption(at: march1 - 1) == nil)
        #expect(r.exemption(at: nil) == nil)
    }

    @Test func badRowsAreNamedAndSkipped() throws {
        let loaded = try RelationshipLoader.parse("""
        client_id,freelancer_id,since,pre_existing,conversion_fee_paid
        c1,f1,last year,false,false
        c2,f2,2020-01-01,maybe,false
        ,f3,2020-01-01,false,false
        c4,f4,2020-01-01,false,false
        """, path: "r.csv")
        #expect(loaded.table.count == 1)
        #expect(loaded.problems.map(\.line) == [2, 3, 4])
        #expect(loaded.problems[0].description == "r.csv:2: since 'last year' is not a date (YYYY-MM-DD); row skipped")
    }

    @Test func jsonLines() throws {
        let loaded = try RelationshipLoader.parse("""
        {"client_id":"c1","freelancer_id":"f1","since":"2021-05-01","pre_existing":false,"conversion_fee_paid":true}
        {"client_id":"c2"
        """, path: "r.jsonl")
        #expect(loaded.table.count == 1 && loaded.problems.map(\.line) == [2])
    }

    @Test func aHeaderWithoutIDsIsAnError() {
        #expect(throws: RelationshipLoader.LoadError.self) { try RelationshipLoader.parse("a,b\n1,2\n", path: "r.csv") }
    }
}
