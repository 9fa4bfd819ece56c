/// Pulls the plain-text runs out of a regex (`pay\s*pal\.me/` → `pay`, `pal.me/`)
/// for `offside rules export-literals`: the list a user would hand to
/// `rg -F -f` before reaching for Offside. An approximation, not a prefilter
/// the engine relies on: runs under a quantifier or inside a class are cut.
public enum RegexLiterals {
    public static func runs(in regex: String, minimumLength: Int = 4) -> [String] {
        var runs: [String] = []
        var current: [Character] = []
        func flush() {
            let text = String(current).trimmingCharacters(in: " ")
            if text.count >= minimumLength { runs.append(text) }
            current.removeAll()
        }
        let characters = Array(regex)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            switch c {
            case "\\":
                guard i + 1 < characters.count else { i += 1; continue }
                let escaped = characters[i + 1]
                if escaped.isLetter || escaped.isNumber { flush() } else { current.append(escaped) }  // \s \d \b \x.. end a run
                i += 2
                continue
            case "[":
                flush()
                while i < characters.count && characters[i] != "]" { i += characters[i] == "\\" ? 2 : 1 }
            case "*", "?", "{":
                // The quantified atom is optional or repeated: it cannot stay in the run.
                if !current.isEmpty { current.removeLast() }
                flush()
                if c == "{" { while i < characters.count && characters[i] != "}" { i += 1 } }
            case "+":
                flush()
            case "(", ")", "|", "^", "$", ".":
                flush()
            default:
                current.append(c)
            }
            i += 1
        }
        flush()
        return runs
    }
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
