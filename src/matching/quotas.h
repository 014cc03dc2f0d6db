// Quotas: shares of placements on one candidate dimension and one opening
// dimension (see passerelle/matcher.h). The shapes a flow network can hold,
// the value a record takes along a dimension, and the fixed point on the
// placement total that turns shares into count bounds.
#ifndef PASSERELLE_SRC_MATCHING_QUOTAS_H_
#define PASSERELLE_SRC_MATCHING_QUOTAS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "flow_model.h"
#include "network_pairs.h"
#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/model.h"
#include "passerelle/response.h"

namespace passerelle::matching {

bool IsOpeningDimension(QuotaDimension d);
// Value of a record along a quota dimension, of the type its quotas take.
QuotaValue CandidateValue(const Candidate& c, QuotaDimension d);
QuotaValue OpeningValue(const Opening& o, QuotaDimension d);

// The dimension the policy's quotas use on each side, if any.
struct QuotaSides {
  std::optional<QuotaDimension> candidate, opening;
};
QuotaSides QuotaSidesOf(const Policy& policy);


// A network built under some quota bounds and its solve.
struct SolvedNetwork {
  FlowModel model;
  flow::Solution solution;
};

struct QuotaOutcome {
  MatchStatus status = MatchStatus::kOptimal;
  // Why no assignment meets the quotas (kInfeasible), for the unplaced
  // candidates' reasons.
  std::string infeasible_detail;
};

// Solves the quotas by a fixed point on the placement total: count bounds
// from the current total, an exact solve under them (`solve`), until the
// total is stable (at most 8 rounds). `model` and `solution` hold the solve
// without quota bounds (optimal) and become the last round's; when no flow
// meets the bounds, the unbounded optimum, marked infeasible. Throws
// `TimeLimitError` when the first round (or the unbounded re-solve) stops at
// the time limit; a later stop keeps the round before, kFeasibleNotProven.
QuotaOutcome SolveWithQuotas(const MatchRequest& request, const PairLists& pairs,
                             const std::function<SolvedNetwork(const QuotaBounds&)>& solve, FlowModel* model,
                             flow::Solution* solution);

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_QUOTAS_H_
