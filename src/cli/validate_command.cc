// passerelle validate --in REQUEST [--taxonomy FILE] [--resolve --out FILE]
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"
#include "passerelle/error.h"
#include "passerelle/places.h"
#include "passerelle/proto.h"
#include "passerelle/warnings.h"

namespace passerelle::cli {

namespace po = boost::program_options;

namespace {

// Former communes are said on stderr, the first ones one by one.
constexpr size_t kNotesShown = 20;

void PrintPlaceNotes(const std::vector<std::string>& notes) {
  for (size_t i = 0; i < notes.size() && i < kNotesShown; ++i) {
    std::cerr << "passerelle validate: note: " << ForTerminal(notes[i]) << "\n";
  }
  if (notes.size() > kNotesShown) {
    std::cerr << "passerelle validate: note: ... and " << notes.size() - kNotesShown
              << " more points in former communes\n";
  }
}

}  // namespace

int RunValidate(int argc, char** argv) {
  return RunGuarded("validate", [&] {
    po::options_description options("Options");
    int64_t max_bytes = kDefaultMaxReadBytes;
    options.add_options()("in,i", po::value<std::string>()->required(),
                          "request file (.json, .pb, .txtpb, or - for JSON on stdin)")(
        "resolve", po::bool_switch(),
        "fill in the coordinates of points given by insee_code, postal_code or place (the commune's centroid, "
        "precision town); with --out")("out,o", po::value<std::string>(),
                                       "with --resolve: write the resolved request here (format by extension)");
    AddMaxRequestBytesOption(&options, &max_bytes);
    AddTaxonomyOption(&options);
    po::positional_options_description positional;
    positional.add("in", 1);
    po::variables_map vm;
    if (!ParseOptions("validate", "--in REQUEST [--resolve --out FILE]", argc, argv, options, positional, &vm)) {
      return kExitOk;
    }
    const std::string path = vm["in"].as<std::string>();
    const bool resolve = vm["resolve"].as<bool>();
    if (resolve != vm.count("out") > 0) throw UsageError("--resolve and --out go together");
    CheckMaxRequestBytes(max_bytes);
    const Taxonomy& taxonomy = TaxonomyOption(vm);
    const std::string out = resolve ? vm["out"].as<std::string>() : "";
    if (resolve) FormatFromPath(out);  // an unknown extension before any work
    MatchRequest request;
    if (!resolve) {
      // Record by record: a refused file of millions of records costs little
      // (docs/hostile-input.md, class Q). Places are resolved as it is read.
      request = ReadRequestFile(path, {.max_bytes = max_bytes});
    } else {
      // The whole message, to write it back with its coordinates filled in;
      // on an arena, as ReadRequestFile does. Places first, so that former
      // communes are said; the points that do not resolve are named by
      // FromProto with every other problem.
      google::protobuf::ArenaOptions arena_options;
      arena_options.start_block_size = size_t{1} << 16;
      arena_options.max_block_size = size_t{1} << 24;
      google::protobuf::Arena arena(arena_options);
      v1::MatchRequest& proto = *google::protobuf::Arena::CreateMessage<v1::MatchRequest>(&arena);
      ReadMessageFile(path, &proto, {.max_bytes = max_bytes});
      std::vector<std::string> notes;
      ResolvePlaces(&proto, &notes);
      try {
        request = FromProto(proto);
      } catch (const ValidationError& e) {
        std::vector<std::string> problems;
        problems.reserve(e.problems().size());
        for (const std::string& p : e.problems()) problems.push_back(path + ": " + p);
        throw ValidationError(std::move(problems), e.count());
      }
      PrintPlaceNotes(notes);
      WriteMessageFile(out, proto);
    }
    // Valid but suspicious input, on stderr: stdout keeps its one line.
    PrintWarnings("validate", CollectWarnings(request, {.taxonomy = &taxonomy}));
    std::cout << path << ": valid (" << request.candidates.size() << " candidates, " << request.openings.size()
              << " openings, " << request.employers.size() << " employers)\n";
    return kExitOk;
  });
}

}  // namespace passerelle::cli
