// Optimality certificate for min-cost flow.
//
// A flow f is optimal for the problem of `network.h` if and only if it is
// feasible and some node potentials pi give every arc a reduced cost
// rc(a) = cost(a) + pi[tail(a)] - pi[head(a)] that satisfies complementary
// slackness: rc(a) > 0 => f(a) = lower(a), rc(a) < 0 => f(a) = capacity(a)
// (LP duality; Ahuja, Magnanti, Orlin, Network Flows, thm 9.4). Checking it
// takes one pass over the arcs, O(n + m), with 128-bit arithmetic, so it
// trusts nothing from the solver.
#ifndef PASSERELLE_FLOW_CERTIFICATE_H_
#define PASSERELLE_FLOW_CERTIFICATE_H_

#include <string>

#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/flow/network.h"

namespace passerelle::flow {

struct CertificateResult {
  bool ok = false;
  // Empty when `ok`; otherwise the first violation found, e.g.
  // "arcs[3] (1 -> 2): flow 5 exceeds capacity 4".
  std::string message;
};

// Checks that `solution` holds a feasible flow of `network` (`has_flow()`, one
// flow per arc within its bounds, conservation, `total_cost`); what the time
// limit's `kFeasible` promises.
CertificateResult CheckFeasibility(const Network& network,
                                   const Solution& solution);

// Checks that `solution` is an optimal solution of `network`:
// - `status == kOptimal` and one flow per arc, one potential per node;
// - lower <= flow <= capacity on every arc;
// - conservation: out - in = supply at every node;
// - `total_cost` equals sum cost * flow;
// - complementary slackness of the flows with `potentials`.
CertificateResult CheckOptimality(const Network& network,
                                  const Solution& solution);

}  // namespace passerelle::flow

#endif  // PASSERELLE_FLOW_CERTIFICATE_H_
