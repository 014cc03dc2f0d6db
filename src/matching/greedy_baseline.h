// The greedy baseline the summary compares the optimum with, and the answer
// at the time limit when it beats the optimiser's flow: pins first, then the
// network's pairs best score first (ties: candidate, then opening, in
// request order), each taken while its candidate needs a placement, its
// opening has a seat, its employer is under its cap and, under
// policy.distinct_sectors, its sector is new to the candidate.
#ifndef PASSERELLE_SRC_MATCHING_GREEDY_BASELINE_H_
#define PASSERELLE_SRC_MATCHING_GREEDY_BASELINE_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "network_pairs.h"
#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/flow/network.h"
#include "passerelle/internal/parallel.h"
#include "passerelle/model.h"

namespace passerelle::matching {

class GreedyBaseline {
 public:
  // `keep_order`: keep the pairs' order between runs (a session re-runs the
  // baseline after edits); otherwise it is freed after the run (12 bytes per
  // pair).
  explicit GreedyBaseline(bool keep_order) : keep_order_(keep_order) {}

  struct Result {
    // The pairs taken, as (candidate, index in its list).
    std::vector<std::pair<CandidateIndex, int32_t>> taken;
    double total_score = 0, objective = 0;
  };

  // The baseline on `pairs` (the network's), run unless kept; marks the
  // pairs it takes `greedy_taken`.
  const Result& Get(const MatchRequest& request, PairLists& pairs);
  // An edit may have changed the baseline: run it again at the next `Get`
  // (a ban on a pair it did not take cannot: every decision stays the same).
  void Invalidate() { valid_ = false; }
  // New pairs: forget the order and the result.
  void Reset();

  // At the time limit: replaces the flow of `solution` on `net` (built on
  // `pairs`) by the baseline's when that costs less and is a feasible flow
  // of `net`. True if it did.
  bool ReplaceIfCheaper(const MatchRequest& request, PairLists& pairs, const flow::Network& net,
                        flow::Solution* solution);

 private:
  struct Entry {
    CandidateIndex candidate;
    int32_t pair;  // index in the candidate's list
    OpeningIndex opening;
  };
  using Order = std::vector<Entry, internal::UninitializedAllocator<Entry>>;
  static Order SortPairs(const PairLists& pairs);
  Result Run(const MatchRequest& request, const PairLists& pairs);

  bool keep_order_;
  // The pairs in greedy order (score, then request order); depends only on
  // the network's pairs, so a session keeps it across in-place edits.
  Order order_;
  Result result_;
  bool valid_ = false;
};

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_GREEDY_BASELINE_H_
