// Internal pieces of the matching module shared by its .cc files.
#ifndef PASSERELLE_SRC_MATCHING_INTERNAL_H_
#define PASSERELLE_SRC_MATCHING_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "passerelle/model.h"
#include "passerelle/response.h"
#include "passerelle/scoring.h"

namespace passerelle::matching {

// One feasible (candidate, opening) pair as scoring kept it.
using Pair = ScoredPair;

// A candidate's scores rescored alone (incremental sessions).
struct OwnedRow {
  std::vector<Pair> pairs;
  ExclusionCounts excluded{};
  int32_t examined = 0;
};

// A candidate's feasible pairs (best first) and why other openings were
// excluded: a view into the score matrix or an owned row.
struct RowView {
  std::span<const Pair> pairs;
  const ExclusionCounts* excluded = nullptr;
  int32_t examined = 0;

  int32_t excluded_count(ReasonCode code) const {
    const size_t i = static_cast<size_t>(code);
    return i < excluded->size() ? (*excluded)[i] : 0;
  }
};

// Scores every candidate of `request`.
ScoreMatrix ScoreAll(const MatchRequest& request, const Taxonomy& taxonomy);
// Scores one candidate, consistently with `ScoreAll`.
OwnedRow ScoreOne(const MatchRequest& request, CandidateIndex candidate, const Taxonomy& taxonomy);
// Evaluates one pair; returns false and the violated constraints when
// infeasible.
bool EvaluateOne(const MatchRequest& request, CandidateIndex candidate, OpeningIndex opening,
                 const Taxonomy& taxonomy, Pair* pair, std::vector<ReasonCode>* violations);
// Plain-language explanation of a pair in the policy's language.
std::string ExplainPair(const MatchRequest& request, CandidateIndex candidate, OpeningIndex opening,
                        const Taxonomy& taxonomy, std::vector<std::string>* skills_abroad,
                        std::vector<std::string>* skill_gaps);
const Taxonomy& DefaultTaxonomy();

// Geographic parts of a request, for the optimiser's part-by-part network
// simplex (flow::MinCostFlowSolver::set_node_parts): recursive bisection of
// the map into `parts` regions of about equal candidate counts (each cut
// within 35-65% of the share it aims at), each cut placed, along latitude or
// longitude, where the fewest sampled candidate-opening pairs cross it.
// Deterministic. Openings belong to the region holding their location.
struct SampledPair {
  int32_t candidate;
  int32_t opening;
};
struct GeographicParts {
  int32_t parts = 1;
  std::vector<int32_t> candidate_part;
  std::vector<int32_t> opening_part;
};
// Pairs sampled for the cut decisions: about this many are enough.
inline constexpr size_t kPartitionPairSamples = 2'000'000;
GeographicParts PartitionByGeography(const MatchRequest& request, std::vector<SampledPair> pairs,
                                     int32_t parts);

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_INTERNAL_H_
