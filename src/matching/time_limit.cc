// The optimisation's time limit (see time_limit.h).
#include "time_limit.h"

#include <algorithm>
#include <sstream>
#include <string>

namespace passerelle::matching {

void SolveDeadline::Start(const Policy& policy, std::chrono::steady_clock::time_point start) {
  limit_seconds_ = policy.limits.max_solve_seconds;
  deadline_ = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                          std::chrono::duration<double>(std::min(limit_seconds_, 1e9)));
}

flow::MinCostFlowSolver SolveDeadline::Solver() const {
  flow::MinCostFlowSolver solver;
  if (limit_seconds_ > 0) {
    const double left = std::chrono::duration<double>(deadline_ - std::chrono::steady_clock::now()).count();
    solver.set_time_limit(std::max(left, 1e-9));  // past: stop at the first check
  }
  return solver;
}

LimitExceededError TimeLimitError(const Policy& policy, bool with_quotas) {
  std::ostringstream limit;
  limit << policy.limits.max_solve_seconds;
  return LimitExceededError("policy.limits.max_solve_seconds = " + limit.str() +
                            ": the optimiser stopped before it found an assignment" +
                            (with_quotas ? " meeting the quotas" : "") + "; raise the limit");
}

}  // namespace passerelle::matching
