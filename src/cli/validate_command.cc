// passerelle validate --in REQUEST
#include <cstdint>
#include <iostream>
#include <string>

#include "cli.h"
#include "passerelle/proto.h"

namespace passerelle::cli {

namespace po = boost::program_options;

int RunValidate(int argc, char** argv) {
  return RunGuarded("validate", [&] {
    po::options_description options("Options");
    int64_t max_bytes = kDefaultMaxReadBytes;
    options.add_options()
        ("in,i", po::value<std::string>()->required(), "request file (.json, .pb, .txtpb, or - for JSON on stdin)")
        ("max-request-bytes", po::value<int64_t>(&max_bytes)->default_value(kDefaultMaxReadBytes),
         "refuse requests larger than this many bytes (default 2 GiB, the most a binary request can hold)");
    po::positional_options_description positional;
    positional.add("in", 1);
    po::variables_map vm;
    if (!ParseOptions("validate", "--in REQUEST", argc, argv, options, positional, &vm)) return kExitOk;
    const std::string path = vm["in"].as<std::string>();
    if (max_bytes < 1) throw UsageError("--max-request-bytes: " + std::to_string(max_bytes) + " must be >= 1");
    // Throws ValidationError with every problem.
    const MatchRequest request = ReadRequestFile(path, {.max_bytes = max_bytes});
    std::cout << path << ": valid (" << request.candidates.size() << " candidates, " << request.openings.size()
              << " openings, " << request.employers.size() << " employers)\n";
    return kExitOk;
  });
}

}  // namespace passerelle::cli
