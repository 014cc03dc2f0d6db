// The optimisation's time limit (policy.limits.max_solve_seconds): a
// deadline counted from the start of a solve's optimisation, the solvers
// that stop at it, and the error when a stop leaves no answer.
#ifndef PASSERELLE_SRC_MATCHING_TIME_LIMIT_H_
#define PASSERELLE_SRC_MATCHING_TIME_LIMIT_H_

#include <chrono>

#include "passerelle/error.h"
#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/policy.h"

namespace passerelle::matching {

class SolveDeadline {
 public:
  // Starts the clock at `start` for `policy`'s limit (none when <= 0).
  void Start(const Policy& policy, std::chrono::steady_clock::time_point start);
  // A solver stopping at the deadline, if there is one (past: at its first
  // check).
  flow::MinCostFlowSolver Solver() const;

 private:
  double limit_seconds_ = 0;
  std::chrono::steady_clock::time_point deadline_;
};

// The optimiser stopped before it found an assignment (`with_quotas`: one
// meeting the quotas).
LimitExceededError TimeLimitError(const Policy& policy, bool with_quotas);

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_TIME_LIMIT_H_
