// The response of a solve: placements with their explanations, unplaced
// candidates with their reasons, the summary with its statistics and the
// greedy baseline, opening fills and shortlists. Each part has its file in
// report/; this is what the solve calls.
#ifndef PASSERELLE_SRC_MATCHING_REPORT_REPORT_H_
#define PASSERELLE_SRC_MATCHING_REPORT_REPORT_H_

#include <atomic>
#include <string>
#include <utility>
#include <vector>

#include "explanation_cache.h"
#include "flow_model.h"
#include "greedy_baseline.h"
#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/model.h"
#include "passerelle/response.h"
#include "passerelle/scoring.h"
#include "report/record_index.h"
#include "scores.h"
#include "stable_ids.h"

namespace passerelle::matching {

// The openings behind the exclusion counts of the candidates whose reasons
// will come from scoring whatever the solution: those who have exclusion
// counts and whose every pair in the network (banned ones aside) is with a
// closed opening (capacity 0). Naming them does not depend on the solve,
// so the matcher does it on the core its solver leaves idle (match.cc), in
// runs of `run_size` candidates until `stop`; UnplacedCandidates names the
// others it needs.
struct NamedAhead {
  int32_t run_size = 1;
  std::vector<CandidateIndex> candidates;  // those named, increasing
  std::vector<ExcludedOpenings> runs;      // run r: candidates[r * run_size ...]
  // Where the names of `c` are: a run and the position in it, or null.
  std::pair<const ExcludedOpenings*, int32_t> Find(CandidateIndex c) const;
};
// 16,384 candidates a run: nationally (59,000) 4 runs, each preparing the
// openings again.
NamedAhead NameAhead(const MatchRequest& request, const ScoreCache& scores, const PairLists& pairs,
                     const Taxonomy& taxonomy, const std::atomic<bool>& stop, int32_t run_size = 16384);

// What a report reads.
struct ReportInput {
  const MatchRequest& request;
  const Taxonomy& taxonomy;
  // Stable identities for cached explanations (null when not cached).
  const StableIds* ids;
  const ScoreCache& scores;
  // Ensured for `request`.
  const RecordIndex& records;
  // The network solved: its pairs, unplaced arcs and arc count (`net` may
  // be freed).
  const MatchNetwork& network;
  const flow::Solution& solution;
  MatchStatus status;
  // Why no assignment meets the quotas (status kInfeasible).
  const std::string& infeasible_detail;
  // Threads the host allows, resolved (>= 1).
  int threads;
  // The exclusions named while the solver ran (null: none; see NameAhead).
  const NamedAhead* named_ahead = nullptr;
};

// A response and the (candidate, opening) of each of its placements.
struct LastResponse {
  MatchResponse response;
  std::vector<std::pair<CandidateIndex, OpeningIndex>> placement_pairs;
};

// Writes the report of `in` into `last`, whose previous response it
// replaces. `reuse_placements`: the records and scores are those of the
// previous response (an in-place edit): its placements of unchanged pairs
// are moved over instead of rebuilt. `pairs` (the network's pairs) and
// `greedy` give the greedy baseline when the policy asks for it; it runs
// beside the rest.
void WriteReport(const ReportInput& in, PairLists& pairs, GreedyBaseline* greedy, ExplanationCache* explanations,
                 bool reuse_placements, LastResponse* last);

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_REPORT_REPORT_H_
