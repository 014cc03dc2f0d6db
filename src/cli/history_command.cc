// passerelle history --region R --candidates N --openings M --placements K --seed S --out H
//
// A synthetic History drawn from the documented ground truth of
// `GenerateHistory` (docs/outcomes.md): for testing `passerelle fit`.
#include <charconv>
#include <iostream>
#include <string>

#include "cli.h"
#include "passerelle/outcomes.h"
#include "passerelle/proto.h"

namespace passerelle::cli {

namespace po = boost::program_options;

int RunHistory(int argc, char** argv) {
  return RunGuarded("history", [&] {
    po::options_description options("Options");
    HistoryOptions history;
    std::string out, seed, first_day;
    options.add_options()
        ("region,r", po::value<std::string>(&history.region)->default_value(history.region), "region name (passerelle generate --list-regions)")
        ("candidates,c", po::value<int64_t>(&history.candidates)->default_value(history.candidates), "people of the region")
        ("openings,n", po::value<int64_t>(&history.openings)->default_value(history.openings), "openings of the region")
        ("placements,k", po::value<int64_t>(&history.placements)->default_value(history.placements), "past placements to draw")
        ("seed", po::value<std::string>(&seed)->default_value(std::to_string(history.seed)), "random seed in [0, 2^64)")
        ("first-day", po::value<std::string>(&first_day)->default_value("2024-01-01"), "first day of the period (YYYY-MM-DD)")
        ("days", po::value<int32_t>(&history.days)->default_value(history.days), "length of the period, days")
        ("regions-dir", po::value<std::string>(&history.regions_dir), "folder with extra region files")
        ("threads", po::value<int>()->default_value(0), "worker threads (0: one per core); the history does not depend on them")
        ("out,o", po::value<std::string>(&out), "output file (.json, .pb/.binpb, .txtpb; - for JSON on stdout)");
    po::positional_options_description positional;
    po::variables_map vm;
    if (!ParseOptions("history", "--region R --candidates N --openings M --placements K --seed S --out H", argc, argv,
                      options, positional, &vm)) {
      return kExitOk;
    }
    if (out.empty()) throw UsageError("--out is required");
    const auto [end, error] = std::from_chars(seed.data(), seed.data() + seed.size(), history.seed);
    if (error != std::errc() || end != seed.data() + seed.size() || seed.empty()) {
      throw UsageError("--seed: \"" + seed + "\" is not an integer in [0, 2^64)");
    }
    if (!ParseDate(first_day, &history.first_day) || history.first_day == kNoDate) {
      throw UsageError("--first-day: \"" + first_day + "\" is not a date (YYYY-MM-DD)");
    }
    history.execution = ThreadsOption(vm);
    FormatFromPath(out);  // a bad extension fails before the work
    WriteMessageFile(out, ToProto(GenerateHistory(history)));
    return kExitOk;
  });
}

}  // namespace passerelle::cli
