// A directed network for min-cost flow: nodes with supplies, arcs with lower
// bounds, capacities and costs.
//
// Problem. Given a directed graph G = (V, A), a supply b(v) per node (positive
// = source, negative = sink), and per arc a = (u, v) a lower bound l(a), a
// capacity c(a) >= l(a) and a cost w(a), find a flow f minimising
// sum_a w(a) f(a) subject to l(a) <= f(a) <= c(a) and, for every node,
//   sum_{a leaving v} f(a) - sum_{a entering v} f(a) = b(v).
// Conservation is an *equality*: every unit of supply must be routed, so a
// feasible problem has supplies summing to zero (LEMON's `EQ` supply type).
//
// Representation. `Network` stores arcs as flat arrays (structure of arrays,
// 32-bit indices, 64-bit costs and capacities) in the order they were added;
// solvers build their own compressed (CSR) adjacency once per solve. Lower
// bounds take no memory until the first nonzero one is added. Memory is
// 24 bytes per arc plus 8 per node (32 per arc with lower bounds).
//
// Capacities equal to `kInfiniteCapacity` mean "no upper bound". A problem with
// a negative-cost directed cycle made of such arcs is unbounded.
#ifndef PASSERELLE_FLOW_NETWORK_H_
#define PASSERELLE_FLOW_NETWORK_H_

#include <cstdint>
#include <limits>
#include <vector>

namespace passerelle::flow {

using NodeIndex = int32_t;
using ArcIndex = int32_t;
using Cost = int64_t;
using Flow = int64_t;

// Capacity of an arc without upper bound.
inline constexpr Flow kInfiniteCapacity = std::numeric_limits<Flow>::max();

// Largest magnitude accepted for a single cost, supply or finite capacity
// (2^62). Sums over the whole network are checked by the solver, which
// reports `SolveStatus::kOverflowRisk` instead of wrapping around.
inline constexpr int64_t kMaxMagnitude = int64_t{1} << 62;

class Network {
 public:
  // A network with `num_nodes` nodes of supply 0 and no arcs.
  // - Throws `InvalidArgumentError` if `num_nodes` < 0.
  explicit Network(NodeIndex num_nodes = 0);

  // Adds a node of supply 0 and returns its index (= previous `num_nodes()`).
  NodeIndex AddNode();

  // Adds arc `tail` -> `head` and returns its index (= previous `num_arcs()`).
  // - `0 <= lower <= capacity`; `capacity` may be `kInfiniteCapacity`.
  // - Self-loops and parallel arcs are allowed.
  // - Throws `InvalidArgumentError` naming the argument otherwise.
  ArcIndex AddArc(NodeIndex tail, NodeIndex head, Flow lower, Flow capacity,
                  Cost cost);
  // Same with lower bound 0.
  ArcIndex AddArc(NodeIndex tail, NodeIndex head, Flow capacity, Cost cost) {
    return AddArc(tail, head, 0, capacity, cost);
  }

  // Sets the supply of `node` (positive = source, negative = sink).
  void SetSupply(NodeIndex node, Flow supply);

  // Setters for warm re-solves; same contracts as `AddArc`.
  void SetCapacity(ArcIndex arc, Flow capacity);
  void SetLower(ArcIndex arc, Flow lower);
  void SetCost(ArcIndex arc, Cost cost);

  // Reserves memory for `nodes` nodes and `arcs` arcs in total.
  void Reserve(NodeIndex nodes, ArcIndex arcs);

  NodeIndex num_nodes() const { return static_cast<NodeIndex>(supply_.size()); }
  ArcIndex num_arcs() const { return static_cast<ArcIndex>(tail_.size()); }
  NodeIndex tail(ArcIndex a) const { return tail_[a]; }
  NodeIndex head(ArcIndex a) const { return head_[a]; }
  Flow lower(ArcIndex a) const { return lower_.empty() ? 0 : lower_[a]; }
  Flow capacity(ArcIndex a) const { return capacity_[a]; }
  Cost cost(ArcIndex a) const { return cost_[a]; }
  Flow supply(NodeIndex v) const { return supply_[v]; }
  bool has_lower_bounds() const { return !lower_.empty(); }

  // Raw arrays, indexed by arc or node; `lowers()` is empty when every lower
  // bound is 0.
  const std::vector<NodeIndex>& tails() const { return tail_; }
  const std::vector<NodeIndex>& heads() const { return head_; }
  const std::vector<Flow>& lowers() const { return lower_; }
  const std::vector<Flow>& capacities() const { return capacity_; }
  const std::vector<Cost>& costs() const { return cost_; }
  const std::vector<Flow>& supplies() const { return supply_; }

 private:
  void CheckNode(NodeIndex v, const char* what) const;
  void CheckArc(ArcIndex a, const char* what) const;

  std::vector<NodeIndex> tail_;
  std::vector<NodeIndex> head_;
  std::vector<Flow> lower_;  // empty while all lower bounds are 0
  std::vector<Flow> capacity_;
  std::vector<Cost> cost_;
  std::vector<Flow> supply_;
};

}  // namespace passerelle::flow

#endif  // PASSERELLE_FLOW_NETWORK_H_
