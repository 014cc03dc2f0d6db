// passerelle backtest --history H --model M [--from DATE --to DATE] [--period month|quarter|all] [--out FILE]
//
// Compares, cohort by cohort, what counsellors did with a greedy assignment
// and passerelle's optimum, in expected lasting placements under a fitted
// model, with bootstrap 95 % intervals (Backtest, docs/outcomes.md). Prints a
// table; --out writes a passerelle.v1.BacktestReport (.json, .pb, .txtpb) or
// the table as CSV (.csv).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "cli.h"
#include "passerelle/backtest.h"
#include "passerelle/error.h"
#include "passerelle/outcomes.h"
#include "passerelle/proto.h"

namespace passerelle::cli {

namespace po = boost::program_options;

namespace {

std::string ReadAll(const std::string& path, int64_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open for reading");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size > max_bytes) {
    throw LimitExceededError(path + ": " + std::to_string(size) + " bytes exceed --max-request-bytes " +
                             std::to_string(max_bytes));
  }
  in.seekg(0);
  std::string bytes(static_cast<size_t>(size), '\0');
  if (!in.read(bytes.data(), size)) throw IoError(path + ": cannot read");
  return bytes;
}

Date DateOption(const std::string& name, const std::string& text) {
  Date d = kNoDate;
  if (!ParseDate(text, &d) || d == kNoDate) throw UsageError("--" + name + ": \"" + text + "\" is not a date (YYYY-MM-DD)");
  return d;
}

v1::Estimate ToProto(const BacktestEstimate& e) {
  v1::Estimate p;
  p.set_value(e.value);
  p.set_low(e.low);
  p.set_high(e.high);
  return p;
}

v1::BacktestRow ToProto(const BacktestRow& row) {
  v1::BacktestRow p;
  p.set_label(row.label);
  p.set_from(FormatDate(row.from));
  p.set_to(FormatDate(row.to));
  p.set_people(row.people);
  p.set_seats(row.seats);
  *p.mutable_historical() = ToProto(row.historical);
  *p.mutable_greedy() = ToProto(row.greedy);
  *p.mutable_optimal() = ToProto(row.optimal);
  *p.mutable_optimal_gain() = ToProto(row.optimal_gain);
  p.set_historical_placements(row.historical_placements);
  p.set_greedy_placements(row.greedy_placements);
  p.set_optimal_placements(row.optimal_placements);
  return p;
}

std::string Interval(const BacktestEstimate& e) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f [%.1f, %.1f]", e.value, e.low, e.high);
  return text;
}

// The table, one line per cohort, the total, then subgroups.
std::string Table(const BacktestReport& report) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-28s %7s  %-24s %-24s %-24s %-24s\n", "cohort", "people", "historical",
                "greedy", "optimal", "optimal - historical");
  out << line;
  auto print = [&](const BacktestRow& r) {
    std::snprintf(line, sizeof line, "%-28s %7lld  %-24s %-24s %-24s %-24s\n", r.label.c_str(),
                  static_cast<long long>(r.people), Interval(r.historical).c_str(), Interval(r.greedy).c_str(),
                  Interval(r.optimal).c_str(), Interval(r.optimal_gain).c_str());
    out << line;
  };
  for (const BacktestRow& r : report.cohorts) print(r);
  print(report.total);
  if (!report.subgroups.empty()) out << "\nby subgroup (whole period):\n";
  for (const BacktestRow& r : report.subgroups) print(r);
  return out.str();
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char c : s) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string Csv(const BacktestReport& report) {
  std::ostringstream out;
  out << "kind,label,from,to,people,seats";
  for (const char* arm : {"historical", "greedy", "optimal", "optimal_gain"}) {
    out << "," << arm << "," << arm << "_low," << arm << "_high";
  }
  out << ",historical_placements,greedy_placements,optimal_placements\n";
  auto row = [&](const char* kind, const BacktestRow& r) {
    out << kind << "," << CsvField(r.label) << "," << FormatDate(r.from) << "," << FormatDate(r.to) << ","
        << r.people << "," << r.seats;
    for (const BacktestEstimate* e : {&r.historical, &r.greedy, &r.optimal, &r.optimal_gain}) {
      out << "," << e->value << "," << e->low << "," << e->high;
    }
    out << "," << r.historical_placements << "," << r.greedy_placements << "," << r.optimal_placements << "\n";
  };
  for (const BacktestRow& r : report.cohorts) row("cohort", r);
  row("total", report.total);
  for (const BacktestRow& r : report.subgroups) row("subgroup", r);
  return out.str();
}

}  // namespace

int RunBacktest(int argc, char** argv) {
  return RunGuarded("backtest", [&] {
    po::options_description options("Options");
    std::string history_path, model_path, from, to, period = "month", out;
    int64_t max_bytes = 0;
    BacktestOptions backtest;
    options.add_options()
        ("history", po::value<std::string>(&history_path), "History file (.json, .pb/.binpb, .txtpb)")
        ("model", po::value<std::string>(&model_path), "ScoreModel file (passerelle fit's output)")
        ("from", po::value<std::string>(&from), "first day of placements to replay (YYYY-MM-DD; default: all)")
        ("to", po::value<std::string>(&to), "last day of placements to replay (YYYY-MM-DD; default: all)")
        ("period", po::value<std::string>(&period)->default_value(period), "cohorts: month, quarter or all")
        ("bootstrap", po::value<int32_t>(&backtest.bootstrap_samples)->default_value(backtest.bootstrap_samples),
         "bootstrap resamples for the 95 % intervals (0: none)")
        ("seed", po::value<uint64_t>(&backtest.seed)->default_value(backtest.seed), "bootstrap seed")
        ("threads", po::value<int>()->default_value(0), "worker threads (0: one per core); results do not depend on them")
        ("out,o", po::value<std::string>(&out), "also write the report: BacktestReport (.json, .pb/.binpb, .txtpb) or a table (.csv)");
    AddMaxRequestBytesOption(&options, &max_bytes);
    po::positional_options_description positional;
    po::variables_map vm;
    if (!ParseOptions("backtest", "--history H --model M [--from DATE --to DATE] [--out FILE]", argc, argv, options,
                      positional, &vm)) {
      return kExitOk;
    }
    if (history_path.empty()) throw UsageError("--history is required");
    if (model_path.empty()) throw UsageError("--model is required");
    CheckMaxRequestBytes(max_bytes);
    if (!from.empty()) backtest.from = DateOption("from", from);
    if (!to.empty()) backtest.to = DateOption("to", to);
    if (backtest.from && backtest.to && *backtest.from > *backtest.to) throw UsageError("--from is after --to");
    if (period == "month") {
      backtest.period = BacktestPeriod::kMonth;
    } else if (period == "quarter") {
      backtest.period = BacktestPeriod::kQuarter;
    } else if (period == "all") {
      backtest.period = BacktestPeriod::kWhole;
    } else {
      throw UsageError("--period: '" + period + "' is not month, quarter or all");
    }
    if (backtest.bootstrap_samples < 0 || backtest.bootstrap_samples > 100000) {
      throw UsageError("--bootstrap: must be in [0, 100000]");
    }
    backtest.execution = ThreadsOption(vm);
    const bool csv = out.size() >= 4 && out.compare(out.size() - 4, 4, ".csv") == 0;
    if (!out.empty() && !csv) FormatFromPath(out);  // a bad extension fails before the work

    v1::ScoreModel model_proto;
    ReadMessageFile(model_path, &model_proto);
    const std::string model_sha256 = Sha256Hex(model_proto.SerializeAsString());
    const ScoreModel model = FromProto(model_proto);
    const std::string bytes = ReadAll(history_path, max_bytes);
    const FileFormat format = FormatFromPath(history_path);
    History history;
    if (format == FileFormat::kBinary) {
      history = ParseHistory(bytes, history_path, backtest.execution);
    } else {
      v1::History proto;
      ParseMessage(bytes, format, history_path, &proto, backtest.execution);
      history = FromProto(proto, backtest.execution);
    }
    const BacktestReport report = Backtest(history, model, backtest);

    std::cout << "expected lasting placements under the model (95 % bootstrap intervals, "
              << report.bootstrap_samples << " resamples):\n"
              << Table(report);
    for (const std::string& w : report.warnings) std::cerr << "passerelle backtest: warning: " << ForTerminal(w) << "\n";
    if (!out.empty()) {
      if (csv) {
        WriteFileAtomically(out, Csv(report));
      } else {
        v1::BacktestReport p;
        for (const BacktestRow& r : report.cohorts) *p.add_cohorts() = ToProto(r);
        *p.mutable_total() = ToProto(report.total);
        for (const BacktestRow& r : report.subgroups) *p.add_subgroups() = ToProto(r);
        p.set_bootstrap_samples(report.bootstrap_samples);
        p.set_history_sha256(Sha256Hex(bytes));
        p.set_model_sha256(model_sha256);
        for (const std::string& w : report.warnings) p.add_warnings(w);
        WriteMessageFile(out, p);
      }
    }
    return kExitOk;
  });
}

}  // namespace passerelle::cli
