// Primal network simplex; see min_cost_flow.h for the method and references.
//
// Layout: real arcs 0..m-1, then one artificial arc per node joining it to an
// extra root node n. A node's tree arc is `pred_[v]`, to parent `parent_[v]`;
// children are kept in doubly linked sibling lists so that a pivot can move a
// subtree in time linear in its size.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <vector>

#include "internal.h"

namespace passerelle::flow::internal {
namespace {

constexpr int8_t kStateTree = 0;
constexpr int8_t kStateLower = 1;   // nontree, flow 0: eligible if rc < 0
constexpr int8_t kStateUpper = -1;  // nontree, flow = cap: eligible if rc > 0

class NetworkSimplex {
 public:
  explicit NetworkSimplex(const Prepared& problem) : problem_(problem) {}

  SolveStatus Run(std::vector<Flow>& flow, std::vector<Cost>& potential) {
    Init();
    int64_t pivots = 0;
    while (true) {
      const ArcIndex entering = FindEnteringArc();
      if (entering < 0) break;
      Pivot(entering);
      ++pivots;
    }
    if (std::getenv("PASSERELLE_FLOW_DEBUG")) {
      std::fprintf(stderr, "simplex: pivots=%lld subtree=%lld path=%lld\n",
                   static_cast<long long>(pivots), static_cast<long long>(subtree_work_),
                   static_cast<long long>(path_work_));
    }
    const NodeIndex n = problem_.num_nodes();
    const ArcIndex m = problem_.num_arcs();
    for (NodeIndex v = 0; v < n; ++v) {
      if (flow_[m + v] != 0) return SolveStatus::kInfeasible;
    }
    flow.assign(flow_.begin(), flow_.begin() + m);
    potential.assign(pi_.begin(), pi_.begin() + n);
    return SolveStatus::kOptimal;
  }

 private:
  void Init() {
    const NodeIndex n = problem_.num_nodes();
    const ArcIndex m = problem_.num_arcs();
    const Network& net = *problem_.network;
    root_ = n;
    const ArcIndex total = m + n;
    src_.resize(total);
    dst_.resize(total);
    cost_.resize(total);
    cap_.resize(total);
    flow_.assign(total, 0);
    state_.assign(total, kStateLower);
    std::copy(net.tails().begin(), net.tails().end(), src_.begin());
    std::copy(net.heads().begin(), net.heads().end(), dst_.begin());
    std::copy(net.costs().begin(), net.costs().end(), cost_.begin());
    std::copy(problem_.capacity, problem_.capacity + m, cap_.begin());

    // Big M: any cycle through the root costs at least 2M minus a simple path.
    const Cost big_m = (static_cast<Cost>(n) + 1) * (problem_.max_abs_cost + 1);
    const Flow art_cap = std::numeric_limits<Flow>::max() / 4;
    parent_.assign(n + 1, -1);
    pred_.assign(n + 1, -1);
    depth_.assign(n + 1, 0);
    pi_.assign(n + 1, 0);
    first_child_.assign(n + 1, -1);
    next_sibling_.assign(n + 1, -1);
    prev_sibling_.assign(n + 1, -1);
    for (NodeIndex v = 0; v < n; ++v) {
      const ArcIndex a = m + v;
      const Flow b = problem_.supply[v];
      cost_[a] = big_m;
      cap_[a] = art_cap;
      state_[a] = kStateTree;
      if (b >= 0) {  // v -> root, so that v can always push flow up
        src_[a] = v;
        dst_[a] = root_;
        flow_[a] = b;
        pi_[v] = -big_m;
      } else {
        src_[a] = root_;
        dst_[a] = v;
        flow_[a] = -b;
        pi_[v] = big_m;
      }
      parent_[v] = root_;
      pred_[v] = a;
      depth_[v] = 1;
      AddChild(root_, v);
    }
    block_size_ = std::max<ArcIndex>(
        10, static_cast<ArcIndex>(std::sqrt(static_cast<double>(total))));
    next_arc_ = 0;
  }

  Cost ReducedCost(ArcIndex a) const {
    return cost_[a] + pi_[src_[a]] - pi_[dst_[a]];
  }

  // Block search: scans blocks of `block_size_` arcs cyclically and returns the
  // most violating arc of the first block that has one, or -1 if optimal.
  ArcIndex FindEnteringArc() {
    const ArcIndex total = static_cast<ArcIndex>(src_.size());
    Cost best = 0;
    ArcIndex best_arc = -1;
    ArcIndex count = block_size_;
    ArcIndex a = next_arc_;
    for (ArcIndex scanned = 0; scanned < total; ++scanned) {
      const Cost violation = state_[a] * ReducedCost(a);
      if (violation < best) {
        best = violation;
        best_arc = a;
      }
      if (++a == total) a = 0;
      if (--count == 0) {
        if (best_arc >= 0) break;
        count = block_size_;
      }
    }
    next_arc_ = a;
    return best_arc;
  }

  bool PredPointsUp(NodeIndex v) const { return src_[pred_[v]] == v; }

  void Pivot(ArcIndex entering) {
    NodeIndex first, second;
    if (state_[entering] == kStateLower) {
      first = src_[entering];
      second = dst_[entering];
    } else {
      first = dst_[entering];
      second = src_[entering];
    }
    // Apex of the cycle.
    NodeIndex x = first, y = second;
    while (depth_[x] > depth_[y]) x = parent_[x];
    while (depth_[y] > depth_[x]) y = parent_[y];
    while (x != y) {
      x = parent_[x];
      y = parent_[y];
      ++path_work_;
    }
    const NodeIndex join = x;

    // Flow goes join -> first (down), first -> second (entering arc),
    // second -> join (up). Leaving arc: last blocking arc in that order.
    Flow delta = std::numeric_limits<Flow>::max();
    NodeIndex leaving_node = -1;  // -1 = entering arc itself
    bool leaving_on_first = false;
    for (NodeIndex v = first; v != join; v = parent_[v]) {
      const ArcIndex a = pred_[v];
      const Flow residual = PredPointsUp(v) ? flow_[a] : cap_[a] - flow_[a];
      if (residual < delta) {
        delta = residual;
        leaving_node = v;
        leaving_on_first = true;
      }
    }
    if (cap_[entering] <= delta) {
      delta = cap_[entering];
      leaving_node = -1;
    }
    for (NodeIndex v = second; v != join; v = parent_[v]) {
      const ArcIndex a = pred_[v];
      const Flow residual = PredPointsUp(v) ? cap_[a] - flow_[a] : flow_[a];
      if (residual <= delta) {
        delta = residual;
        leaving_node = v;
        leaving_on_first = false;
      }
    }

    if (delta > 0) {
      for (NodeIndex v = first; v != join; v = parent_[v]) {
        flow_[pred_[v]] += PredPointsUp(v) ? -delta : delta;
      }
      for (NodeIndex v = second; v != join; v = parent_[v]) {
        flow_[pred_[v]] += PredPointsUp(v) ? delta : -delta;
      }
      flow_[entering] += state_[entering] == kStateLower ? delta : -delta;
    }

    if (leaving_node < 0) {
      state_[entering] = -state_[entering];
      return;
    }

    const ArcIndex leaving = pred_[leaving_node];
    state_[leaving] = flow_[leaving] == 0 ? kStateLower : kStateUpper;
    state_[entering] = kStateTree;

    // The subtree under the leaving arc contains `in_node`; re-hang it from
    // `out_node` through the entering arc, reversing the path in_node ->
    // leaving_node.
    const NodeIndex in_node = leaving_on_first ? first : second;
    const NodeIndex out_node = leaving_on_first ? second : first;
    const Cost rc = ReducedCost(entering);
    const Cost shift = dst_[entering] == in_node ? rc : -rc;

    NodeIndex new_parent = out_node;
    ArcIndex new_pred = entering;
    NodeIndex v = in_node;
    while (true) {
      const NodeIndex old_parent = parent_[v];
      const ArcIndex old_pred = pred_[v];
      RemoveChild(old_parent, v);
      parent_[v] = new_parent;
      pred_[v] = new_pred;
      AddChild(new_parent, v);
      if (v == leaving_node) break;
      new_parent = v;
      new_pred = old_pred;
      v = old_parent;
    }
    UpdateSubtree(in_node, depth_[out_node] + 1, shift);
  }

  // Preorder walk of the subtree of `top`: depths and potentials.
  void UpdateSubtree(NodeIndex top, int32_t top_depth, Cost shift) {
    depth_[top] = top_depth;
    pi_[top] += shift;
    ++subtree_work_;
    NodeIndex v = top;
    while (true) {
      if (first_child_[v] >= 0) {
        const NodeIndex c = first_child_[v];
        ++subtree_work_;
        depth_[c] = depth_[v] + 1;
        pi_[c] += shift;
        v = c;
        continue;
      }
      while (v != top && next_sibling_[v] < 0) v = parent_[v];
      if (v == top) return;
      const NodeIndex s = next_sibling_[v];
      ++subtree_work_;
      depth_[s] = depth_[v];
      pi_[s] += shift;
      v = s;
    }
  }

  void AddChild(NodeIndex p, NodeIndex c) {
    const NodeIndex old = first_child_[p];
    next_sibling_[c] = old;
    prev_sibling_[c] = -1;
    if (old >= 0) prev_sibling_[old] = c;
    first_child_[p] = c;
  }

  void RemoveChild(NodeIndex p, NodeIndex c) {
    const NodeIndex prev = prev_sibling_[c];
    const NodeIndex next = next_sibling_[c];
    if (prev >= 0) {
      next_sibling_[prev] = next;
    } else {
      first_child_[p] = next;
    }
    if (next >= 0) prev_sibling_[next] = prev;
  }

  const Prepared& problem_;
  NodeIndex root_ = 0;
  std::vector<NodeIndex> src_, dst_;
  std::vector<Cost> cost_;
  std::vector<Flow> cap_, flow_;
  std::vector<int8_t> state_;
  std::vector<NodeIndex> parent_;
  std::vector<ArcIndex> pred_;
  std::vector<int32_t> depth_;
  std::vector<Cost> pi_;
  std::vector<NodeIndex> first_child_, next_sibling_, prev_sibling_;
  ArcIndex block_size_ = 0;
  int64_t subtree_work_ = 0;
  int64_t path_work_ = 0;
  ArcIndex next_arc_ = 0;
};

}  // namespace

SolveStatus RunNetworkSimplex(const Prepared& problem, std::vector<Flow>& flow,
                              std::vector<Cost>& potential) {
  NetworkSimplex simplex(problem);
  return simplex.Run(flow, potential);
}

}  // namespace passerelle::flow::internal
