// Private to src/flow: the problem after preprocessing, shared by the
// algorithms.
#ifndef PASSERELLE_SRC_FLOW_INTERNAL_H_
#define PASSERELLE_SRC_FLOW_INTERNAL_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/flow/network.h"

namespace passerelle::flow::internal {

// The network with lower bounds shifted to 0 and infinite capacities replaced
// by a finite bound that no basic optimal flow reaches. Arc a carries
// `flow + lower(a)` in the original network.
// What the scan of the matching shape found (LooksLikeMatching,
// InitMatchingShape), kept with the problem so that the shape is read once
// per solve: not scanned yet, neither way round, as given, or mirrored; and
// for a match, the sink, the in-degrees without the arcs into it, and each
// source's direct arc to it (in the orientation found).
struct MatchingScan {
  enum class Result : uint8_t { kNotScanned, kNone, kStraight, kMirrored };
  Result result = Result::kNotScanned;
  NodeIndex sink = -1;
  std::vector<int32_t> in_degree;
  std::vector<ArcIndex> direct;
};

// See Prepared::small_flows.
inline constexpr Flow kSmallFlowBound = Flow{1} << 29;

struct Prepared {
  const Network* network = nullptr;
  // Per arc: capacity - lower; points into `network` when nothing changed.
  const Flow* capacity = nullptr;
  std::vector<Flow> owned_capacity;
  // Per node: supply after shifting lower bounds.
  std::vector<Flow> supply;
  Cost max_abs_cost = 0;
  bool has_infinite_capacity = false;  // an arc of kInfiniteCapacity
  // No infinite capacity, no lower bound, and the supplies' absolute values
  // plus the capacities sum to less than kSmallFlowBound: then no arc
  // carries more in any basis (a tree arc carries a subtree's supply and the
  // capacities of arcs at their upper bound), and network simplex keeps its
  // flows and capacities in 32 bits (Prepare sets it; tests clear it to
  // compare).
  bool small_flows = false;
  // Every cost fits 32 bits: network simplex keeps the real arcs' costs in 32
  // bits (Prepare sets it; tests clear it to compare).
  bool small_costs = false;
  // Network simplex prices blocks of factor * sqrt(m) arcs. Matching
  // networks (a hub sink, everyone competing for nearby openings) solve
  // fastest with small blocks (0.1: 2.2x faster than 1 on a 100,000 x 20,000
  // matcher network), general ones with sqrt(m) (sparse, grid and dense
  // families 1.3-6x slower at 0.1); see bench/RESULTS.md.
  double simplex_block_factor = 1.0;
  // Optional: part of each node (>= 0) or -1 for nodes shared by every part
  // (see SolverOptions::node_parts). Network simplex then numbers
  // nodes part by part and optimises each part's arcs in turn before pricing
  // every arc. Null or empty: no parts.
  const std::vector<int32_t>* node_parts = nullptr;
  // Threads network simplex may use (>= 1), on networks of at least
  // `parallel_min_arcs` arcs (see SolverOptions).
  int threads = 1;
  int64_t parallel_min_arcs = int64_t{1} << 20;
  // See SolverOptions::on_serial_phase (may be empty).
  std::function<void()> on_serial_phase;
  // Tests: network simplex checks its tree after each phase (every tree arc
  // of reduced cost 0, parents, subtree sizes and the preorder list
  // consistent) and throws std::logic_error if it is not.
  bool verify_tree = false;
  // Network simplex prices runs of at least `simd_min_run` consecutive arcs
  // with the processor's vector instructions when it has them (AVX-512):
  // national last phase (blocks of 690 arcs) 1.5-2 s faster; the parts'
  // blocks of about 110 arcs were no faster. false: the portable loop only
  // (tests compare the two, with short runs).
  bool simd = true;
  ArcIndex simd_min_run = 256;
  // Algorithms stop with kTimeLimit once the clock passes it.
  std::chrono::steady_clock::time_point deadline =
      std::chrono::steady_clock::time_point::max();

  // Filled by the first look at the matching shape (a memo: the problem is
  // otherwise read-only once prepared).
  mutable MatchingScan matching_scan;

  bool past_deadline() const {
    return deadline != std::chrono::steady_clock::time_point::max() &&
           std::chrono::steady_clock::now() > deadline;
  }

  NodeIndex num_nodes() const { return network->num_nodes(); }
  ArcIndex num_arcs() const { return network->num_arcs(); }
};

// Network simplex. On return `flow` (shifted) and `potential` hold an optimal
// solution when the result is kOptimal; `flow` holds a feasible one when it is
// kFeasible (time limit reached with the artificial arcs empty), and the real
// arcs' part of the pseudo-flow when it is kTimeLimit.
SolveStatus RunNetworkSimplex(const Prepared& problem, std::vector<Flow>& flow,
                              std::vector<Cost>& potential);

// Cost scaling (Goldberg's epsilon-scaling push-relabel, partial
// augment-relabel, global updates). Same contract as RunNetworkSimplex:
// shifted flows, lower bounds removed by Prepare. kOptimal: `flow` and
// exact integral `potential` (checked by CheckOptimality); kInfeasible;
// kTimeLimit: `flow` holds the pseudo-flow (within the capacities);
// kNotSolved: the run gave up (a price outside the 64-bit range it allows,
// or more than 2^31 residual arcs), the caller solves with network simplex.
SolveStatus RunCostScaling(const Prepared& problem, std::vector<Flow>& flow,
                           std::vector<Cost>& potential);

// Successive shortest paths from the pseudo-flow obtained from `flow`
// (shifted, clamped) and `potential` by making every arc satisfy
// complementary slackness. Both are inputs (any values are valid) and outputs.
// `warm`: `flow` and `potential` come from a previous solve; first move the
// potentials of nodes around violated arcs to limit the imbalance.
// `scan_budget` >= 0: give up with kNotSolved once the searches have scanned
// that many arc entries (the caller then falls back to network simplex).
SolveStatus RunSuccessiveShortestPaths(const Prepared& problem,
                                       std::vector<Flow>& flow,
                                       std::vector<Cost>& potential,
                                       bool warm = false,
                                       int64_t scan_budget = -1);

// Successive shortest paths kept alive between solves of networks with one
// topology (same nodes, arcs and endpoints): the incidence lists are built
// once, each `Solve` is a warm start from `flow` and `potential`.
class SspEngine {
 public:
  static std::unique_ptr<SspEngine> Create(const Prepared& problem);
  virtual ~SspEngine() = default;
  virtual SolveStatus Solve(const Prepared& problem, std::vector<Flow>& flow,
                            std::vector<Cost>& potential) = 0;
};

// After a time limit: turns the pseudo-flow `flow` (shifted, within the
// capacities) of an acyclic network into a feasible flow: surpluses go into
// a sink (a node with negative supply and no outgoing arc) or back towards
// the sources by lowering inflows, what remains by augmenting paths to a sink
// or a deficit, then deficits are passed down to a sink by lowering
// outflows. Returns false, leaving `flow` unspecified, when the network is
// cyclic or that does not balance every node (infeasible networks, or a
// deficit no lowering removes).
bool RepairAcyclic(const Prepared& problem, std::vector<Flow>& flow);

// Fills `problem` for `net`; returns kNotSolved to go on, or a final status
// (overflow risk, supplies not summing to zero).
SolveStatus Prepare(const Network& net, Prepared& problem);

// The tests of the matching shape (min_cost_flow.h) but acyclicity, which
// needs an adjacency: enough to choose network simplex's block size. Either
// way round: as given or mirrored (every arc reversed, supplies negated).
bool LooksLikeMatching(const Prepared& problem);

// If `problem` has the matching shape described in min_cost_flow.h, as given
// or mirrored, fills the starting flow and potentials of that shape (for the
// network as given) and returns true.
bool InitMatchingShape(const Prepared& problem, std::vector<Flow>& flow,
                       std::vector<Cost>& potential);

// Presolve: the same problem in the canonical form the algorithms recognise
// (the matching shape of min_cost_flow.h above all). Each rewrite is exact:
// - arcs of capacity 0 are dropped (flow 0);
// - a super-source (positive supply, no in-arc, two out-arcs or more whose
//   capacities sum to its supply) has every out-arc saturated in every feasible flow:
//   the arcs are fixed and their heads get the supply; likewise a super-sink;
// - a pass-through node (no supply, one out-arc at least as wide as all its
//   in-arcs together, e.g. an "unassigned" hub before the sink) is bypassed:
//   its in-arcs go to the out-arc's head at the summed cost; likewise a node
//   with one in-arc at least as wide as all its out-arcs; one level, so that
//   the node they lead to stays;
// - parallel arcs of equal cost (after bypassing) become one arc with the
//   summed bounds, when the arcs are listed by tail or by head and at least
//   1/64 of them merge;
// - a network with one source and several demand nodes is reversed when that
//   gives the matching shape (supplies negated, potentials negated back); a
//   matching turned round and nothing else is not rewritten (LooksLikeMatching
//   and InitMatchingShape read it mirrored).
struct Presolved {
  Network network;     // the canonical problem
  bool reversed = false;
  std::string note;    // what was rewritten, for `Solution::notes`
  // Per original node: its node in `network`, or -1.
  std::vector<NodeIndex> node;
  // Per original node: how it was treated (presolve.cc's NodeKind), and for a
  // bypassed node its one arc out (or in).
  std::vector<uint8_t> kind_of_node;
  std::vector<ArcIndex> via;
  // Per original arc: the arc of `network` carrying it (alone or merged with
  // parallel ones), or one of the codes below.
  std::vector<ArcIndex> arc;
};
inline constexpr ArcIndex kDropped = -1;  // capacity 0: flow 0
inline constexpr ArcIndex kForced = -2;   // saturated: flow = capacity
inline constexpr ArcIndex kDetour = -3;   // a bypassed node's own arc

// Fills `out` and returns true if the rewrite is worth solving instead of
// `net` (`prepared`, from `Prepare(net)`): when `net` is not the matching
// shape already and the rewrite gives it, fixes a super-source or super-sink,
// or removes at least 1/64 of the arcs. A few parallel arcs are left as they
// are (merging copies the network). O(n + m).
// `turn_mirrored`: a matching turned round is rewritten too, for algorithms
// that do not read it mirrored (cost scaling, about twice as slow on such a
// network as given; bench/RESULTS.md).
bool Presolve(const Network& net, const Prepared& prepared, Presolved& out, bool turn_mirrored = false);

// The solution of `net` from that of `pre.network`: flows in input order,
// potentials that certify optimality on `net` when `reduced` is optimal,
// the total cost on `net`, the presolve's note first among the notes.
Solution Restore(const Network& net, const Presolved& pre, Solution reduced);

}  // namespace passerelle::flow::internal

#endif  // PASSERELLE_SRC_FLOW_INTERNAL_H_
