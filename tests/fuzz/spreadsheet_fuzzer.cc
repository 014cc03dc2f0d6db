// Fuzz target: the spreadsheet importer (`ParseCsv`, `ImportSpreadsheet`),
// as `passerelle import` and `passerelle.read_spreadsheet` run it.
//
// The first byte chooses which sheet the rest is (0: candidates, 1:
// openings, 2: employers; bit 2: `--departement 41`); the other sheets are
// small valid ones. Properties:
// - `ParseCsv` returns or throws `InvalidArgumentError` naming the source;
//   rows start on strictly increasing lines, and every cell is valid UTF-8;
// - `ImportSpreadsheet` returns or throws `InvalidArgumentError`; a
//   `ValidationError` lists problems, each naming a sheet ("SOURCE:") or the
//   default département;
// - an accepted request converts (`FromProto`) and round-trips in binary.
// Occupations come from a small taxonomy (`SmallTaxonomy`).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/stubs/logging.h>

#include "fuzz_oracle.h"
#include "passerelle/error.h"
#include "passerelle/proto.h"
#include "passerelle/spreadsheet.h"
#include "passerelle/taxonomy.h"

namespace {

constexpr std::string_view kCandidates =
    "id;droit_travail;commune;metier_vise;niveau_francais\nc1;oui;Blois;cuisine;A2\n";
constexpr std::string_view kOpenings = "id;intitule;commune;employeur;places\no1;G1602;Blois;e1;2\n";
constexpr std::string_view kEmployers = "id;nom\ne1;Auberge\n";
constexpr const char* kSources[] = {"people.csv", "openings.csv", "employers.csv"};

// A small taxonomy: searching the built-in one's 11,118 titles for
// suggestions (an edit distance each) takes seconds under the sanitizers,
// which would spend the fuzzing time there (the search has its own tests).
const passerelle::Taxonomy& SmallTaxonomy() {
  static const passerelle::Taxonomy taxonomy = passerelle::Taxonomy::FromCsvString(
      "code,label\nG1602,Personnel de cuisine\nG1605,Plonge en restauration\nH2913,Soudage manuel\n"
      "K1304,Services domestiques\nF1703,Maçonnerie\nN1101,Conduite d'engins de déplacement des charges\n",
      "fuzz-taxonomy");
  return taxonomy;
}

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = [] {
    google::protobuf::SetLogHandler(nullptr);
    return true;
  }();
  (void)quiet;
  if (size < 1) return 0;
  const int which = data[0] % 3;
  const bool departement = (data[0] & 4) != 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

  passerelle::SpreadsheetTable tables[3];
  const std::string_view fixed[3] = {kCandidates, kOpenings, kEmployers};
  for (int t = 0; t < 3; ++t) {
    if (t != which) {
      tables[t] = passerelle::ParseCsv(fixed[t], kSources[t]);
      continue;
    }
    try {
      tables[t] = passerelle::ParseCsv(bytes, kSources[t]);
    } catch (const passerelle::InvalidArgumentError& e) {
      FUZZ_CHECK(std::string_view(e.what()).starts_with(kSources[t]),
                 std::string("CSV message does not name the source: ") + e.what());
      return 0;
    }
    const passerelle::SpreadsheetTable& table = tables[t];
    FUZZ_CHECK(table.lines.size() == table.rows.size(), "a row without its line");
    for (size_t r = 0; r < table.rows.size(); ++r) {
      FUZZ_CHECK(r == 0 || table.lines[r] > table.lines[r - 1], "rows' lines do not increase");
      for (const std::string& cell : table.rows[r]) FUZZ_CHECK(ValidUtf8(cell), "a cell is not valid UTF-8");
    }
  }
  passerelle::v1::MatchRequest request;
  try {
    passerelle::ImportSpreadsheet({.candidates = &tables[0],
                                   .openings = &tables[1],
                                   .employers = &tables[2],
                                   .taxonomy = &SmallTaxonomy(),
                                   .default_departement = departement ? "41" : ""},
                                  &request);
  } catch (const passerelle::ValidationError& e) {
    FUZZ_CHECK(!e.problems().empty() && e.count() >= e.problems().size(), "ValidationError without problems");
    for (const std::string& p : e.problems()) {
      const bool named = p.starts_with("people.csv") || p.starts_with("openings.csv") ||
                         p.starts_with("employers.csv") || p.starts_with("policy");
      FUZZ_CHECK(named, "a problem names no sheet: " + p);
    }
    return 0;
  } catch (const passerelle::InvalidArgumentError& e) {
    FUZZ_CHECK(std::string_view(e.what()).find(".csv") != std::string_view::npos,
               std::string("import message names no sheet: ") + e.what());
    return 0;
  }
  passerelle::FromProto(request);  // accepted inside; must not throw now
  passerelle::v1::MatchRequest copy;
  FUZZ_CHECK(copy.ParseFromString(request.SerializeAsString()) && copy.SerializeAsString() == request.SerializeAsString(),
             "an imported request does not round-trip");
  return 0;
}
