// Warnings: input that is valid but suspicious, found before any score.
//
// Validation (passerelle/validate.h) refuses what cannot be matched; a
// warning points at what will be matched but is probably not what the user
// meant: a closed opening, an occupation code the taxonomy does not list, two
// spellings of one skill code, a candidate without a French level, many
// candidates at one point (a default address), a pin, lock or ban of a pair a
// hard constraint already excludes. `passerelle validate` and `passerelle
// match` print them on stderr; `Match` and `Matcher::Solve` return them in
// `MatchResponse::warnings`. They never change the match.
//
// Cost: O(records + their codes) with hash lookups of distinct codes only,
// one pass over homes (Misra-Gries heavy hitters, no map of points), and
// `EvaluatePair` per override (about 1.5 µs each).
#ifndef PASSERELLE_WARNINGS_H_
#define PASSERELLE_WARNINGS_H_

#include <cstddef>
#include <vector>

#include "passerelle/model.h"
#include "passerelle/response.h"

namespace passerelle {

class Taxonomy;

// Most warnings listed; beyond, one `kMoreWarnings` counts the rest, so that
// a huge request cannot blow up its response.
inline constexpr size_t kMaxWarnings = 1000;

// A point shared by more than `kSharedLocationShare` of the candidates, in a
// request of more than `kSharedLocationMinCandidates`, is warned about: in
// real files homes are spread over streets, and one point holding a tenth of
// them is a default filled in for unknown addresses. Small requests (a
// family, a hostel) legitimately share a point.
inline constexpr size_t kSharedLocationMinCandidates = 20;
inline constexpr double kSharedLocationShare = 0.10;

struct WarningOptions {
  // Occupation taxonomy; null means the built-in one.
  const Taxonomy* taxonomy = nullptr;
  // At most this many warnings, then one `kMoreWarnings`.
  size_t max_warnings = kMaxWarnings;
};

// The warnings of a valid request, in this order: openings (closed), then
// unknown occupation codes, skill code variants, candidates without a French
// level, shared points, overrides of excluded pairs; each kind in record
// order. Details are in `request.policy.language`. Deterministic.
std::vector<Warning> CollectWarnings(const MatchRequest& request, const WarningOptions& options = {});

}  // namespace passerelle

#endif  // PASSERELLE_WARNINGS_H_
