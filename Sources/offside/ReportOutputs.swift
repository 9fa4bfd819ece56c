import ArgumentParser
import OffsideCore

/// The report files `scan` and `merge` both write.
struct ReportOutputs: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write the per-client report as JSON to this file.", valueName: "file"))
    var report: String?

    @Option(name: .customLong("report-csv"), help: ArgumentHelp("Write the per-client report as CSV, one row per client.", valueName: "file"))
    var reportCSV: String?

    @Option(name: .customLong("report-html"), help: ArgumentHelp("Write the per-client report as one self-contained HTML page.", valueName: "file"))
    var reportHTML: String?

    var isEmpty: Bool { report == nil && reportCSV == nil && reportHTML == nil }

    /// For the "… written to" lines.
    var labelled: [(String, String?)] { [("Report", report), ("CSV report", reportCSV), ("HTML report", reportHTML)] }

    func write(_ built: ScanReport) throws {
        if let report { try built.write(to: report) }
        if let reportCSV { try CSVReport.write(built, to: reportCSV) }
        if let reportHTML { try HTMLReport.write(built, to: reportHTML) }
    }
}
