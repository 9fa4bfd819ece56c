import Foundation

/// `--report-html`: one self-contained page (inline CSS, inline script, inline
/// SVG; nothing fetched) for reviewers: run facts, findings by category, a
/// ranked and sortable client table, and per client the score breakdown,
/// categories, and each piece of evidence with the text around it, who
/// wrote it, who initiated, who refused, and exemptions. Evidence is as
/// redacted as in the JSON report it is built from.
///
/// Threading: stateless.
public enum HTMLReport {
    /// Clients given a detail section; the table lists every client up to
    /// `maxTableRows`. Beyond that the JSON report has them all.
    public static let maxDetailed = 300
    public static let maxTableRows = 5000

    public static func write(_ report: ScanReport, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(render(report).utf8)) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
    }

    public static func render(_ report: ScanReport) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Offside client risk report</title>
        <style>\(style)</style>
        </head><body>
        <header><h1>Offside client risk report</h1>
        <p class="meta">\(escape(runLine(report)))</p></header>
        <main>
        """
        html += overview(report)
        html += clientTable(report)
        html += "<h2 id=\"details\">Clients in detail</h2>\n"
        // Lazily: an entry is built when read (`ReportClients`).
        let detailed = Array(report.clients.lazy.filter { $0.score > 0 || !$0.evidence.isEmpty }.prefix(maxDetailed))
        if detailed.isEmpty { html += "<p>No client has findings.</p>\n" }
        for (index, client) in detailed.enumerated() { html += clientSection(client, rank: index + 1) }
        if report.clients.count > detailed.count {
            html += "<p class=\"note\">\(report.clients.count - detailed.count) more clients are in the JSON report (--report).</p>\n"
        }
        html += "</main>\n<script>\(script)</script>\n</body></html>\n"
        return html
    }

    static func runLine(_ r: ScanReport) -> String {
        var inputs = r.inputs.count > 6 ? "\(r.inputs.count) archives" : r.inputs.map(\.path).joined(separator: ", ")
        if let h = r.history {
            inputs += " · nights \(h.nights.first ?? "–") – \(h.nights.last ?? "–") from \(h.database), \(h.newClients) new clients"
        }
        return "\(r.tool) \(r.toolVersion) · rule pack \(r.rulePack.id) v\(r.rulePack.version) (sha256 \(r.rulePack.sha256.prefix(12))…, "
            + "\(r.rulePack.rules) rules) · \(inputs) · \(r.totals.records) messages, \(r.totals.findings) findings, "
            + "\(r.totals.clients) clients · \(r.timings.seconds) s"
    }

    static func overview(_ r: ScanReport) -> String {
        var html = "<section class=\"overview\">\n<div class=\"card\"><h2>Levels</h2>"
        let levels = ["high", "medium", "low", "none"]
        let levelCounts = r.clients.levelCounts
        let counts = levels.map { levelCounts[$0] ?? 0 }
        html += barChart(zip(levels, counts).map { ($0.0, $0.1, "lvl-\($0.0)") }, title: "Clients by level")
        html += "</div>\n<div class=\"card\"><h2>Findings by category</h2>"
        let categories = r.totals.findingsByCategory.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        html += barChart(categories.map { ($0.key, $0.value, "cat") }, title: "Findings by category")
        html += "</div>\n<div class=\"card\"><h2>Judgements</h2><ul class=\"facts\">"
        for key in ["violation", "tolerated", "exempt", "mitigating"] {
            html += "<li><span class=\"badge j-\(key)\">\(key)</span> \(r.totals.judgements[key] ?? 0)</li>"
        }
        html += "<li>joined split details: \(r.totals.joinedFindings)</li>"
        if r.totals.malformed > 0 { html += "<li>malformed lines skipped: \(r.totals.malformed)</li>" }
        if let rel = r.relationships {
            html += "<li>relationships: \(escape(rel.path)), \(rel.pairs) pairs"
                + (rel.problems.isEmpty ? "" : ", \(rel.problems.count) rows skipped") + "</li>"
        }
        html += "</ul></div>\n</section>\n"
        return html
    }

    static func clientTable(_ r: ScanReport) -> String {
        var html = """
        <h2>Clients, ranked</h2>
        <p class="note">Click a column to sort. Score and level are explained in the README ("How clients are scored").</p>
        <table id="clients" class="sortable"><thead><tr>
        <th data-type="num">rank</th><th>client</th><th data-type="num">score</th><th>level</th>
        <th data-type="num">violations</th><th data-type="num">freelancers approached</th><th data-type="num">initiated</th>
        <th data-type="num">refusals received</th><th data-type="num">exempt</th><th data-type="num">conversations</th>
        <th>first seen</th><th>last seen</th>\(r.history.map { h in "<th data-type=\"num\">new</th><th data-type=\"num\">violations by night<br><small>\(escape(h.nights.first ?? "")) – \(escape(h.nights.last ?? ""))</small></th>" } ?? "")</tr></thead><tbody>

        """
        for (index, c) in r.clients.prefix(maxTableRows).enumerated() {
            let name = index < maxDetailed && (c.score > 0 || !c.evidence.isEmpty)
                ? "<a href=\"#\(anchor(c.clientID))\">\(escape(c.clientID))</a>" : escape(c.clientID)
            html += "<tr class=\"client-row\"><td>\(index + 1)</td><td>\(name)</td><td>\(c.score)</td>"
                + "<td data-sort=\"\(levelRank(c.level))\"><span class=\"badge lvl-\(c.level)\">\(c.level)</span></td>"
                + "<td>\(c.violations)</td><td>\(c.freelancersApproached)</td><td>\(c.initiated)</td><td>\(c.refusalsReceived)</td>"
                + "<td>\(c.exemptFindings)</td><td>\(c.conversations)</td><td class=\"ts\">\(escape(c.firstSeen ?? "–"))</td>"
                + "<td class=\"ts\">\(escape(c.lastSeen ?? "–"))</td>"
                + (r.history != nil ? historyCells(c) : "") + "</tr>\n"
        }
        html += "</tbody></table>\n"
        if r.clients.count > maxTableRows {
            html += "<p class=\"note\">The table shows the top \(maxTableRows) of \(r.clients.count) clients.</p>\n"
        }
        return html
    }

    /// The `new` badge and the trend sparkline of a report from the database.
    static func historyCells(_ c: ScanReport.Client) -> String {
        let isNew = c.isNew == true
        let trend = c.trend ?? []
        return "<td data-sort=\"\(isNew ? 1 : 0)\">\(isNew ? "<span class=\"badge new\">new</span>" : "")</td>"
            + "<td data-sort=\"\(trend.reduce(0, +))\">\(sparkline(trend, label: c.clientID))</td>"
    }

    /// Inline SVG bars, one per night, scaled to the client's busiest night;
    /// the title lists the counts for a screen reader and a hover.
    static func sparkline(_ values: [Int], label: String) -> String {
        guard !values.isEmpty else { return "" }
        let peak = max(1, values.max() ?? 1)
        let barWidth = 4, gap = 1, height = 16
        let width = values.count * (barWidth + gap)
        var svg = "<svg class=\"spark\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\">"
        svg += "<title>\(escape(label)): \(values.map(String.init).joined(separator: " "))</title>"
        for (index, value) in values.enumerated() {
            let barHeight = value == 0 ? 1 : max(2, value * height / peak)
            svg += "<rect x=\"\(index * (barWidth + gap))\" y=\"\(height - barHeight)\" width=\"\(barWidth)\" height=\"\(barHeight)\""
                + (value == 0 ? " class=\"zero\"" : "") + "/>"
        }
        return svg + "</svg>"
    }

    static func clientSection(_ c: ScanReport.Client, rank: Int) -> String {
        var html = "<section class=\"client\" id=\"\(anchor(c.clientID))\">\n"
        html += "<h3>#\(rank) \(escape(c.clientID)) <span class=\"badge lvl-\(c.level)\">\(c.level) · \(c.score)</span></h3>\n"
        html += "<div class=\"row\"><div class=\"card\"><h4>Why this score</h4>"
        html += c.scoreTerms.isEmpty ? "<p>No violation of the client's own.</p>"
            : barChart(c.scoreTerms.map { ($0.term, $0.value, "term") }, title: "Score terms of \(c.clientID)")
        html += "</div><div class=\"card\"><h4>The client's own findings</h4>"
        let categories = c.categories.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        html += categories.isEmpty ? "<p>None: the findings are the freelancers'.</p>"
            : barChart(categories.map { ($0.key, $0.value, "cat") }, title: "Categories of \(c.clientID)")
        html += "</div><div class=\"card\"><h4>Facts</h4><ul class=\"facts\">"
        html += "<li>violations: \(c.violations) in \(c.conversations) conversation(s)</li>"
        html += "<li>freelancers approached: \(c.freelancersApproached)</li>"
        html += "<li>initiated (moved first): \(c.initiated)</li>"
        html += "<li>refusals received: \(c.refusalsReceived); persisted after a refusal: \(c.persistedAfterRefusal)</li>"
        html += "<li>answered a freelancer's request: \(c.answeredRequests)</li>"
        html += "<li>exempt: \(c.exemptFindings); tolerated (after a contract, or a call offered for after one): \(c.toleratedFindings)</li>"
        if c.contractUnknown > 0 {
            html += "<li class=\"warn\">\(c.contractUnknown) contact violation(s) had no contract state; judged as before a contract</li>"
        }
        html += "<li>seen \(escape(c.firstSeen ?? "–")) – \(escape(c.lastSeen ?? "–"))</li></ul></div></div>\n"
        html += "<h4>Evidence</h4>\n" + evidenceTable(c.evidence)
        // Listed whether or not they count: a refusal counts as received only
        // when it answers one of the client's violating moves ("answers …").
        if !c.refusals.isEmpty {
            html += "<h4>Freelancers' refusals</h4>\n<p><small>Only those that answer one of the client's violating moves "
                + "count as received.</small></p>\n" + evidenceTable(c.refusals)
        }
        return html + "</section>\n"
    }

    static func evidenceTable(_ items: [ScanReport.Evidence]) -> String {
        var html = "<table class=\"evidence\"><thead><tr><th>when</th><th>who wrote it</th><th>what</th><th>judgement</th>"
            + "<th>conversation</th><th>text</th></tr></thead><tbody>\n"
        for e in items {
            var judgement = "<span class=\"badge j-\(e.judgement)\">\(e.judgement)</span>"
            if let reason = e.exemptReason { judgement += "<br><small>\(escape(reason.replacingOccurrences(of: "_", with: " ")))</small>" }
            if e.judgement != "mitigating" && e.contract == "unknown" && e.category.hasPrefix("contact.") {
                judgement += "<br><small>contract unknown</small>"
            }
            if e.afterRefusal { judgement += "<br><small>after a refusal</small>" }
            var conversation = escape(e.conversationID)
            if let role = e.initiatorRole, let id = e.initiatorID {
                conversation += "<br><small>initiated by \(escape(role)) \(escape(id))</small>"
            }
            if let answers = e.answers { conversation += "<br><small>answers \(escape(answers))</small>" }
            if e.messageIDs.count > 1 { conversation += "<br><small>split over \(e.messageIDs.count) messages</small>" }
            html += "<tr><td class=\"ts\">\(escape(e.ts ?? "–"))</td><td class=\"role-\(escape(e.senderRole))\">\(escape(e.senderRole))<br>"
                + "<small>\(escape(e.senderID))</small></td><td>\(escape(e.category))<br><small>\(escape(e.rule)) · severity \(e.severity)"
                + "</small></td><td>\(judgement)</td><td>\(conversation)</td><td class=\"excerpt\">"
                + "\(escape(e.excerpt.before))<mark>\(escape(e.excerpt.match))</mark>\(escape(e.excerpt.after))"
                + "<br><small>\(escape(e.archive)):\(e.line) · \(escape(e.messageID))</small></td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// Horizontal bars, one per item, scaled to the largest.
    static func barChart<Value: BinaryInteger>(_ items: [(String, Value, String)], title: String) -> String {
        barChart(items.map { ($0.0, Double($0.1), $0.2) }, title: title)
    }

    static func barChart(_ items: [(String, Double, String)], title: String) -> String {
        guard !items.isEmpty else { return "<p>–</p>" }
        let rowHeight = 20, labelWidth = 380, barWidth = 200
        let largest = max(items.map(\.1).max() ?? 1, 1e-9)
        var svg = "<svg class=\"chart\" role=\"img\" aria-label=\"\(escape(title))\" width=\"\(labelWidth + barWidth + 60)\" "
            + "height=\"\(items.count * rowHeight + 4)\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
        for (index, item) in items.enumerated() {
            let y = index * rowHeight + 2
            let width = max(1, Int((item.1 / largest * Double(barWidth)).rounded()))
            let value = item.1 == item.1.rounded() ? String(Int(item.1)) : String(format: "%.1f", item.1)
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\">\(escape(String(item.0.prefix(64))))</text>"
                + "<rect class=\"\(item.2)\" x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"\(rowHeight - 6)\" rx=\"2\"/>"
                + "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 14)\">\(value)</text>"
        }
        return svg + "</svg>"
    }

    static func levelRank(_ level: String) -> Int {
        ["none": 0, "low": 1, "medium": 2, "high": 3][level] ?? 0
    }

    /// An HTML id from a client id: letters, digits and `-_` kept, the rest
    /// as hex, so two ids never share an anchor.
    static func anchor(_ id: String) -> String {
        "client-" + id.unicodeScalars.map { s -> String in
            (s.properties.isAlphabetic && s.isASCII) || ("0"..."9").contains(s) || s == "-" || s == "_"
                ? String(s) : "." + String(s.value, radix: 16)
        }.joined()
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static let style = """
    body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
    header{background:#1d2430;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
    .meta{margin:4px 0 0;color:#c9d1dc;font-size:12px}main{padding:16px 24px;max-width:1400px}
    h2{font-size:17px;margin:22px 0 8px}h3{font-size:16px;margin:0 0 8px}h4{margin:10px 0 6px;font-size:14px}
    .overview,.row{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:10px 14px}
    table{border-collapse:collapse;background:#fff;width:100%}th,td{border-bottom:1px solid #e5e8ec;padding:5px 8px;text-align:left;vertical-align:top}
    th{background:#eef1f5;position:sticky;top:0}table.sortable th{cursor:pointer;user-select:none}
    th.sorted-asc::after{content:" ▲"}th.sorted-desc::after{content:" ▼"}
    .client{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:12px 16px;margin:14px 0}
    .badge{display:inline-block;padding:1px 7px;border-radius:9px;font-size:12px;background:#e5e8ec}
    .badge.new{background:#1565c0;color:#fff}.spark rect{fill:#c62828}.spark rect.zero{fill:#cfd4da}
    .lvl-high{background:#c62828;color:#fff;fill:#c62828}.lvl-medium{background:#ef8f00;color:#fff;fill:#ef8f00}
    .lvl-low{background:#f4d35e;fill:#f4d35e}.lvl-none{background:#cfd8dc;fill:#90a4ae}
    .j-violation{background:#fde0dc;color:#8e1b10}.j-tolerated{background:#e3f2fd;color:#0d47a1}
    .j-exempt{background:#e8f5e9;color:#1b5e20}.j-mitigating{background:#ede7f6;color:#4527a0}
    rect.cat{fill:#5c7cfa}rect.term{fill:#e8590c}svg.chart text{font-size:12px;fill:#1d2430}
    .excerpt{max-width:560px;word-break:break-word}mark{background:#ffe066;padding:0 2px}
    .role-client{color:#8e1b10}.role-freelancer{color:#1b5e20}.facts{margin:0;padding-left:18px}.warn{color:#8e1b10}
    .note{color:#5b6675;font-size:12px}small{color:#5b6675}.ts{white-space:nowrap;font-size:12px}
    """

    /// Sorts a table by the clicked column (numbers as numbers, `data-sort`
    /// when present); marks the page ready for the headless check, and
    /// tests its own sorting when loaded with `#selftest`.
    static let script = """
    (function(){
      window.addEventListener('error',function(e){document.body.setAttribute('data-js-errors',String(e.message));});
      function key(cell,numeric){var v=cell.getAttribute('data-sort');if(v===null)v=cell.textContent.trim();
        if(numeric||cell.hasAttribute('data-sort')){var n=parseFloat(v);return isNaN(n)?-Infinity:n;}return v.toLowerCase();}
      document.querySelectorAll('table.sortable').forEach(function(table){
        var headers=table.tHead.rows[0].cells;
        Array.prototype.forEach.call(headers,function(th,col){
          th.addEventListener('click',function(){
            var numeric=th.getAttribute('data-type')==='num';
            var asc=!th.classList.contains('sorted-asc');
            Array.prototype.forEach.call(headers,function(h){h.classList.remove('sorted-asc','sorted-desc');});
            th.classList.add(asc?'sorted-asc':'sorted-desc');
            var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
            rows.sort(function(a,b){var x=key(a.cells[col],numeric),y=key(b.cells[col],numeric);
              return (x<y?-1:x>y?1:0)*(asc?1:-1);});
            rows.forEach(function(r){body.appendChild(r);});
          });
        });
      });
      // #selftest (scripts/check-html-report): sort by score both ways and
      // check the order, so the check exercises the script, not just loads it.
      if(location.hash==='#selftest'){
        var t=document.getElementById('clients');var th=t.tHead.rows[0].cells[2];var ok=true;
        function scores(){return Array.prototype.map.call(t.tBodies[0].rows,function(r){return parseFloat(r.cells[2].textContent);});}
        th.click();var a=scores();for(var i=1;i<a.length;i++)if(a[i-1]>a[i])ok=false;
        th.click();var d=scores();for(var j=1;j<d.length;j++)if(d[j-1]<d[j])ok=false;
        document.body.setAttribute('data-selftest',ok?'ok':'failed');
      }
      document.body.setAttribute('data-ready','1');
    })();
    """
}
