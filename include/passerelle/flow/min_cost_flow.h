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
//   pivot cycle, so no cycling) with an artificial root and big-M arcs into
//   the demand nodes, warm-up pivots on each demand node's cheapest arc,
//   capacities that conservation implies lifted (an arc out of a node no arc
//   enters carries at most its supply: at a bound, it would make pivots
//   degenerate), and block-search pricing (blocks of sqrt(m) arcs in an
//   order that interleaves the input, most violating arc of the first block
//   holding one). The tree is a preorder thread list with subtree sizes: a
//   pivot splices the moved subtree in time linear in its stem and shifts
//   its potentials in one sequential walk. Pseudo-polynomial in theory,
//   near-linear number of pivots in practice [Ahuja, Magnanti, Orlin,
//   Network Flows, 1993, ch. 11; Kiraly & Kovacs, "Efficient implementations
//   of minimum-cost flow algorithms", 2012; design choices as in LEMON's
//   NetworkSimplex].
// - `kSuccessiveShortestPaths`: primal-dual: keep reduced-cost optimality of a
//   pseudo-flow, repeatedly send flow from an imbalanced node along a
//   shortest residual path found by Dijkstra on reduced costs, stopping as soon
//   as the nearest opposite imbalance is settled and updating only the
//   potentials of settled nodes. O(U (m + n log n)) for total imbalance U.
//   It wins when U is small and searches are local, which is the case of
//   matching networks (below) and of warm re-solves.
// - `kCostScaling`: Goldberg's epsilon-scaling push-relabel. Costs are
//   multiplied by n + 1 and epsilon divided by 16 per phase down to 1 (an
//   exact optimum for integer costs); each phase saturates the arcs of
//   negative reduced cost and moves the excesses by partial augment-relabel
//   (admissible paths of up to 4 arcs from the active nodes, FIFO), with a
//   global price update (Dial buckets from the deficits) every n + S^2
//   relabels, S the number of nodes with a positive supply; from the second
//   phase on, a phase is skipped when lowering prices alone (longest paths
//   in the admissible network, while it is acyclic) makes the flow
//   epsilon-optimal. O(n^2 m log(nC)) in theory, the fastest method on large
//   sparse general networks in practice. Infeasible supplies are found by a
//   global update that cannot reach an excess. The potentials returned are
//   exact: the final prices rounded to the original units, corrected by one
//   shortest-path pass over the residual network. A price that would leave
//   the range it allows itself (2^61), or fall further in a phase than
//   theory allows a feasible problem, makes it hand the network to network
//   simplex (the solution then names that algorithm) [Goldberg, "An
//   efficient implementation of a scaling minimum-cost flow algorithm",
//   1997; Kiraly & Kovacs 2012, LEMON's CostScaling].
// - `kJonkerVolgenant`: for dense assignment networks (k nodes of supply +1,
//   k of supply -1, every arc of positive capacity from the first to the
//   second, no lower bounds, at least half of the k * k pairs joined,
//   k * k <= 2^26, k * (max |cost| + 1) <= 2^52; detected in O(n + m);
//   requested on another network, `kAuto` runs instead): the
//   Jonker-Volgenant algorithm on a row-major k x k cost matrix built once
//   from the arcs (missing pairs infinite, parallel arcs the cheapest; no
//   copy when the arcs come row by row, as in generated dense instances):
//   column reduction, reduction transfer, two passes of augmenting row
//   reduction, then Dijkstra shortest augmenting paths over arrays. O(k^3)
//   worst case; on 2,000 x 2,000 uniform costs it beats scipy's
//   `linear_sum_assignment` (bench/RESULTS.md) [R. Jonker, A. Volgenant, "A
//   shortest augmenting path algorithm for dense and sparse linear
//   assignment problems", Computing 38, 1987; D. F. Crouse, "On implementing
//   2D rectangular assignment algorithms", IEEE TAES 52, 2016]. It checks
//   the clock between augmentations; at the limit the matching found so far,
//   completed greedily, is returned as `kFeasible`. On degenerate instances
//   (c_ij = i * j: about k paths of O(k^2) each) it gives up once its work
//   passes, or projects past, (64 + sqrt(k)) k^2 matrix reads, and network
//   simplex solves the network (1.05x to 1.3x the time of network simplex
//   alone in bench/RESULTS.md).
// - `kAuto` (default): Jonker-Volgenant on dense assignment networks;
//   successive shortest paths when the network has the matching shape, with
//   a budget of 8 arc scans per arc; otherwise cost scaling on large
//   networks and network simplex on the others (the rule and its
//   measurements: bench/RESULTS.md, "Cost scaling and NETGEN-8"); network
//   simplex when the matching budget runs out (searches that are not local).
//
// Matching shape (detected in O(n + m)): one sink T, the only node with
// negative supply, with no outgoing arc; every node with positive supply (a
// candidate) has no incoming arc and a direct arc to T (its "unplaced" arc)
// able to carry its supply; the rest of the network without T is acyclic
// (openings, employer caps, quota groups, per-sector nodes, ...); total
// supply at most 4 n. Lower bounds (pins) are allowed. The solver starts
// from the dual in which every candidate is unplaced and every other node is
// priced by its cheapest incoming path, saturates the arcs into T that pay
// (free seats), and fills them by reverse Dijkstra searches from the seats:
// the number of searches is bounded by the number of seats, not of
// candidates. When seats outnumber candidates it starts instead from zero
// flow and shortest-path labels, and searches from the candidates. T is a "hub": it is a target of every search and never
// scanned, and its tentative distance is relaxed eagerly from every reached
// candidate, which bounds each search to the few candidates that compete for
// a seat (a few hundred arc scans per seat in practice). A matching with
// every arc turned round (arcs from the openings to the candidates, one
// source feeding them, the candidates' demands) is the same problem: it is
// read mirrored, with the same flows and the potentials negated, and gets
// the same path without a copy.
//
// Presolve (cold solves, `SolverOptions::presolve`): a network that is not
// the matching shape is first rewritten, exactly, into the form the
// algorithms recognise: a super-source whose arcs can carry exactly its
// supply becomes supplies on their heads (likewise a super-sink); a node
// without supply that only passes flow through one wide enough arc (an
// "unassigned" hub before the sink) is bypassed; arcs of capacity 0 are
// dropped; parallel arcs of one cost are merged; a network with one source
// and several demand nodes is reversed when that gives the matching shape
// (a matching turned round and nothing else needs no rewrite: see above).
// So a matching in disguise gets the matching path. Flows and potentials are
// mapped back to the network as given (the certificate holds there), and
// `Solution::notes` says what was rewritten. O(n + m); kept only when it gives
// the matching shape, fixes a super-source or super-sink, or removes 1/64 of
// the arcs.
//
// Successive shortest paths asked for by name gives up when its searches
// project past `SolverOptions::scan_budget_per_arc` and network simplex
// solves instead, with a `fallback` note: no runaway on networks where the
// searches are not local.
//
// Warm start: `Resolve` (stateless) and `IncrementalMinCostFlow` (keeps the
// graph) restart successive shortest paths from the previous flows and
// potentials: each endpoint of an arc whose reduced cost changed sign first
// gets the potential that needs the fewest units of flow changed, then the
// remaining violations are saturated and the few imbalances are resolved by
// local searches.
//
// Time limit: `set_time_limit(seconds)` makes the algorithms check the clock
// (between searches, every 256 pivots, every 1024 paths of cost scaling,
// which then holds a pseudo-flow, repaired as below on acyclic networks). At the limit the result is a
// feasible flow, `kFeasible` (not proven optimal), or `kTimeLimit` when the
// algorithm holds none. Network simplex holds one once its artificial arcs
// are empty; before that, and in successive shortest paths, what it holds is
// a pseudo-flow, which on an acyclic network (every matching network) is made
// feasible in O(n + m) plus one residual search per unit the simple passes
// cannot place: surpluses go into the sink or back to the sources, deficits
// down to the sink (unfilled seats stay empty, their candidates unplaced).

// Limits: inputs are refused with `SolveStatus::kOverflowRisk` (never silently
// wrapped) when sum_a |cost(a)| * capacity(a) (infinite capacities counted as
// the total supply plus the finite capacities), or the potentials' bound
// 8 (n + 2)(max |cost| + 1), exceeds 2^62, and by network simplex when
// nodes + arcs reach 2^32 - 1 (its arc positions are 32-bit; such a network
// would need over 160 GB).
#ifndef PASSERELLE_FLOW_MIN_COST_FLOW_H_
#define PASSERELLE_FLOW_MIN_COST_FLOW_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "passerelle/execution.h"
#include "passerelle/flow/network.h"

namespace passerelle::flow {

enum class SolveStatus {
  kOptimal,
  kInfeasible,    // no flow meets the bounds and supplies (incl. sum != 0)
  kUnbounded,     // feasible, with a negative cycle of infinite capacity
  kOverflowRisk,  // inputs too large for exact 64-bit arithmetic
  kNotSolved,
  kFeasible,      // time limit reached: a feasible flow, optimality not proven
  kTimeLimit,     // time limit reached before any feasible flow
};
const char* ToString(SolveStatus status);

enum class Algorithm {
  kAuto,
  kNetworkSimplex,
  kSuccessiveShortestPaths,
  kCostScaling,
  // Dense assignment networks only (see "Algorithms"); requested on another
  // network, `kAuto` runs instead.
  kJonkerVolgenant,
};
const char* ToString(Algorithm algorithm);

struct Solution {
  SolveStatus status = SolveStatus::kNotSolved;
  // sum_a cost(a) * flows[a]; meaningful when `has_flow()`.
  Cost total_cost = 0;
  // Per arc, in input order; filled when `has_flow()`.
  std::vector<Flow> flows;
  // Per node; rc(a) = cost(a) + potentials[tail] - potentials[head]. A
  // certificate only when `status == kOptimal`.
  std::vector<Cost> potentials;
  // The algorithm that produced the solution.
  Algorithm algorithm = Algorithm::kAuto;
  // What the solve did besides its algorithm, one line each, e.g.
  // "presolve 1 super-source into supplies: 210001 nodes, 6300000 arcs" or
  // "fallback successive_shortest_paths -> network_simplex: ..." (`passerelle
  // mcf` prints them as `c` lines).
  std::vector<std::string> notes;

  // A flow meeting every bound and supply: optimal, or feasible at the time
  // limit.
  bool has_flow() const {
    return status == SolveStatus::kOptimal || status == SolveStatus::kFeasible;
  }
};

// How a solve runs. None of these change its answer (the same pivots, the
// same flows): only its speed.
struct SolverOptions {
  // Threads network simplex may use on networks of at least
  // `parallel_min_arcs` arcs: to set up its arc arrays and, with
  // `node_parts`, to optimise several parts at once. The last phase, which
  // prices every arc and proves optimality, runs on one thread. Also
  // `passerelle mcf --threads N` and `passerelle.min_cost_flow(...,
  // threads=N)`. Successive shortest paths runs on one thread.
  ExecutionOptions execution;
  // Below this many arcs network simplex runs on one thread: starting threads
  // would cost more than they save (bench/RESULTS.md). Tests lower it.
  int64_t parallel_min_arcs = int64_t{1} << 20;
  // Hint for network simplex on large networks made of loosely coupled parts
  // (e.g. the regions of a national matching network): the part of every
  // node (0, 1, ...), or -1 for a node shared by all parts (e.g. the common
  // sink). The simplex then stores each part's nodes together and optimises
  // the arcs inside each part (and from the part to the shared node most arcs
  // from parts go to, the "hub") before pricing every arc, so most pivots run
  // on a small, cache-resident part of the tree, several parts at once on
  // `execution.threads`. The answer is exact whatever the hint; ignored
  // unless it has one entry per node, each below the number of nodes, and by
  // successive shortest paths. Empty: no parts.
  std::vector<int32_t> node_parts;
  // Called once during `Solve`, on the calling thread, when the rest of the
  // solve runs on that thread alone: network simplex's last phase (with
  // parts, after them; without, after the set-up). A caller can then start
  // work of its own on the cores the solver leaves idle (the matcher
  // computes its greedy baseline there). Not called by successive shortest
  // paths, nor when the solve ends before (infeasible supplies, overflow
  // risk, time limit). Must not throw.
  std::function<void()> on_serial_phase;
  // Rewrite a cold solve's network into canonical form first (see
  // "Presolve" above). Networks built in that form (the matcher's) can skip
  // the O(n + m) look.
  bool presolve = true;
  // Successive shortest paths asked for by name (`kSuccessiveShortestPaths`)
  // gives up once its searches project past this many arc scans per arc
  // (plus as many per 65,536 arcs, for small networks), and network simplex
  // solves instead, with a note in `Solution::notes`: the searches were not
  // local, and the simplex does not depend on that. Negative: never give up
  // (the searches are then unbounded in time on such networks).
  int64_t scan_budget_per_arc = 64;
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

  // Wall-clock limit of each `Solve`/`Resolve`, from its start; <= 0 (the
  // default) or not finite: none. See "Time limit" above.
  MinCostFlowSolver& set_time_limit(double seconds) {
    time_limit_seconds_ = seconds;
    return *this;
  }
  double time_limit() const { return time_limit_seconds_; }

  // How the solve runs: threads, parts, a callback (see `SolverOptions`).
  MinCostFlowSolver& set_options(SolverOptions options) {
    options_ = std::move(options);
    return *this;
  }
  const SolverOptions& options() const { return options_; }

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
  double time_limit_seconds_ = 0;
  SolverOptions options_;
};

// Re-solves one network whose topology stays fixed while its costs,
// capacities and supplies change (e.g. a matching session), keeping the
// compressed graph and the last solution between solves: a re-solve after a
// few changes costs a few sequential passes over the arcs plus shortest-path
// searches around the changes, instead of a cold solve.
// - `network` must outlive this object. Change it between solves with its
//   setters; if nodes or arcs are added, the next solve is cold.
// - Networks with lower bounds or infinite capacities are supported through
//   `MinCostFlowSolver::Resolve` (no kept graph).
// - Not thread-safe; one object per network.
class IncrementalMinCostFlow {
 public:
  explicit IncrementalMinCostFlow(const Network* network);
  ~IncrementalMinCostFlow();
  IncrementalMinCostFlow(const IncrementalMinCostFlow&) = delete;
  IncrementalMinCostFlow& operator=(const IncrementalMinCostFlow&) = delete;

  // Solves the network in its current state; the first call is cold. A
  // solve stopped by the time limit makes the next one cold.
  const Solution& Solve();

  // As `MinCostFlowSolver::set_time_limit`, for each later `Solve`.
  void set_time_limit(double seconds) { solver_.set_time_limit(seconds); }

 private:
  struct State;
  const Network* network_;
  MinCostFlowSolver solver_;
  Solution solution_;
  std::unique_ptr<State> state_;
};

// Convenience: `MinCostFlowSolver().Solve(network)`.
Solution SolveMinCostFlow(const Network& network);

}  // namespace passerelle::flow

#endif  // PASSERELLE_FLOW_MIN_COST_FLOW_H_
