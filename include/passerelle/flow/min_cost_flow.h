// Exact min-cost flow with dual potentials, for general networks and fast on
// the bipartite "matching" networks passerelle builds.
//
// Problem: see `network.h` (supplies are equalities; lower bounds, negative
// costs, parallel arcs and self-loops allowed). The result is a value: status,
// flows in input arc order, total cost and node potentials `pi` such that the
// reduced cost `rc(a) = cost(a) + pi[tail(a)] - pi[head(a)]` certifies
// optimality (rc > 0 => flow = lower, rc < 0 => flow = capacity); see
// `certificate.h` to check it.
//
// Algorithms.
// - `kNetworkSimplex`: primal network simplex on a strongly feasible spanning
//   tree (Cunningham's rule: the leaving arc is the last blocking arc of the
//   pivot cycle, so no cycling) with an artificial root and big-M arcs and a
//   block-search pivot rule (blocks of ~sqrt(m) arcs, most violating arc of the
//   first block holding one). Tree kept as parent/child lists; a pivot re-roots
//   the moved subtree and shifts its potentials in time linear in its size.
//   Pseudo-polynomial bound in theory, near-linear number of pivots in practice
//   [Ahuja, Magnanti, Orlin, Network Flows, 1993, ch. 11; Kiraly & Kovacs,
//   "Efficient implementations of minimum-cost flow algorithms", 2012].
// - `kSuccessiveShortestPaths`: primal-dual: keep reduced-cost optimality of a
//   pseudo-flow, repeatedly send flow from an imbalanced node along a
//   shortest residual path found by Dijkstra on reduced costs, stopping as soon
//   as the nearest opposite imbalance is settled and updating only the
//   potentials of settled nodes. O(U (m + n log n)) for total imbalance U.
//   It wins when U is small and searches are local, which is the case of
//   matching networks (below) and of warm re-solves.
// - `kAuto` (default): successive shortest paths when the network has the
//   matching shape, network simplex otherwise.
//
// Matching shape (detected automatically): one sink node T with negative
// supply; every other node with nonzero supply is a source (positive supply,
// no incoming arcs) with at least one direct arc to T (its "unplaced" arc);
// every remaining node ("opening") receives arcs only from sources and sends
// arcs only to T (its seats). For it, the solver starts from the dual in
// which every source is unplaced and every opening is priced by its best
// source, saturates the seat arcs that pay, and then fills seats by reverse
// Dijkstra searches from the openings; the number of searches is bounded by
// the number of seats, not of sources, and each search is local.
//
// Warm start: `Resolve` starts successive shortest paths from the previous
// flows and potentials; after a few percent of changes only the changed
// region is searched.
//
// Limits: inputs are refused with `SolveStatus::kOverflowRisk` (never silently
// wrapped) when sum_a |cost(a)| * capacity(a) (infinite capacities counted as
// the total supply plus the finite capacities), or the potentials' bound
// 8 (n + 2)(max |cost| + 1), exceeds 2^62.
#ifndef PASSERELLE_FLOW_MIN_COST_FLOW_H_
#define PASSERELLE_FLOW_MIN_COST_FLOW_H_

#include <vector>

#include "passerelle/flow/network.h"

namespace passerelle::flow {

enum class SolveStatus {
  kOptimal,
  kInfeasible,    // no flow meets the bounds and supplies (incl. sum != 0)
  kUnbounded,     // feasible, with a negative cycle of infinite capacity
  kOverflowRisk,  // inputs too large for exact 64-bit arithmetic
  kNotSolved,
};
const char* ToString(SolveStatus status);

enum class Algorithm {
  kAuto,
  kNetworkSimplex,
  kSuccessiveShortestPaths,
};
const char* ToString(Algorithm algorithm);

struct Solution {
  SolveStatus status = SolveStatus::kNotSolved;
  // sum_a cost(a) * flows[a]; meaningful when `status == kOptimal`.
  Cost total_cost = 0;
  // Per arc, in input order; filled when `status == kOptimal`.
  std::vector<Flow> flows;
  // Per node; rc(a) = cost(a) + potentials[tail] - potentials[head].
  std::vector<Cost> potentials;
  // The algorithm that produced the solution.
  Algorithm algorithm = Algorithm::kAuto;
};

class MinCostFlowSolver {
 public:
  MinCostFlowSolver() = default;

  // Chooses the algorithm; `kAuto` by default.
  MinCostFlowSolver& set_algorithm(Algorithm algorithm) {
    algorithm_ = algorithm;
    return *this;
  }
  Algorithm algorithm() const { return algorithm_; }

  // Solves `network` from scratch.
  // - Never throws for outcomes: infeasible, unbounded and overflow risk are
  //   statuses. Thread-safe: a const solver can be shared.
  Solution Solve(const Network& network) const;

  // Solves `network` starting from `previous`, a solution of a similar
  // network (typically the same one after a few capacity, cost or supply
  // changes). Node i and arc a of `network` are taken to correspond to node i
  // and arc a of the previous network; extra nodes and arcs (appended ones)
  // start from flow 0 and potential 0, missing ones are ignored. The result is
  // exact whatever `previous` holds; only the speed depends on it.
  Solution Resolve(const Network& network, const Solution& previous) const;

 private:
  Algorithm algorithm_ = Algorithm::kAuto;
};

// Convenience: `MinCostFlowSolver().Solve(network)`.
Solution SolveMinCostFlow(const Network& network);

}  // namespace passerelle::flow

#endif  // PASSERELLE_FLOW_MIN_COST_FLOW_H_
