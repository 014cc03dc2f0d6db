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
#include <exception>
#include <limits>
#include <span>
#include <vector>

#include "passerelle/internal/parallel.h"

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

  // Appends arcs in order, within one slice of `AddArcs`.
  class ArcWriter {
   public:
    // The next arc of the slice, lower bound 0; same contract as `AddArc`.
    void Add(NodeIndex tail, NodeIndex head, Flow capacity, Cost cost) {
      if (next_ == end_) Network::Overfilled();
      if (tail < 0 || tail >= net_->num_nodes()) net_->CheckNode(tail, "AddArcs.tail");
      if (head < 0 || head >= net_->num_nodes()) net_->CheckNode(head, "AddArcs.head");
      if (capacity < 0 || (capacity > kMaxMagnitude && capacity != kInfiniteCapacity) ||
          cost > kMaxMagnitude || cost < -kMaxMagnitude) {
        Network::CheckValues(0, capacity, cost, next_);
      }
      net_->tail_[next_] = tail;
      net_->head_[next_] = head;
      net_->capacity_[next_] = capacity;
      net_->cost_[next_] = cost;
      ++next_;
    }

   private:
    friend class Network;
    ArcWriter(Network* net, ArcIndex next, ArcIndex end) : net_(net), next_(next), end_(end) {}
    Network* net_;
    ArcIndex next_, end_;
  };

  // Adds `count` arcs at once, written on up to `threads` threads (0: every
  // core), and returns the index of the first. `fill(first, last, writer)`
  // is called once per slice [first, last) of [0, count), from any of these
  // threads, and must call `writer.Add` exactly `last - first` times: the
  // arcs num_arcs() + first, ... in order. For large networks: each thread
  // first touches the memory it fills. Throws `InvalidArgumentError` as
  // `AddArc` (or if a slice is not filled exactly), and rethrows what
  // `fill` throws; the network then is as before the call.
  template <typename Fill>
  ArcIndex AddArcs(int64_t count, int threads, const Fill& fill) {
    const ArcIndex first = num_arcs();
    GrowArcs(count);
    try {
      internal::ForSlices(internal::ResolveThreads(threads), count, [&](int64_t begin, int64_t end) {
        ArcWriter writer(this, static_cast<ArcIndex>(first + begin), static_cast<ArcIndex>(first + end));
        fill(static_cast<ArcIndex>(begin), static_cast<ArcIndex>(end), writer);
        if (writer.next_ != writer.end_) Underfilled();
      });
    } catch (...) {
      ShrinkArcs(first);
      throw;
    }
    return first;
  }

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
  std::span<const NodeIndex> tails() const { return tail_; }
  std::span<const NodeIndex> heads() const { return head_; }
  std::span<const Flow> lowers() const { return lower_; }
  std::span<const Flow> capacities() const { return capacity_; }
  std::span<const Cost> costs() const { return cost_; }
  std::span<const Flow> supplies() const { return supply_; }

 private:
  // Arc arrays whose growth by `GrowArcs` writes nothing.
  template <typename T>
  using ArcVector = std::vector<T, internal::UninitializedAllocator<T>>;

  void CheckNode(NodeIndex v, const char* what) const;
  void CheckArc(ArcIndex a, const char* what) const;
  // Throws for lower, capacity or cost out of their range (arc `arc`).
  static void CheckValues(Flow lower, Flow capacity, Cost cost, int64_t arc);
  [[noreturn]] static void Overfilled();
  [[noreturn]] static void Underfilled();
  void GrowArcs(int64_t count);  // by `count` arcs left unwritten
  void ShrinkArcs(ArcIndex count);

  ArcVector<NodeIndex> tail_;
  ArcVector<NodeIndex> head_;
  std::vector<Flow> lower_;  // empty while all lower bounds are 0
  ArcVector<Flow> capacity_;
  ArcVector<Cost> cost_;
  std::vector<Flow> supply_;
};

}  // namespace passerelle::flow

#endif  // PASSERELLE_FLOW_NETWORK_H_
