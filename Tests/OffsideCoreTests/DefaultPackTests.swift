import Testing
@testable import OffsideCore

/// The default pack: every rule's own examples pass, every category is
/// covered, and each category catches a positive and leaves a hard negative
/// that this file (not the pack) supplies.
@Suite struct DefaultPackTests {
    @Test func everyRuleExamplePasses() {
        let outcome = RuleExamples.run(TestSupport.defaultPack)
        #expect(outcome.examples > 0)
        #expect(outcome.failures.isEmpty, "\(outcome.failures.map(\.description).joined(separator: "\n"))")
        #expect(outcome.rulesWithoutExamples.isEmpty, "\(outcome.rulesWithoutExamples)")
    }

    @Test func everyCategoryOfTheTaxonomyHasRules() {
        let covered = Set(TestSupport.defaultPack.pack.rules.map(\.category))
        #expect(covered == Set(Category.allCases))
    }

    static let cases: [(Category, positive: String, hardNegative: String)] = [
        (.contactEmail, "sure, write to maria.lopez@gmail.com", "use admin@example.com as the test login in the seed script"),
        (.contactPhone, "call me on +44 20 7946 0958 tonight", "the invoice INV-2026-00451 for $1,250.00 is due 2026-11-20"),
        (.contactMessenger, "add me on telegram @maria_designs", "I'm building a Telegram bot with the Bot API for your store"),
        (.contactURL, "book a call with me at calendly.com/maria-lopez", "the repo is at github.com/acme/shop, see the README"),
        (.contactRequest, "what's your email? let's talk outside the platform", "I'll send the file through the platform's chat"),
        (.paymentOffplatform, "I can pay you directly and skip the platform", "I'll release the milestone payment on the platform today"),
        (.paymentMethod, "just send the money to my paypal", "the shop needs a PayPal checkout integration with the REST API"),
        (.paymentFeeAvoidance, "let's do it outside so we avoid the fees", "the platform fee is included in my quote"),
        (.scamPersonalInfo, "before we start send me a scan of your passport and your SSN", "please don't share personal documents in chat"),
        (.scamEquipment, "buy the laptop from our recommended vendor and we will reimburse you", "I'll buy a new laptop next month for my own work"),
        (.scamTooGood, "earn $5000 per week for simple data entry, no experience needed", "the budget is $500 for the whole landing page"),
        (.scamCredentials, "you must pay a $50 activation fee for the training before starting", "the training materials are attached, no cost to you"),
        (.refusal, "happy to talk on Skype, but the contract and payment stay here on the platform", "ok, sounds good, let's start on Monday"),
    ]

    @Test(arguments: cases)
    func categoryCatchesPositiveAndLeavesHardNegative(category: Category, positive: String, hardNegative: String) throws {
        let (_, findings) = try TestSupport.scan([
            TestSupport.record(id: "pos", text: positive),
            TestSupport.record(id: "neg", text: hardNegative),
        ])
        let positiveCategories = Set(findings.filter { $0.messageID == "pos" }.map(\.category))
        let negativeCategories = Set(findings.filter { $0.messageID == "neg" }.map(\.category))
        #expect(positiveCategories.contains(category), "positive \(positive) gave \(positiveCategories)")
        #expect(!negativeCategories.contains(category), "hard negative \(hardNegative) gave \(negativeCategories)")
    }

    @Test(arguments: [
        "+1 415 555 0199", "(415) 555-0199", "+44 20 7946 0958", "+49 30 1234567", "+91 98765 43210", "0044 7700 900123",
        "415.555.0199", "+52 1 33 1234 5678", "+52 33 1234 5678", "06.52.83.17.04", "06 . 52 . 83 . 17 . 04", "06.12.10.17.04",
    ])
    func phoneNumbersInCommonFormatsAreFound(number: String) throws {
        let (_, findings) = try TestSupport.scan([TestSupport.record(id: "m", text: "my number is \(number), text me")])
        let phones = findings.filter { $0.category == .contactPhone }
        #expect(phones.count == 1, "\(number): \(findings.map(\.evidence))")
        #expect(phones.first?.evidence.filter(\.isNumber).hasSuffix(number.filter(\.isNumber).suffix(4)) == true)
    }

    /// A spelled-out run is one group once normalised; the bare-run rule
    /// (ten digits from 1 could be epoch seconds, an id) must not drop it.
    @Test(arguments: [
        ("it's one triple eight 41 two two nine 0, text only", "1888412290"),
        ("one nine, eight four four, zero seven seven seven one", "1984407771"),
    ])
    func spelledOutNationalNumbersAreFound(text: String, digits: String) throws {
        let (_, findings) = try TestSupport.scan([TestSupport.record(id: "m", text: text)])
        #expect(findings.contains { $0.category == .contactPhone }, "\(text): \(findings.map(\.evidence))")
        // Written as digits, the same run is still an id.
        let (_, plain) = try TestSupport.scan([TestSupport.record(id: "m", text: "file \(digits) attached")])
        #expect(!plain.contains { $0.category == .contactPhone }, "\(digits): \(plain.map(\.evidence))")
    }

    /// Ten bare digits after one trunk 0 are a national mobile number in
    /// much of the world (France 06, the Netherlands 06, Australia 04,
    /// Kenya 07, Israel 05); two zeros or a label keep an id an id.
    @Test func bareTenDigitsAfterATrunkZeroAreAPhone() throws {
        for text in ["bel me op 0612345678", "my cell 0412 345678 after 5", "nipigie 0712345678", "call 0541234567"] {
            let (_, findings) = try TestSupport.scan([TestSupport.record(id: "m", text: text)])
            #expect(findings.contains { $0.category == .contactPhone }, "\(text)")
        }
        for text in ["file 0088412290 attached", "invoice 0888412290 attached", "order number: 0712345678"] {
            let (_, findings) = try TestSupport.scan([TestSupport.record(id: "m", text: text)])
            #expect(!findings.contains { $0.category == .contactPhone }, "\(text)")
        }
    }

    /// "No." abbreviates "number" and usually labels an id ("Invoice No."),
    /// but "my no.", "mobile no." label a phone.
    @Test(arguments: [
        "sir my no. is nine eight double four zero, triple seven one two. ping anytime",
        "my no. is 98440 77712, call after 6", "WhatsApp no. 98440 77712",
    ])
    func aPhonesLabelNoIsNotAnIdentifier(text: String) throws {
        let (_, findings) = try TestSupport.scan([TestSupport.record(id: "m", text: text)])
        #expect(findings.contains { $0.category == .contactPhone }, "\(text): \(findings.map(\.evidence))")
    }

    @Test(arguments: [
        "the total is $1,250,000.00", "due on 2026-11-20", "due 20/11/2026 at 10:30", "invoice 2026004511 attached",
        "order #4471923 shipped", "upgrade to v2.10.3 first", "server at 192.168.100.254", "1000-2000 words",
        "between 10:30 and 11:45", "timestamp 1763630043000", "€ 1 250 000 budget", "it costs 12 500 000 USD",
        "ref 555 0199 2026 in the sheet", "version 10.4.12.1155", "shipped 20.11.2026 15 boxes", "on 11/20/26 at 9",
        "deploy 2026-11-20 14 servers", "build 1.2.3.40 today", "the IP 10.0.27.127 answers", "total 1.250.000,00 EUR",
        "it was 12.500.000.00 in the old system", "customer ID in the format 123-456-7890",
        "the field shows 555 555 5555 as a hint", "Invoice No. 98440 77712 is paid",
    ])
    func pricesDatesTimesIdsAndVersionsAreNotPhones(text: String) throws {
        let (_, findings) = try TestSupport.scan([TestSupport.record(id: "m", text: text)])
        #expect(findings.filter { $0.category == .contactPhone }.isEmpty, "\(text): \(findings.map(\.evidence))")
    }
}
