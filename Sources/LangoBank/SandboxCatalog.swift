/// The five seeded sandbox customers: Kenyan households and small businesses in Nairobi,
/// Kisumu, Mombasa, Eldoret and Nakuru. All names, numbers and addresses are invented.
enum SandboxCatalog {
    static let customers: [SandboxCustomerProfile] = [wanjiru, otieno, fatuma, brian, njeri]

    private typealias Habit = SandboxHabit
    private typealias Narrative = SandboxHabit.Narrative
    private typealias AccountProfile = SandboxCustomerProfile.AccountProfile

    private static func party(_ customerID: String, name: String, fullLegalName: String, email: String,
                              phone: String? = nil, mobile: String, address: PostalAddress) -> Party {
        Party(id: "PTY-\(customerID)", customerID: customerID, name: name, fullLegalName: fullLegalName,
              partyType: "Sole", emailAddress: email, phone: phone, mobile: mobile, address: address)
    }

    /// Logistics analyst in Westlands, Nairobi: salaried, rents, saves monthly, paid in dollars by family abroad.
    private static let wanjiru = SandboxCustomerProfile(
        party: party("C0001", name: "Wanjiru Kamau", fullLegalName: "Mary Wanjiru Kamau",
                     email: "wanjiru.kamau@example.co.ke", phone: "+254-202713450", mobile: "+254-712408317",
                     address: PostalAddress(addressLine: ["Apartment 4B, Rhapta Heights", "Rhapta Road, Westlands"],
                                            townName: "Nairobi", countrySubDivision: "Nairobi City", postCode: "00800",
                                            country: "KE")),
        branch: "101",
        accounts: [
            AccountProfile(suffix: "KES-1", currency: "KES", subType: "CurrentAccount", nickname: "Everyday Account",
                           description: "Wekeza Current Account", openingBalance: 120_000...200_000),
            AccountProfile(suffix: "KES-2", currency: "KES", subType: "Savings", nickname: "Emergency Fund",
                           description: "Wekeza Save", openingBalance: 150_000...400_000),
            AccountProfile(suffix: "USD-1", currency: "USD", subType: "CurrentAccount", nickname: "Dollar Account",
                           openingBalance: 300...1_500),
        ],
        habits: [
            .salary("ACACIA LOGISTICS LTD", 185_000, day: 25),
            .rent(55_000, "RENT RHAPTA HEIGHTS APT 4B"),
            .transfer(from: "KES-1", to: "KES-2", .monthly(day: 26, weekdaysOnly: false), 15_000...25_000,
                      "TRANSFER TO EMERGENCY FUND", "TRANSFER FROM EVERYDAY ACCOUNT"),
            .transfer(from: "KES-2", to: "KES-1", .timesPerMonth(0...1), 5_000...20_000,
                      "TRANSFER TO EVERYDAY ACCOUNT", "TRANSFER FROM EMERGENCY FUND"),
            .interest("KES-2", 600...1_400),
            .electricity("14238810562", times: 2...3),
            .airtime(times: 4...6),
            .mobileMoneyOut(["JAMES MWANGI", "AKINYI ODHIAMBO", "PETER KAMAU", "MAMA WANJIRU"], times: 5...8, 300...5_000),
            .mobileMoneyIn(["PETER KAMAU", "LUCY WAIRIMU"], times: 1...3, 500...6_000),
            .groceries(["Naivas Westlands", "Carrefour Sarit Centre", "Quickmart Kilimani"], times: 6...10),
            .fuel(["Shell Waiyaki Way", "TotalEnergies Lavington", "Rubis Ngong Road"], times: 2...4),
            .coffee(["Java House Sarit Centre", "Java House ABC Place"], times: 4...8),
            .cash("Wekeza ATM Kimathi Street", times: 1...2),
            .accountFee(),
            .income(account: "USD-1", .timesPerMonth(1...1), 150...600, step: 100,
                    [Narrative(information: "WORLDREMIT FROM J KAMAU UNITED KINGDOM")], code: .receivedCrossBorder),
            .subscription("Netflix", cents: 999, mcc: "4899", day: 12),
            .subscription("Spotify", cents: 499, mcc: "5815", day: 18),
        ]
    )

    /// Secondary-school teacher in Kisumu: salary, school fees, remittances from a brother in the US.
    private static let otieno = SandboxCustomerProfile(
        party: party("C0002", name: "Otieno Ochieng", fullLegalName: "Samuel Otieno Ochieng",
                     email: "s.otieno@example.co.ke", mobile: "+254-722613945",
                     address: PostalAddress(addressLine: ["House 17, Milimani Estate", "Aput Lane"], townName: "Kisumu",
                                            countrySubDivision: "Kisumu", postCode: "40100", country: "KE")),
        branch: "301",
        accounts: [
            AccountProfile(suffix: "KES-1", currency: "KES", subType: "CurrentAccount", nickname: "Salary Account",
                           description: "Wekeza Current Account", openingBalance: 50_000...90_000),
            AccountProfile(suffix: "USD-1", currency: "USD", subType: "Savings", nickname: "USD Savings",
                           description: "Wekeza Dollar Save", openingBalance: 200...900),
        ],
        habits: [
            .salary("TEACHERS SERVICE COMMISSION", 78_400, day: 24),
            .rent(18_000, "RENT MILIMANI ESTATE HSE 17", day: 3),
            .schoolFees("KISUMU BOYS HIGH SCHOOL", 28_000...36_000),
            .electricity("37115520984", times: 2...2),
            .airtime(times: 4...6),
            .mobileMoneyOut(["GEORGE ONYANGO", "MERCY ATIENO", "MAMA OCHIENG"], times: 5...8, 200...3_000),
            .mobileMoneyIn(["GEORGE ONYANGO", "KISUMU TEACHERS SACCO"], times: 1...2, 500...4_000),
            .groceries(["Naivas Kisumu Mega", "Quickmart Kisumu", "Carrefour United Mall"], times: 5...8, 500...6_000),
            .coffee(["Java House Mega Plaza Kisumu"], times: 1...3),
            .cash("Wekeza ATM Oginga Odinga Street", times: 1...3),
            .accountFee(),
            .income(account: "USD-1", .timesPerMonth(0...1), 100...300, step: 100,
                    [Narrative(information: "WESTERN UNION FROM P OCHIENG USA")], code: .receivedCrossBorder),
            .subscription("Spotify", cents: 499, mcc: "5815", day: 7),
        ]
    )

    /// Runs a boutique in Nyali, Mombasa: till settlements in, stock purchases out, saving for school fees.
    private static let fatuma = SandboxCustomerProfile(
        party: party("C0003", name: "Fatuma Hassan", fullLegalName: "Fatuma Abdalla Hassan",
                     email: "fatuma.hassan@example.co.ke", phone: "+254-412227410", mobile: "+254-733581204",
                     address: PostalAddress(addressLine: ["Shop 12, Nyali Centre", "Links Road, Nyali"],
                                            townName: "Mombasa", countrySubDivision: "Mombasa", postCode: "80100",
                                            country: "KE")),
        branch: "201",
        accounts: [
            AccountProfile(suffix: "KES-1", currency: "KES", subType: "CurrentAccount", nickname: "Boutique Account",
                           description: "Wekeza Biashara Account", openingBalance: 120_000...250_000),
            AccountProfile(suffix: "KES-2", currency: "KES", subType: "Savings", nickname: "Savings",
                           openingBalance: 80_000...200_000),
            AccountProfile(suffix: "KES-3", currency: "KES", subType: "Savings", nickname: "School Fees Goal",
                           description: "Wekeza Goal Saver", openingBalance: 20_000...60_000),
            AccountProfile(suffix: "USD-1", currency: "USD", subType: "CurrentAccount", nickname: "Import Account",
                           openingBalance: 800...2_500),
        ],
        habits: [
            .income(.timesPerMonth(12...18), 6_000...42_000,
                    [Narrative(information: "M-PESA TILL 5123456 SETTLEMENT")], reference: .mobileMoney),
            .card(["Sheikh Textiles Ltd", "Biashara Street Fabrics"], mcc: "5131", times: 2...3, 30_000...90_000,
                  step: 50_000, hours: 9...16),
            .rent(35_000, "RENT SHOP 12 NYALI CENTRE"),
            .rent(25_000, "RENT KIZINGO FLAT 6", day: 5),
            .schoolFees("AGA KHAN ACADEMY MOMBASA", 45_000...60_000),
            .transfer(from: "KES-1", to: "KES-2", .monthly(day: 28, weekdaysOnly: false), 10_000...15_000,
                      "TRANSFER TO SAVINGS", "TRANSFER FROM BOUTIQUE ACCOUNT"),
            .transfer(from: "KES-1", to: "KES-3", .monthly(day: 15, weekdaysOnly: false), 8_000...8_000,
                      "TRANSFER TO SCHOOL FEES GOAL", "TRANSFER FROM BOUTIQUE ACCOUNT"),
            .interest("KES-2", 400...1_000),
            .interest("KES-3", 80...250),
            .electricity("54401298337", times: 2...3),
            .airtime(times: 4...7),
            .mobileMoneyOut(["HALIMA OMAR", "SALIM BAKARI", "ZAINABU MWINYI"], times: 4...7, 500...8_000),
            .groceries(["Naivas Nyali", "Carrefour City Mall Nyali", "Quickmart Nyali"], times: 5...9),
            .fuel(["Shell Nyali", "TotalEnergies Links Road"], times: 2...4),
            .coffee(["Java House Nyali Centre"], times: 2...5),
            .accountFee(),
            .income(account: "USD-1", .timesPerMonth(0...1), 200...800, step: 100,
                    [Narrative(information: "REMITTANCE FROM A HASSAN DUBAI")], code: .receivedCrossBorder),
            .card(account: "USD-1", ["Alibaba.com"], mcc: "5999", times: 0...1, 150...900, hours: 10...18),
            .subscription("Netflix", cents: 999, mcc: "4899", day: 3),
        ]
    )

    /// Maize and dairy farmer near Eldoret: cooperative milk payments, a harvest sale, farm inputs.
    private static let brian = SandboxCustomerProfile(
        party: party("C0004", name: "Brian Kipkemboi", fullLegalName: "Brian Kiprono Kipkemboi",
                     email: "brian.kipkemboi@example.co.ke", mobile: "+254-798142376",
                     address: PostalAddress(addressLine: ["Plot 45, Elgon View"], townName: "Eldoret",
                                            countrySubDivision: "Uasin Gishu", postCode: "30100", country: "KE")),
        branch: "401",
        accounts: [
            AccountProfile(suffix: "KES-1", currency: "KES", subType: "CurrentAccount", nickname: "Farm Account",
                           description: "Wekeza Current Account", openingBalance: 90_000...200_000),
            AccountProfile(suffix: "KES-2", currency: "KES", subType: "Savings", nickname: "Harvest Savings",
                           openingBalance: 100_000...300_000),
            AccountProfile(suffix: "USD-1", currency: "USD", subType: "CurrentAccount", nickname: "Dollar Account",
                           openingBalance: 150...700),
        ],
        habits: [
            .income(.monthly(day: 10, weekdaysOnly: true), 60_000...95_000,
                    [Narrative(information: "ELDORET DAIRY COOPERATIVE MILK PAYMENT {month}")], reference: .monthly("MILK")),
            .income(.inMonths([1, 12], day: 18), 180_000...350_000, step: 100_000,
                    [Narrative(information: "NCPB MAIZE DELIVERY PAYMENT {month}")], reference: .monthly("NCPB")),
            .mobileMoneyIn(["KIPCHIRCHIR FARM PRODUCE", "JEPKOSGEI CHEBET", "ELDORET MILK BAR"], times: 3...6,
                           1_000...15_000),
            .card(["Kenya Farmers Association Eldoret", "Elgon Agrovet"], mcc: "5261", times: 2...3, 3_000...20_000,
                  step: 100),
            .fuel(["Rubis Eldoret", "Shell Uganda Road"], times: 3...5),
            .groceries(["Naivas Eldoret", "Quickmart Eldoret", "Carrefour Rupa Mall"], times: 5...8),
            .schoolFees("MOI GIRLS HIGH SCHOOL ELDORET", 45_000...65_000),
            .electricity("22890461175", times: 2...2),
            .airtime(times: 4...6),
            .mobileMoneyOut(["FARM WORKERS PAYROLL", "CHEBET JEPKOSGEI", "KIBET KORIR"], times: 4...7, 500...6_000),
            .cash("Wekeza ATM Uganda Road", times: 1...3),
            .transfer(from: "KES-1", to: "KES-2", .monthly(day: 12, weekdaysOnly: false), 8_000...12_000,
                      "TRANSFER TO HARVEST SAVINGS", "TRANSFER FROM FARM ACCOUNT"),
            .interest("KES-2", 500...1_200),
            .accountFee(),
            .income(account: "USD-1", .timesPerMonth(1...1), 100...400, step: 100,
                    [Narrative(information: "REMITTANCE FROM N JEPCHUMBA CANADA")], code: .receivedCrossBorder),
            .subscription("Netflix", cents: 999, mcc: "4899", day: 21),
        ]
    )

    /// Freelance software developer in Nakuru: paid in dollars through Upwork, converts to shillings.
    private static let njeri = SandboxCustomerProfile(
        party: party("C0005", name: "Njeri Mwangi", fullLegalName: "Grace Njeri Mwangi",
                     email: "njeri.mwangi@example.co.ke", mobile: "+254-701557289",
                     address: PostalAddress(addressLine: ["Flat 3, Milimani Court", "Kenyatta Avenue"],
                                            townName: "Nakuru", postCode: "20100", country: "KE")),
        branch: "501",
        accounts: [
            AccountProfile(suffix: "KES-1", currency: "KES", subType: "CurrentAccount", nickname: "Shillings Account",
                           description: "Wekeza Current Account", openingBalance: 60_000...120_000),
            AccountProfile(suffix: "USD-1", currency: "USD", subType: "CurrentAccount", nickname: "Freelance USD",
                           description: "Wekeza Dollar Account", openingBalance: 1_500...4_000),
        ],
        habits: [
            .income(account: "USD-1", .timesPerMonth(2...3), 300...1_500, step: 100,
                    [Narrative(information: "UPWORK ESCROW INC PAYMENT")], code: .receivedCrossBorder),
            .card(account: "USD-1", ["Amazon Web Services"], mcc: "4816", times: 1...1, 15...120, hours: 3...6),
            .subscription("GitHub", cents: 400, mcc: "5734", day: 9),
            .subscription("Spotify", cents: 499, mcc: "5815", day: 14),
            .transfer(from: "USD-1", to: "KES-1", .timesPerMonth(2...2), 300...800, step: 10_000,
                      "FX TO SHILLINGS ACCOUNT AT 129.35", "FX FROM FREELANCE USD AT 129.35", rate: 12_935),
            .rent(32_000, "RENT MILIMANI COURT FLAT 3"),
            .electricity("41173302258", times: 2...3),
            .airtime(times: 4...6),
            .mobileMoneyOut(["WAMBUI NJOROGE", "MAMA NJERI", "KEVIN MUTUA"], times: 4...8, 300...4_000),
            .mobileMoneyIn(["WAMBUI NJOROGE"], times: 1...2, 300...3_000),
            .groceries(["Naivas Nakuru", "Carrefour Westside Mall", "Quickmart Nakuru"], times: 6...9),
            .coffee(["Java House Westside Mall"], times: 4...8),
            .card(["Uber"], mcc: "4121", times: 3...8, 250...1_200, step: 1_000),
            .card(["Kijiji Co-working Nakuru"], mcc: "7399", times: 1...1, 6_500...6_500, step: 100, hours: 9...10),
            .accountFee(),
        ]
    )
}
