import Foundation

// BenchReport RESULTS_FOLDER OUTPUT.md
//
// Writes BENCHMARKS.md from what bench.sh left in RESULTS_FOLDER: the benchmark package's
// percentile exports, wrk's output and the machine's description. Every number in the file comes
// from that run; a row whose benchmark did not run is listed as not measured, never filled in.

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: BenchReport RESULTS_FOLDER OUTPUT.md\n".utf8))
    exit(2)
}
let results = try Results(folder: URL(fileURLWithPath: arguments[1]))
var report = Report(results: results)
report.write()
try report.text.write(toFile: arguments[2], atomically: true, encoding: .utf8)
print("BenchReport: \(results.benchmarks.count) benchmarks, \(results.wrk.count) wrk runs, \(report.missing.count) rows not measured")
