#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 parsing and formatting on bytes, for `ts` values. Hand-written
/// because Foundation's date formatters allocate per call.
public enum Timestamp {
    /// Epoch milliseconds of `YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH:MM]`, or nil.
    public static func parseRFC3339(_ s: UnsafeRawBufferPointer) -> Int64? {
        let n = s.count
        guard n >= 19 else { return nil }
        func digits(_ at: Int, _ count: Int) -> Int? {
            var value = 0
            for i in at..<at + count {
                let c = s[i] &- 0x30
                guard c <= 9 else { return nil }
                value = value * 10 + Int(c)
            }
            return value
        }
        guard let year = digits(0, 4), s[4] == 0x2D, let month = digits(5, 2), s[7] == 0x2D,
              let day = digits(8, 2), s[10] == 0x54 || s[10] == 0x74 || s[10] == 0x20,
              let hour = digits(11, 2), s[13] == 0x3A, let minute = digits(14, 2), s[16] == 0x3A,
              let second = digits(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var millis = 0
        if i < n, s[i] == 0x2E {
            i += 1
            var scale = 100
            while i < n, s[i] &- 0x30 <= 9 {
                millis += Int(s[i] &- 0x30) * scale
                scale /= 10
                i += 1
            }
        }
        var offsetMinutes = 0
        if i < n, s[i] == 0x5A || s[i] == 0x7A {
            i += 1
        } else if i + 6 <= n, s[i] == 0x2B || s[i] == 0x2D, let oh = digits(i + 1, 2), s[i + 3] == 0x3A, let om = digits(i + 4, 2) {
            offsetMinutes = (oh * 60 + om) * (s[i] == 0x2D ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == n else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millis)
    }

    /// `2026-11-20T09:14:03Z`, with `.mmm` only when the milliseconds are not 0.
    public static func formatRFC3339(millis: Int64) -> String {
        withRFC3339(millis: millis) { String(decoding: $0, as: UTF8.self) }
    }

    /// True when `text` is exactly what `formatRFC3339(millis:)` writes, so
    /// that a store can keep the number alone. Allocates nothing.
    public static func isCanonical(_ text: String, millis: Int64) -> Bool {
        withRFC3339(millis: millis) { formatted in
            text.utf8.withContiguousStorageIfAvailable {
                $0.count == formatted.count && memcmp($0.baseAddress!, formatted.baseAddress!, $0.count) == 0
            } ?? text.utf8.elementsEqual(formatted)
        }
    }

    /// The canonical text of `millis`, in a buffer on the stack. Years
    /// outside 0...9999 are written with as many digits as they need.
    private static func withRFC3339<R>(millis: Int64, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let totalSeconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let ms = Int(millis - totalSeconds * 1000)
        let days = totalSeconds >= 0 ? totalSeconds / 86_400 : (totalSeconds - 86_399) / 86_400
        let secondOfDay = Int(totalSeconds - days * 86_400)
        let (y, m, d) = civilFromDays(Int(days))
        var storage: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &storage) { buffer in
            var count = 0
            func put(_ byte: UInt8) { buffer[count] = byte; count += 1 }
            func digits(_ value: Int, _ width: Int) {
                var magnitude = value.magnitude
                if value < 0 { put(0x2D) }
                var length = 1, probe = magnitude
                while probe >= 10 { probe /= 10; length += 1 }
                length = max(length, width)
                for position in stride(from: count + length - 1, through: count, by: -1) {
                    buffer[position] = UInt8(magnitude % 10) + 0x30
                    magnitude /= 10
                }
                count += length
            }
            digits(y, 4); put(0x2D); digits(m, 2); put(0x2D); digits(d, 2); put(0x54)
            digits(secondOfDay / 3600, 2); put(0x3A); digits(secondOfDay / 60 % 60, 2); put(0x3A); digits(secondOfDay % 60, 2)
            if ms != 0 { put(0x2E); digits(ms, 3) }
            put(0x5A)
            return body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }

    // Howard Hinnant's civil-date algorithms (proleptic Gregorian calendar).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
