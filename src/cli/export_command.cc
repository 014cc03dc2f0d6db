// passerelle export --request R --response S --out FILE [--lang fr|en]:
// a report for counsellors (passerelle/report.h), CSV, XLSX or HTML by the
// extension of FILE.
#include <cstdint>
#include <string>

#include "cli.h"
#include "passerelle/proto.h"
#include "passerelle/report.h"

namespace passerelle::cli {

namespace po = boost::program_options;

int RunExport(int argc, char** argv) {
  return RunGuarded("export", [&] {
    po::options_description options("Options");
    int64_t max_bytes = kDefaultMaxReadBytes;
    int32_t max_cards = 2000;
    options.add_options()
        ("request,r", po::value<std::string>()->required(), "the request matched (.json, .pb/.binpb, .txtpb)")
        ("response,s", po::value<std::string>()->required(), "its response, from passerelle match")
        ("out,o", po::value<std::string>()->required(), "the report: .csv, .xlsx or .html")
        ("lang", po::value<std::string>(),
         "fr or en (default: the request's policy.language, French unless it says otherwise)")
        ("max-cards", po::value<int32_t>(&max_cards)->default_value(2000),
         "HTML: cards for at most this many people (and half as many openings); the spreadsheets list everyone");
    AddMaxRequestBytesOption(&options, &max_bytes);
    AddTaxonomyOption(&options);
    po::positional_options_description positional;
    po::variables_map vm;
    if (!ParseOptions("export", "--request REQUEST --response RESPONSE --out FILE [--lang fr|en]", argc, argv, options,
                      positional, &vm)) {
      return kExitOk;
    }
    const std::string out = vm["out"].as<std::string>();
    ReportFormatFromPath(out);  // unknown extension: fail before any work
    CheckMaxRequestBytes(max_bytes);
    if (max_cards < 0) throw UsageError("--max-cards: must be >= 0");
    ReportOptions report;
    report.max_person_cards = max_cards;
    report.max_opening_cards = max_cards / 2;
    if (vm.count("lang")) {
      const std::string l = vm["lang"].as<std::string>();
      if (l == "fr") {
        report.language = Language::kFrench;
      } else if (l == "en") {
        report.language = Language::kEnglish;
      } else {
        throw UsageError("--lang: '" + l + "' is neither fr nor en");
      }
    }
    report.taxonomy = &TaxonomyOption(vm);
    v1::MatchRequest request;
    ReadMessageFile(vm["request"].as<std::string>(), &request, {.max_bytes = max_bytes});
    v1::MatchResponse response;
    ReadMessageFile(vm["response"].as<std::string>(), &response, {.max_bytes = max_bytes});
    WriteReport(request, response, out, report);
    return kExitOk;
  });
}

}  // namespace passerelle::cli
