import Benchmark
import OffsideCore

/// The normaliser alone, on plain chat and on obfuscated chat (homoglyphs,
/// fullwidth, zero-width, keycaps, spelled digits, spaced letters, at/dot
/// words, leet). `mallocCountTotal` shows the per-message path allocates
/// nothing once the reused buffers have grown.
func normalizerBenchmarks(smoke: Bool) {
    let plain = [
        "Hi, thanks for the invite! I have read the brief and can start on Monday.",
        "The budget is $1,250.00 and the deadline is 2026-11-30, invoice INV-2026-00451.",
        "Could you send the Figma file? I'll push the fix to github.com/acme/shop tonight.",
        "Attached the revised logo, colours #ff8800 and #222222, 3 variants.",
    ]
    let obfuscated = [
        "my ｗｈａｔｓａｐｐ is five five five, one two three, 4 5 6 7",
        "write to j o h n (at) g m a i l (dot) c o m please",
        "pay me on p4yp4l or wh@ts@pp me, sk\u{0443}pe works too",
        "call 4\u{FE0F}\u{20E3}1\u{FE0F}\u{20E3}5\u{FE0F}\u{20E3} 555 0199, pay\u{200B}pal ok",
    ]
    for (name, texts) in [("plain", plain), ("obfuscated", obfuscated)] {
        let messages = (0..<(smoke ? 64 : 4096)).map { Array(texts[$0 % texts.count].utf8) }
        let megabytes = Double(messages.reduce(0) { $0 + $1.count }) / 1e6
        Benchmark("TextNormalizer.\(name)",
                  configuration: .init(metrics: [.wallClock, .mallocCountTotal, throughputMetric],
                                       maxDuration: .seconds(smoke ? 1 : 3), maxIterations: smoke ? 3 : 200)) { benchmark in
            let normalizer = TextNormalizer()
            let out = NormalizedText()
            measureThroughput(benchmark, megabytes: megabytes) {
                out.removeAll()
                for message in messages { message.withUnsafeBytes { blackHole(normalizer.append($0, to: out)) } }
            }
        }
    }
}
