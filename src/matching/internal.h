// Internal pieces of the matching module shared by its .cc files.
#ifndef PASSERELLE_SRC_MATCHING_INTERNAL_H_
#define PASSERELLE_SRC_MATCHING_INTERNAL_H_

#include <array>
#include <cstdint>
#include <vector>

#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/model.h"
#include "passerelle/response.h"

namespace passerelle {
class Taxonomy;
}

namespace passerelle::matching {

// One feasible (candidate, opening) pair as scoring kept it.
struct Pair {
  OpeningIndex opening = 0;
  double score = 0;
  ScoreBreakdown breakdown;
  double commute_minutes = 0;
  TransportMode mode = TransportMode::kWalk;
};

// A candidate's feasible pairs (best first) and why other openings were
// excluded.
struct Row {
  std::vector<Pair> pairs;
  std::array<int32_t, kMaxReasonCode + 1> excluded{};
  int64_t examined = 0;
};

struct ScoredRows {
  std::vector<Row> rows;
  int64_t pairs_examined = 0;
  int64_t pairs_feasible = 0;
};

// Scores every candidate of `request` (adapter over passerelle/scoring.h).
ScoredRows ScoreAll(const MatchRequest& request, const Taxonomy& taxonomy);
// Scores one candidate, consistently with `ScoreAll`.
Row ScoreOne(const MatchRequest& request, CandidateIndex candidate, const Taxonomy& taxonomy);
// Evaluates one pair; returns false and the violated constraints when
// infeasible.
bool EvaluateOne(const MatchRequest& request, CandidateIndex candidate, OpeningIndex opening,
                 const Taxonomy& taxonomy, Pair* pair, std::vector<ReasonCode>* violations);
// Plain-language explanation of a pair in the policy's language.
std::string ExplainPair(const MatchRequest& request, CandidateIndex candidate, OpeningIndex opening,
                        const Taxonomy& taxonomy, std::vector<std::string>* skills_abroad,
                        std::vector<std::string>* skill_gaps);
const Taxonomy& DefaultTaxonomy();

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_INTERNAL_H_
