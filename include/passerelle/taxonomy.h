// Occupation taxonomy: ROME codes, their labels and figures, and a proximity
// graph that turns "related occupations" into transferable-experience scores.
//
// Problem: a candidate who was a cook (G1602) is a good fit for a kitchen
// helper job (G1603) and a plausible one for a bakery (D1102), and a poor one
// for roofing (F1610). Scoring needs that judgement in O(1) per pair.
//
// Model: occupations are vertices of an undirected Boost.Graph
// `adjacency_list`; an edge joins two occupations between which people move
// (ROME "mobilités", after labonneboite's `rome_mobilities.py`). Proximity is
// the larger of a graph rule and a code-prefix rule:
//
//   same code                               1.00  (`kProximitySame`)
//   1 hop in the graph                      0.70  (`kProximityOneHop`)
//   2 hops                                  0.45  (`kProximityTwoHops`)
//   3 hops, or same ROME letter + 2 digits  0.25  (`kProximityThreeHops`,
//                                                  `kProximitySameSubdomain`)
//   same ROME letter (domain)               0.10  (`kProximitySameDomain`)
//   otherwise                               0
//
// The prefix rule also covers ROME-shaped codes the taxonomy does not list, so
// a request naming a ROME sheet missing from a small taxonomy still gets a
// sensible score. Codes that are not ROME-shaped (ESCO, a programme's own
// codes) are accepted when the taxonomy lists them and only get graph
// proximity.
//
// Cost: construction runs one breadth-first search per occupation
// (Boost.Graph `breadth_first_visit`), stopped at 3 hops, so each visits only
// its neighbourhood; proximities between listed occupations are kept in a
// dense n x n byte table up to n = 4096 (O(n^2) to fill, 16 MiB at most),
// in sorted per-row lists beyond, so `Proximity(OccupationId, OccupationId)`
// is O(1) (O(log d) beyond 4096, d the 3-hop neighbourhood).
//
// Data: `BuiltIn()` is compiled from data/taxonomy/rome_builtin.csv (the
// métiers en tension of BMO 2020 and their neighbours, about 140 ROME
// sheets); `FromCsvFile` loads a user's file in the same format, e.g. the full
// ROME or ESCO. The format is described at the top of that CSV and in
// docs/scoring.md.
#ifndef PASSERELLE_TAXONOMY_H_
#define PASSERELLE_TAXONOMY_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/model.h"

namespace passerelle {

// Position of an occupation in a `Taxonomy`, in [0, size()).
using OccupationId = int32_t;
inline constexpr OccupationId kUnknownOccupation = -1;

inline constexpr double kProximitySame = 1.0;
inline constexpr double kProximityOneHop = 0.70;
inline constexpr double kProximityTwoHops = 0.45;
inline constexpr double kProximityThreeHops = 0.25;
inline constexpr double kProximitySameSubdomain = 0.25;
inline constexpr double kProximitySameDomain = 0.10;

// One occupation of a taxonomy.
struct Occupation {
  std::string code;
  // French label, e.g. "Maçonnerie".
  std::string label;
  // Share of hiring projects judged difficult, in [0, 1]; 0 when unknown.
  double tension = 0;
  // Plausible default minimum French level. Informational: openings carry
  // their own minimum, which scoring uses (no official figure exists).
  CefrLevel default_min_french_level = CefrLevel::kNone;
  // Typical physical demands. Informational, like the French level: scoring
  // reads `Opening::physical_demands`.
  PhysicalDemandSet physical_demands;
  // ROME domain letter, or 0 when the code is not ROME-shaped.
  char sector() const { return IsRomeCode(code) ? code[0] : '\0'; }
};

// An immutable occupation taxonomy. Cheap to move; copies share the data.
// Thread-safe for concurrent reads.
class Taxonomy {
 public:
  // The built-in taxonomy (constructed once, on first use).
  static const Taxonomy& BuiltIn();

  // Loads a taxonomy from CSV text in the format of
  // data/taxonomy/rome_builtin.csv.
  // - Throws `InvalidArgumentError` naming `source_name:line`, the field and
  //   the value on a bad line (wrong column count, duplicate or empty code,
  //   tension outside [0, 1], unknown CEFR level or physical demand, a
  //   neighbour that is not listed).
  static Taxonomy FromCsvString(std::string_view csv,
                                std::string_view source_name = "<string>");
  // Same, from a file. Throws `InvalidArgumentError` when the file cannot be
  // read.
  static Taxonomy FromCsvFile(const std::string& path);

  // Number of occupations.
  int32_t size() const;
  // Id of `code`, or `kUnknownOccupation`.
  OccupationId Find(std::string_view code) const;
  bool Contains(std::string_view code) const { return Find(code) != kUnknownOccupation; }
  // Requires 0 <= id < size().
  const Occupation& occupation(OccupationId id) const;
  // Ids of the occupations joined to `id` by an edge, ascending.
  std::span<const OccupationId> Neighbours(OccupationId id) const;

  // Proximity in [0, 1] between two listed occupations (rule above).
  // Symmetric; O(1).
  double Proximity(OccupationId a, OccupationId b) const;
  // Proximity between two codes, listed or not: graph rule when both are
  // listed, prefix rule for ROME-shaped codes, 1 for equal codes, else 0.
  double Proximity(std::string_view a, std::string_view b) const;
  // Shortest-path length in edges, or -1 when more than 3 hops apart.
  int HopDistance(OccupationId a, OccupationId b) const;

  // Label of `code`, or "" when not listed.
  std::string_view Label(std::string_view code) const;
  // Tension of `code`, or 0 when not listed or unknown.
  double Tension(std::string_view code) const;

  // Label of a ROME domain letter ('A' to 'N'), e.g. 'F' -> "construction,
  // bâtiment et travaux publics"; "" for other letters.
  static std::string_view DomainLabel(char letter, Language language);

  struct Data;  // Implementation detail.

 private:
  explicit Taxonomy(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
  std::shared_ptr<const Data> data_;
};

}  // namespace passerelle

#endif  // PASSERELLE_TAXONOMY_H_
