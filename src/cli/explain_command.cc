// passerelle explain --in REQUEST --candidate ID --opening ID [--out FILE] [--taxonomy FILE]
#include <cstdint>
#include <iostream>
#include <string>

#include "cli.h"
#include "passerelle/proto.h"
#include "passerelle/scoring.h"

namespace passerelle::cli {

namespace po = boost::program_options;

int RunExplain(int argc, char** argv) {
  return RunGuarded("explain", [&] {
    po::options_description options("Options");
    int64_t max_bytes = kDefaultMaxReadBytes;
    options.add_options()
        ("in,i", po::value<std::string>()->required(), "request file (.json, .pb/.binpb, .txtpb; - for JSON on stdin)")
        ("candidate,c", po::value<std::string>()->required(), "candidate id")
        ("opening,p", po::value<std::string>()->required(), "opening id")
        ("out,o", po::value<std::string>(), "also write a passerelle.v1.PairExplanation (format by extension; - for JSON on stdout instead of the text)")
        ("language", po::value<std::string>(), "fr or en (default: the request's policy.language)");
    AddMaxRequestBytesOption(&options, &max_bytes);
    AddTaxonomyOption(&options);
    po::positional_options_description positional;
    po::variables_map vm;
    if (!ParseOptions("explain", "--in REQUEST --candidate ID --opening ID [--out FILE]", argc, argv, options,
                      positional, &vm)) {
      return kExitOk;
    }
    const std::string in = vm["in"].as<std::string>();
    std::string out;
    if (vm.count("out")) {
      out = vm["out"].as<std::string>();
      FormatFromPath(out);  // unknown output extension: fail before any work
    }
    CheckMaxRequestBytes(max_bytes);
    const Taxonomy& taxonomy = TaxonomyOption(vm);
    const MatchRequest request = ReadRequestFile(in, {.max_bytes = max_bytes});
    Language language = request.policy.language;
    if (vm.count("language")) {
      const std::string l = vm["language"].as<std::string>();
      if (l == "fr") {
        language = Language::kFrench;
      } else if (l == "en") {
        language = Language::kEnglish;
      } else {
        throw UsageError("--language: '" + l + "' is neither fr nor en");
      }
    }
    // Unknown ids: InvalidArgumentError naming the id (exit 2).
    const PairExplanation explanation =
        DescribePair(request, vm["candidate"].as<std::string>(), vm["opening"].as<std::string>(), language, taxonomy);
    if (out != "-") std::cout << ForTerminal(FormatPairExplanation(explanation, language), /*keep_newlines=*/true);
    if (!out.empty()) WriteMessageFile(out, ToProto(explanation));
    return kExitOk;
  });
}

}  // namespace passerelle::cli
