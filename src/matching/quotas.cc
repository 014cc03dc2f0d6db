// Quotas: shape rules, record values and the fixed point on the placement
// total (see quotas.h).
#include "quotas.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "internal.h"
#include "passerelle/error.h"
#include "passerelle/internal/check.h"
#include "report/reason_text.h"
#include "time_limit.h"

namespace passerelle::matching {
namespace {

// The quota's value as messages quote it: as the request spelled it.
std::string SpellingOf(const Quota& q) { return q.spelling.empty() ? ToString(q.value) : q.spelling; }

// Placements of a solution: flow on the candidate-opening arcs.
int64_t Placements(const PairLists& pairs, const flow::Solution& solution) {
  int64_t total = 0;
  for (const auto& list : pairs) {
    for (const ArcPair& ap : list) total += solution.flows[ap.arc];
  }
  return total;
}

// Count bounds of the quotas' shares of `total` placements.
QuotaBounds BoundsFor(const Policy& policy, int64_t total) {
  QuotaBounds bounds = QuotaBounds::None(policy.quotas.size());
  for (size_t qi = 0; qi < policy.quotas.size(); ++qi) {
    const Quota& q = policy.quotas[qi];
    bounds.lower[qi] = static_cast<int64_t>(std::ceil(q.min_share * static_cast<double>(total) - 1e-9));
    bounds.upper[qi] = q.max_share >= 1.0
                           ? flow::kInfiniteCapacity
                           : static_cast<int64_t>(std::floor(q.max_share * static_cast<double>(total) + 1e-9));
  }
  return bounds;
}

}  // namespace

bool IsOpeningDimension(QuotaDimension d) {
  return d == QuotaDimension::kOpeningKind || d == QuotaDimension::kOpeningDepartement;
}

QuotaValue CandidateValue(const Candidate& c, QuotaDimension d) {
  switch (d) {
    case QuotaDimension::kDepartement: return c.subgroup.departement;
    case QuotaDimension::kGender: return c.subgroup.gender;
    case QuotaDimension::kCountryOfOrigin: return c.subgroup.country_of_origin;
    case QuotaDimension::kAgeGroup: return AgeGroupOf(c.age);
    default: return std::string();
  }
}

QuotaValue OpeningValue(const Opening& o, QuotaDimension d) {
  if (d == QuotaDimension::kOpeningKind) return o.kind;
  return o.departement;
}

QuotaSides QuotaSidesOf(const Policy& policy) {
  QuotaSides sides;
  for (const Quota& q : policy.quotas) {
    (IsOpeningDimension(q.dimension) ? sides.opening : sides.candidate) = q.dimension;
  }
  return sides;
}

QuotaOutcome SolveWithQuotas(const MatchRequest& request, const PairLists& pairs,
                             const std::function<SolvedNetwork(const QuotaBounds&)>& solve, FlowModel* model,
                             flow::Solution* solution) {
  const Policy& policy = request.policy;
  const size_t nq = policy.quotas.size();
  QuotaOutcome outcome;
  QuotaBounds bounds = QuotaBounds::None(nq);
  // At the time limit, the last round's flow (which meets that round's
  // quota bounds) stands.
  int64_t total = Placements(pairs, *solution);
  bool converged = false, stopped = false;
  for (int round = 0; round < 8 && !converged && !stopped; ++round) {
    bounds = BoundsFor(policy, total);
    SolvedNetwork next = solve(bounds);
    if (next.solution.status == flow::SolveStatus::kTimeLimit) {
      if (round == 0) throw TimeLimitError(policy, /*with_quotas=*/true);
      stopped = true;
      break;
    }
    *model = std::move(next.model);
    *solution = std::move(next.solution);
    if (!solution->has_flow()) break;
    stopped = solution->status == flow::SolveStatus::kFeasible;
    const int64_t next_total = Placements(pairs, *solution);
    converged = next_total == total;
    total = next_total;
  }
  if (!solution->has_flow()) {
    outcome.status = MatchStatus::kInfeasible;
    for (size_t qi = 0; qi < nq; ++qi) {
      if (bounds.lower[qi] > 0) {
        AppendClause(QuotaShortfallText(qi, bounds.lower[qi], SpellingOf(policy.quotas[qi]), policy.language),
                     policy.language, &outcome.infeasible_detail);
      }
    }
    // Report the unconstrained optimum, marked infeasible.
    SolvedNetwork unbounded = solve(QuotaBounds::None(nq));
    *model = std::move(unbounded.model);
    *solution = std::move(unbounded.solution);
    if (solution->status == flow::SolveStatus::kTimeLimit) throw TimeLimitError(policy, /*with_quotas=*/false);
    // As without quotas (match.cc): never unbounded nor at overflow risk.
    PASSERELLE_CHECK(solution->has_flow(), flow::ToString(solution->status));
  } else if (!converged || stopped) {
    outcome.status = MatchStatus::kFeasibleNotProven;
  }
  return outcome;
}

}  // namespace passerelle::matching
