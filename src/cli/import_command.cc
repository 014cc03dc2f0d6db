// passerelle import --candidates FILE --openings FILE [--employers FILE]
//                   [--policy FILE] [--departement CODE] [--taxonomy FILE] --out REQUEST
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"
#include "passerelle/error.h"
#include "passerelle/proto.h"
#include "passerelle/spreadsheet.h"
#include "passerelle/v1/passerelle.pb.h"

namespace passerelle::cli {

namespace po = boost::program_options;

namespace {

// Warnings are said on stderr, the first ones one by one.
constexpr size_t kWarningsShown = 30;

}  // namespace

int RunImport(int argc, char** argv) {
  return RunGuarded("import", [&] {
    po::options_description options("Options");
    options.add_options()
        ("candidates,c", po::value<std::string>()->required(), "candidates' sheet (.csv: UTF-8 or Windows-1252, ; or ,)")
        ("openings", po::value<std::string>()->required(), "openings' sheet (.csv)")
        ("employers,e", po::value<std::string>(), "employers' sheet (.csv); without it, openings' employeur cells name new employers")
        ("policy,p", po::value<std::string>(), "the programme's rules: a passerelle.v1.Policy (.json, .pb, .txtpb)")
        ("departement,d", po::value<std::string>()->default_value(""), "a département code (41): communes named without theirs are looked for there first")
        ("out,o", po::value<std::string>()->required(), "request file to write (.json, .pb, .txtpb; - for JSON on stdout)");
    AddTaxonomyOption(&options);
    po::positional_options_description positional;
    po::variables_map vm;
    if (!ParseOptions("import", "--candidates FILE --openings FILE [--employers FILE] [--policy FILE] [--departement 41] --out REQUEST",
                      argc, argv, options, positional, &vm)) {
      return kExitOk;
    }
    const std::string out = vm["out"].as<std::string>();
    FormatFromPath(out);  // an unknown extension before any work
    const Taxonomy& taxonomy = TaxonomyOption(vm);
    v1::MatchRequest request;
    if (vm.count("policy")) ReadMessageFile(vm["policy"].as<std::string>(), request.mutable_policy());
    const SpreadsheetTable candidates = ReadCsvFile(vm["candidates"].as<std::string>());
    const SpreadsheetTable openings = ReadCsvFile(vm["openings"].as<std::string>());
    SpreadsheetTable employers;
    if (vm.count("employers")) employers = ReadCsvFile(vm["employers"].as<std::string>());
    const std::vector<std::string> warnings = ImportSpreadsheet(
        {.candidates = &candidates,
         .openings = &openings,
         .employers = vm.count("employers") ? &employers : nullptr,
         .taxonomy = &taxonomy,
         .default_departement = vm["departement"].as<std::string>()},
        &request);
    for (size_t i = 0; i < warnings.size() && i < kWarningsShown; ++i) {
      std::cerr << "passerelle import: warning: " << ForTerminal(warnings[i]) << "\n";
    }
    if (warnings.size() > kWarningsShown) {
      std::cerr << "passerelle import: warning: ... and " << warnings.size() - kWarningsShown << " more\n";
    }
    WriteMessageFile(out, request);
    std::cerr << "passerelle import: " << request.candidates_size() << " candidates, " << request.openings_size()
              << " openings, " << request.employers_size() << " employers -> " << ForTerminal(out) << "\n";
    return kExitOk;
  });
}

}  // namespace passerelle::cli
