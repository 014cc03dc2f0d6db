// passerelle validate --in REQUEST
#include <iostream>

#include "cli.h"
#include "passerelle/proto.h"

namespace passerelle::cli {

namespace po = boost::program_options;

int RunValidate(int argc, char** argv) {
  return RunGuarded("validate", [&] {
    po::options_description options("Options");
    options.add_options()("in,i", po::value<std::string>()->required(), "request file (.json, .pb, .txtpb, or - for JSON on stdin)");
    po::positional_options_description positional;
    positional.add("in", 1);
    po::variables_map vm;
    if (!ParseOptions("validate", "--in REQUEST", argc, argv, options, positional, &vm)) return kExitOk;
    const std::string path = vm["in"].as<std::string>();
    const MatchRequest request = ReadRequestFile(path);  // throws ValidationError with every problem
    std::cout << path << ": valid (" << request.candidates.size() << " candidates, " << request.openings.size()
              << " openings, " << request.employers.size() << " employers)\n";
    return kExitOk;
  });
}

}  // namespace passerelle::cli
