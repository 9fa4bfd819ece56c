import Foundation

/// Nights are UTC dates, `YYYY-MM-DD`: a finding belongs to the night of its
/// message's timestamp (the archive's night when the message had none), and
/// text dates compare in date order.
///
/// Threading: stateless.
public enum NightDate {
    static let millisPerDay: Int64 = 86_400_000

    public static func night(millis: Int64) -> String {
        night(day: day(millis: millis))
    }

    /// Days since 1970-01-01 of a moment, rounded down.
    static func day(millis: Int64) -> Int {
        Int(millis >= 0 ? millis / millisPerDay : (millis - millisPerDay + 1) / millisPerDay)
    }

    /// Nights of one run of findings, which share one or two: each day is
    /// formatted once.
    ///
    /// Threading: a value, used on one thread.
    struct Cache {
        private var lastDay = Int.min
        private var lastNight = ""

        /// `stored` when given, else the night of `millis`, else `fallback`.
        mutating func night(millis: Int64?, stored: String? = nil, fallback: String = "") -> String {
            if let stored { return stored }
            guard let millis else { return fallback }
            let day = NightDate.day(millis: millis)
            if day != lastDay {
                lastDay = day
                lastNight = NightDate.night(day: day)
            }
            return lastNight
        }
    }

    /// Days since 1970-01-01 as a date.
    public static func night(day: Int) -> String {
        let (year, month, dayOfMonth) = Timestamp.civilFromDays(day)
        return String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
    }

    /// `YYYY-MM-DD` as days since 1970-01-01; nil when it is not a real date.
    public static func day(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        // 2026-02-30 would roll into March: refuse it.
        return night(day: days) == text ? days : nil
    }

    public static func today() -> String { night(millis: Int64(Date().timeIntervalSince1970 * 1000)) }

    public static func nowRFC3339() -> String { Timestamp.formatRFC3339(millis: Int64(Date().timeIntervalSince1970 * 1000)) }
}
