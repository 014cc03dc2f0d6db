// passerelle validate --in REQUEST [--taxonomy FILE]
#include <cstdint>
#include <iostream>
#include <string>

#include "cli.h"
#include "passerelle/proto.h"
#include "passerelle/warnings.h"

namespace passerelle::cli {

namespace po = boost::program_options;

int RunValidate(int argc, char** argv) {
  return RunGuarded("validate", [&] {
    po::options_description options("Options");
    int64_t max_bytes = kDefaultMaxReadBytes;
    options.add_options()("in,i", po::value<std::string>()->required(),
                          "request file (.json, .pb, .txtpb, or - for JSON on stdin)");
    AddMaxRequestBytesOption(&options, &max_bytes);
    AddTaxonomyOption(&options);
    po::positional_options_description positional;
    positional.add("in", 1);
    po::variables_map vm;
    if (!ParseOptions("validate", "--in REQUEST", argc, argv, options, positional, &vm)) return kExitOk;
    const std::string path = vm["in"].as<std::string>();
    CheckMaxRequestBytes(max_bytes);
    const Taxonomy& taxonomy = TaxonomyOption(vm);
    // Throws ValidationError with every problem.
    const MatchRequest request = ReadRequestFile(path, {.max_bytes = max_bytes});
    // Valid but suspicious input, on stderr: stdout keeps its one line.
    PrintWarnings("validate", CollectWarnings(request, {.taxonomy = &taxonomy}));
    std::cout << path << ": valid (" << request.candidates.size() << " candidates, " << request.openings.size()
              << " openings, " << request.employers.size() << " employers)\n";
    return kExitOk;
  });
}

}  // namespace passerelle::cli
