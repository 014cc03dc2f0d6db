// passerelle fit --history H [--test-from DATE] --out model.json
//
// Fits a model of lasting employment on a History (FitScoreModel,
// docs/outcomes.md) and writes it as a `passerelle.v1.ScoreModel`, ready for
// `policy.score_model`. A summary and the warnings go to stderr.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "cli.h"
#include "passerelle/error.h"
#include "passerelle/outcomes.h"
#include "passerelle/proto.h"

namespace passerelle::cli {

namespace po = boost::program_options;

int RunFit(int argc, char** argv) {
  return RunGuarded("fit", [&] {
    po::options_description options("Options");
    std::string history_path, out = "-", test_from;
    int64_t max_bytes = 0;
    FitOptions fit;
    options.add_options()
        ("history", po::value<std::string>(&history_path), "History file (.json, .pb/.binpb, .txtpb)")
        ("test-from", po::value<std::string>(&test_from), "first day of the test period (default: the last 20 % by date)")
        ("l2", po::value<double>(&fit.l2)->default_value(fit.l2), "L2 penalty on the coefficients")
        ("language", po::value<std::string>(), "fr or en, for the warnings (default fr)")
        ("threads", po::value<int>()->default_value(0), "worker threads (0: one per core); the model does not depend on them")
        ("out,o", po::value<std::string>(&out)->default_value(out), "output ScoreModel (.json, .pb/.binpb, .txtpb; - for JSON on stdout)");
    AddMaxRequestBytesOption(&options, &max_bytes);
    po::positional_options_description positional;
    po::variables_map vm;
    if (!ParseOptions("fit", "--history H [--test-from DATE] --out model.json", argc, argv, options, positional, &vm)) {
      return kExitOk;
    }
    if (history_path.empty()) throw UsageError("--history is required");
    CheckMaxRequestBytes(max_bytes);
    if (!test_from.empty()) fit.test_from = DateOption("test-from", test_from);
    if (vm.count("language")) {
      const std::string l = vm["language"].as<std::string>();
      if (l == "fr") {
        fit.language = Language::kFrench;
      } else if (l == "en") {
        fit.language = Language::kEnglish;
      } else {
        throw UsageError("--language: '" + l + "' is neither fr nor en");
      }
    }
    fit.execution = ThreadsOption(vm);
    FormatFromPath(out);  // a bad extension fails before the work
    using Clock = std::chrono::steady_clock;
    auto t = Clock::now();
    std::ostringstream timings;
    auto lap = [&](const char* what) {
      const auto now = Clock::now();
      timings << (timings.tellp() > 0 ? ", " : "") << what << " "
              << std::chrono::duration<double>(now - t).count() << " s";
      t = now;
    };
    const std::string bytes = ReadFileWithin(history_path, max_bytes);
    lap("read");
    fit.data_sha256 = Sha256Hex(bytes);
    lap("sha256");
    const FileFormat format = FormatFromPath(history_path);
    History history;
    if (format == FileFormat::kBinary) {
      history = ParseHistory(bytes, history_path, fit.execution);
    } else {
      v1::History proto;
      ParseMessage(bytes, format, history_path, &proto, fit.execution);
      history = FromProto(proto, fit.execution);
    }
    lap("read records");
    const FitReport report = FitScoreModel(history, fit);
    lap("fit");
    for (const std::string& w : report.warnings) std::cerr << "passerelle fit: warning: " << ForTerminal(w) << "\n";
    std::cerr << "passerelle fit: trained on " << report.training_count << " placements ("
              << FormatDate(report.trained_from) << " to " << FormatDate(report.trained_to) << "), tested on "
              << report.test_count << " from " << FormatDate(report.test_from) << ": AUC "
              << report.test_metrics.auc << ", Brier " << report.test_metrics.brier << ", log loss "
              << report.test_metrics.log_loss << "\n";
    std::cerr << "passerelle fit: " << timings.str() << "\n";
    WriteMessageFile(out, ToProto(report));
    return kExitOk;
  });
}

}  // namespace passerelle::cli
