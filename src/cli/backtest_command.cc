// passerelle backtest --history H --model M [--from DATE --to DATE] [--period month|quarter|all] [--out FILE]
//
// Compares, cohort by cohort, what counsellors did with a greedy assignment
// and passerelle's optimum, in expected lasting placements under a fitted
// model, with bootstrap 95 % intervals (Backtest, docs/outcomes.md). Prints a
// table; --out writes a passerelle.v1.BacktestReport (.json, .pb, .txtpb),
// the table as CSV (.csv), or a self-contained page with a chart (.html).
#include <algorithm>
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
#include "passerelle/report.h"

namespace passerelle::cli {

namespace po = boost::program_options;

namespace {

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

std::string Number(double v, int decimals = 1) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}

// A self-contained page (no script, no network): the cohorts as grouped bars
// with their intervals (SVG), then the tables.
std::string HtmlPage(const BacktestReport& report) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
      << "<title>passerelle backtest</title><style>"
      << "body{font-family:sans-serif;margin:2em;color:#1b2a3a}table{border-collapse:collapse;margin:1em 0}"
      << "td,th{border-bottom:1px solid #ccd;padding:3px 8px;text-align:right;white-space:nowrap}td:first-child,th:first-child{text-align:left}"
      << ".h{fill:#9aa5b1}.g{fill:#7fb3d5}.o{fill:#1f4e79}.w{stroke:#222;stroke-width:1}"
      << "@media print{body{margin:0}}</style></head><body>\n"
      << "<h1>Backtest: expected lasting placements under the model</h1>\n<p>History (what counsellors did), "
      << "greedy (best probability first) and passerelle's optimum, per cohort; whiskers are 95 % bootstrap "
      << "intervals (" << report.bootstrap_samples << " resamples). Total: history "
      << Number(report.total.historical.value) << ", greedy " << Number(report.total.greedy.value) << ", optimum "
      << Number(report.total.optimal.value) << "; optimum - history " << Number(report.total.optimal_gain.value)
      << " [" << Number(report.total.optimal_gain.low) << ", " << Number(report.total.optimal_gain.high)
      << "].</p>\n";
  // The chart.
  const double width = 900, height = 320, left = 60, bottom = 40, top = 20;
  double max = 0;
  for (const BacktestRow& r : report.cohorts) {
    max = std::max({max, r.historical.high, r.greedy.high, r.optimal.high});
  }
  if (max <= 0) max = 1;
  const double n = static_cast<double>(report.cohorts.size());
  const double slot = (width - left - 10) / std::max(n, 1.0);
  const double bar = std::max(2.0, slot / 4);
  auto y = [&](double v) { return top + (height - top - bottom) * (1 - v / max); };
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" role=\"img\"><title>Expected lasting placements by cohort</title>\n";
  for (int k = 0; k <= 4; ++k) {
    const double v = max * k / 4;
    out << "<line x1=\"" << left << "\" x2=\"" << width - 10 << "\" y1=\"" << Number(y(v)) << "\" y2=\""
        << Number(y(v)) << "\" stroke=\"#e3e7ec\"/><text x=\"" << left - 6 << "\" y=\"" << Number(y(v) + 4)
        << "\" font-size=\"11\" text-anchor=\"end\">" << Number(v, 0) << "</text>\n";
  }
  for (size_t i = 0; i < report.cohorts.size(); ++i) {
    const BacktestRow& r = report.cohorts[i];
    const double x0 = left + slot * static_cast<double>(i) + (slot - 3 * bar) / 2;
    const BacktestEstimate* arms[3] = {&r.historical, &r.greedy, &r.optimal};
    const char* classes[3] = {"h", "g", "o"};
    for (int a = 0; a < 3; ++a) {
      const double x = x0 + a * bar;
      out << "<rect class=\"" << classes[a] << "\" x=\"" << Number(x) << "\" y=\"" << Number(y(arms[a]->value))
          << "\" width=\"" << Number(bar - 1) << "\" height=\"" << Number(y(0) - y(arms[a]->value)) << "\"/>"
          << "<line class=\"w\" x1=\"" << Number(x + bar / 2) << "\" x2=\"" << Number(x + bar / 2) << "\" y1=\""
          << Number(y(arms[a]->low)) << "\" y2=\"" << Number(y(arms[a]->high)) << "\"/>\n";
    }
    // At most 12 labels, so that months do not run into each other.
    const size_t every = (report.cohorts.size() + 11) / 12;
    if (i % every == 0) {
      out << "<text x=\"" << Number(x0 + 1.5 * bar) << "\" y=\"" << height - bottom + 16
          << "\" font-size=\"11\" text-anchor=\"middle\">" << EscapeHtml(r.label) << "</text>\n";
    }
  }
  out << "<rect class=\"h\" x=\"" << left << "\" y=\"" << height - 14 << "\" width=\"10\" height=\"10\"/>"
      << "<text x=\"" << left + 14 << "\" y=\"" << height - 5 << "\" font-size=\"12\">history</text>"
      << "<rect class=\"g\" x=\"" << left + 90 << "\" y=\"" << height - 14 << "\" width=\"10\" height=\"10\"/>"
      << "<text x=\"" << left + 104 << "\" y=\"" << height - 5 << "\" font-size=\"12\">greedy</text>"
      << "<rect class=\"o\" x=\"" << left + 180 << "\" y=\"" << height - 14 << "\" width=\"10\" height=\"10\"/>"
      << "<text x=\"" << left + 194 << "\" y=\"" << height - 5 << "\" font-size=\"12\">optimum</text></svg>\n";
  auto table = [&](const char* title, const std::vector<BacktestRow>& rows) {
    out << "<h2>" << title << "</h2><table><tr><th></th><th>people</th><th>seats</th><th>history</th>"
        << "<th>greedy</th><th>optimum</th><th>optimum - history</th></tr>\n";
    for (const BacktestRow& r : rows) {
      out << "<tr><td>" << EscapeHtml(r.label) << "</td><td>" << r.people << "</td><td>" << r.seats << "</td>";
      for (const BacktestEstimate* e : {&r.historical, &r.greedy, &r.optimal, &r.optimal_gain}) {
        out << "<td>" << EscapeHtml(Interval(*e)) << "</td>";
      }
      out << "</tr>\n";
    }
    out << "</table>\n";
  };
  std::vector<BacktestRow> cohorts = report.cohorts;
  cohorts.push_back(report.total);
  table("Cohorts", cohorts);
  table("Subgroups (whole period)", report.subgroups);
  for (const std::string& w : report.warnings) out << "<p>Warning: " << EscapeHtml(w) << "</p>\n";
  out << "</body></html>\n";
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
        ("out,o", po::value<std::string>(&out), "also write the report: BacktestReport (.json, .pb/.binpb, .txtpb), a table (.csv) or a page with a chart (.html)");
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
    auto ends_with = [&](const char* suffix) {
      const std::string s(suffix);
      return out.size() >= s.size() && out.compare(out.size() - s.size(), s.size(), s) == 0;
    };
    const bool csv = ends_with(".csv"), html = ends_with(".html");
    if (!out.empty() && !csv && !html) FormatFromPath(out);  // a bad extension fails before the work

    v1::ScoreModel model_proto;
    ReadMessageFile(model_path, &model_proto);
    const std::string model_sha256 = Sha256Hex(model_proto.SerializeAsString());
    const ScoreModel model = FromProto(model_proto);
    const std::string bytes = ReadFileWithin(history_path, max_bytes);
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
      } else if (html) {
        WriteFileAtomically(out, HtmlPage(report));
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
