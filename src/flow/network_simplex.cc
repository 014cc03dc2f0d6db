// Primal network simplex; see min_cost_flow.h for the method and references.
//
// Layout: real arcs 0..m-1, then one artificial arc per node joining it to an
// extra root node n. A node's tree arc is `pred_[v]`, to parent `parent_[v]`.
// The tree is also a preorder list (`thread_`, doubly linked) in which every
// subtree is a contiguous segment ending at `last_succ_[v]`, of `succ_num_[v]`
// nodes: a pivot splices the moved subtree in time linear in the stem it
// reverses and shifts its potentials by one sequential walk.
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
    int64_t pivots = InitialPivots();
    bool timed_out = false;
    while (true) {
      if ((pivots & 255) == 0 && problem_.past_deadline()) {
        timed_out = true;
        break;
      }
      const ArcIndex entering = FindEnteringArc();
      if (entering < 0) break;
      Pivot(entering);
      ++pivots;
    }
    if (std::getenv("PASSERELLE_FLOW_DEBUG")) {
      std::fprintf(stderr, "simplex: pivots=%lld\n", static_cast<long long>(pivots));
    }
    const NodeIndex n = problem_.num_nodes();
    const ArcIndex m = problem_.num_arcs();
    flow.resize(m);
    for (ArcIndex k = 0; k < m; ++k) flow[k] = flow_[position_[k]];
    potential.assign(pi_.begin(), pi_.begin() + n);
    // Flow left on an artificial arc: infeasible at the optimum; at the time
    // limit, `flow` is a pseudo-flow (the caller may repair it).
    for (NodeIndex v = 0; v < n; ++v) {
      if (flow_[m + v] != 0) return timed_out ? SolveStatus::kTimeLimit : SolveStatus::kInfeasible;
    }
    return timed_out ? SolveStatus::kFeasible : SolveStatus::kOptimal;
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
    // Internal arc order interleaves the input with a stride of about m / n,
    // so that each pricing block samples the whole network rather than the
    // arcs of a few neighbouring nodes (input order is often by tail).
    position_.resize(m);
    const ArcIndex stride = std::max<ArcIndex>(3, n > 0 ? m / n : 3);
    for (ArcIndex k = 0, i = 0, column = 0; k < m; ++k) {
      position_[k] = i;
      i += stride;
      if (i >= m) i = ++column;
    }
    for (ArcIndex k = 0; k < m; ++k) {
      const ArcIndex i = position_[k];
      src_[i] = net.tail(k);
      dst_[i] = net.head(k);
      cost_[i] = net.cost(k);
      cap_[i] = problem_.capacity[k];
    }

    // Big M: any cycle through the root costs at least M minus a simple path.
    const Cost big_m = (static_cast<Cost>(n) + 1) * (problem_.max_abs_cost + 1);
    const Flow art_cap = std::numeric_limits<Flow>::max() / 4;
    parent_.assign(n + 1, -1);
    pred_.assign(n + 1, -1);
    pi_.assign(n + 1, 0);
    thread_.assign(n + 1, 0);
    rev_thread_.assign(n + 1, 0);
    succ_num_.assign(n + 1, 1);
    last_succ_.assign(n + 1, 0);
    // Preorder: root, 0, 1, ..., n - 1, back to root.
    for (NodeIndex v = 0; v <= n; ++v) {
      const NodeIndex next = v == root_ ? (n > 0 ? 0 : root_) : (v + 1 < n ? v + 1 : root_);
      thread_[v] = next;
      rev_thread_[next] = v;
      last_succ_[v] = v;
    }
    succ_num_[root_] = n + 1;
    last_succ_[root_] = n > 0 ? n - 1 : root_;
    for (NodeIndex v = 0; v < n; ++v) {
      const ArcIndex a = m + v;
      const Flow b = problem_.supply[v];
      cap_[a] = art_cap;
      state_[a] = kStateTree;
      // Only the arcs into demand nodes cost M: a path through the root then
      // costs M, still more than any simple path of real arcs.
      if (b >= 0) {  // v -> root, so that v can always push flow up
        src_[a] = v;
        dst_[a] = root_;
        flow_[a] = b;
        cost_[a] = 0;
        pi_[v] = 0;
      } else {
        src_[a] = root_;
        dst_[a] = v;
        flow_[a] = -b;
        cost_[a] = big_m;
        pi_[v] = big_m;
      }
      parent_[v] = root_;
      pred_[v] = a;
    }
    block_size_ = std::max<ArcIndex>(
        10, static_cast<ArcIndex>(problem_.simplex_block_factor * std::sqrt(static_cast<double>(m))));
    next_arc_ = 0;
  }

  // Warm-up: pivots on the cheapest arc entering each demand node, when it
  // is eligible. They route supply along cheap arcs before the general
  // search, which otherwise spends many pivots dismantling the big-M
  // artificial paths (an idea from LEMON's NetworkSimplex).
  int64_t InitialPivots() {
    const NodeIndex n = problem_.num_nodes();
    const ArcIndex m = problem_.num_arcs();
    std::vector<ArcIndex> cheapest(n, -1);
    for (ArcIndex a = 0; a < m; ++a) {
      const NodeIndex h = dst_[a];
      if (problem_.supply[h] < 0 && src_[a] != h && cap_[a] > 0 &&
          (cheapest[h] < 0 || cost_[a] < cost_[cheapest[h]])) {
        cheapest[h] = a;
      }
    }
    int64_t pivots = 0;
    for (NodeIndex v = 0; v < n; ++v) {
      const ArcIndex a = cheapest[v];
      if (a >= 0 && state_[a] * ReducedCost(a) < 0) {
        Pivot(a);
        ++pivots;
      }
    }
    return pivots;
  }

  Cost ReducedCost(ArcIndex a) const {
    return cost_[a] + pi_[src_[a]] - pi_[dst_[a]];
  }

  // Block search: scans blocks of `block_size_` arcs cyclically and returns the
  // most violating arc of the first block that has one, or -1 if optimal.
  // Artificial arcs are never priced: once out of the tree they stay out,
  // which keeps the big-M argument (the problem restricted to the real arcs
  // and the artificial arcs still in the tree has the same optimum when the
  // real problem is feasible) and avoids pivots that re-hang whole subtrees
  // of the root.
  ArcIndex FindEnteringArc() {
    const ArcIndex total = problem_.num_arcs();
    if (total == 0) return -1;
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
    while (x != y) {
      if (succ_num_[x] < succ_num_[y]) {
        x = parent_[x];
      } else {
        y = parent_[y];
      }
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

    MoveSubtree(in_node, out_node, leaving_node, entering, join, shift);
  }

  // Re-hangs the subtree rooted at `top` (whose tree arc leaves the basis)
  // from `out_node` through `entering`, re-rooted at `in_node`, a node of
  // that subtree: the stem in_node = x_0, ..., x_k = top is reversed.
  void MoveSubtree(NodeIndex in_node, NodeIndex out_node, NodeIndex top,
                   ArcIndex entering, NodeIndex join, Cost shift) {
    // Old values along the stem, read before any change.
    stem_.clear();
    for (NodeIndex v = in_node;; v = parent_[v]) {
      stem_.push_back({v, parent_[v], pred_[v], succ_num_[v], last_succ_[v],
                       rev_thread_[v], thread_[last_succ_[v]]});
      if (v == top) break;
    }
    const int32_t size = succ_num_[top];
    const NodeIndex old_last = last_succ_[top];
    const NodeIndex old_parent = parent_[top];

    // 1. Cut the segment [top, old_last] out of the preorder list.
    const NodeIndex before = rev_thread_[top];
    const NodeIndex after = thread_[old_last];
    Link(before, after);

    // 2. New preorder of the subtree: x_0's old segment, then for each
    //    i >= 1, x_i's old segment without x_{i-1}'s.
    NodeIndex tail = stem_[0].last;
    for (size_t i = 1; i < stem_.size(); ++i) {
      const StemNode& cur = stem_[i];
      const StemNode& prev = stem_[i - 1];
      Link(tail, cur.node);
      const NodeIndex end_first_part = prev.rev_thread;
      if (prev.last != cur.last) {
        Link(end_first_part, prev.after_last);
        tail = cur.last;
      } else {
        tail = end_first_part;
      }
    }

    // 3. Splice it right after `out_node`.
    const NodeIndex out_next = thread_[out_node];
    Link(out_node, in_node);
    Link(tail, out_next);

    // 4. Parents and tree arcs along the stem.
    parent_[in_node] = out_node;
    pred_[in_node] = entering;
    for (size_t i = 1; i < stem_.size(); ++i) {
      parent_[stem_[i].node] = stem_[i - 1].node;
      pred_[stem_[i].node] = stem_[i - 1].pred;
    }

    // 5. Subtree sizes: the stem, then both paths up to the join.
    int32_t below = 0;
    for (size_t i = stem_.size() - 1; i >= 1; --i) {
      below += stem_[i].succ_num - stem_[i - 1].succ_num;
      succ_num_[stem_[i].node] = below;
    }
    succ_num_[in_node] = size;
    for (NodeIndex v = old_parent; v != join; v = parent_[v]) succ_num_[v] -= size;
    for (NodeIndex v = out_node; v != join; v = parent_[v]) succ_num_[v] += size;

    // 6. Last successors: the stem ends at `tail`; old ancestors that ended
    //    with the subtree now end at `before`; new ancestors that ended at
    //    `out_node` (a leaf until now) end at `tail`.
    for (const StemNode& x : stem_) last_succ_[x.node] = tail;
    for (NodeIndex v = old_parent; v >= 0 && last_succ_[v] == old_last; v = parent_[v]) {
      last_succ_[v] = before;
    }
    if (last_succ_[out_node] == out_node) {
      for (NodeIndex v = out_node; v >= 0 && last_succ_[v] == out_node; v = parent_[v]) {
        last_succ_[v] = tail;
      }
    }

    // 7. Potentials of the moved subtree.
    for (NodeIndex v = in_node;; v = thread_[v]) {
      pi_[v] += shift;
      if (v == tail) break;
    }
  }

  void Link(NodeIndex u, NodeIndex v) {
    thread_[u] = v;
    rev_thread_[v] = u;
  }

  struct StemNode {
    NodeIndex node;
    NodeIndex parent;
    ArcIndex pred;
    int32_t succ_num;
    NodeIndex last;
    NodeIndex rev_thread;
    NodeIndex after_last;
  };

  const Prepared& problem_;
  NodeIndex root_ = 0;
  std::vector<NodeIndex> src_, dst_;
  std::vector<Cost> cost_;
  std::vector<Flow> cap_, flow_;
  std::vector<int8_t> state_;
  std::vector<ArcIndex> position_;  // input arc -> internal arc
  std::vector<NodeIndex> parent_;
  std::vector<ArcIndex> pred_;
  std::vector<Cost> pi_;
  std::vector<NodeIndex> thread_, rev_thread_, last_succ_;
  std::vector<int32_t> succ_num_;
  std::vector<StemNode> stem_;
  ArcIndex block_size_ = 0;
  ArcIndex next_arc_ = 0;
};

}  // namespace

SolveStatus RunNetworkSimplex(const Prepared& problem, std::vector<Flow>& flow,
                              std::vector<Cost>& potential) {
  NetworkSimplex simplex(problem);
  return simplex.Run(flow, potential);
}

}  // namespace passerelle::flow::internal
