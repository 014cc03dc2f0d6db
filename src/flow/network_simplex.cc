// Primal network simplex; see min_cost_flow.h for the method and references.
//
// Layout: real arcs 0..m-1, then one artificial arc per node joining it to an
// extra root node n. A node's tree arc is `pred_[v]`, to parent `parent_[v]`.
// The tree is also a preorder list (`thread_`, doubly linked) in which every
// subtree is a contiguous segment ending at `last_succ_[v]`, of `succ_num_[v]`
// nodes: a pivot splices the moved subtree in time linear in the stem it
// reverses and shifts its potentials by one sequential walk.
#include <algorithm>
#include <chrono>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <vector>

#include "internal.h"
#include "passerelle/internal/parallel.h"

namespace passerelle::flow::internal {
namespace {

constexpr int8_t kStateTree = 0;
constexpr int8_t kStateLower = 1;   // nontree, flow 0: eligible if rc < 0
constexpr int8_t kStateUpper = -1;  // nontree, flow = cap: eligible if rc > 0
constexpr Cost kRootDriftLimit = Cost{1} << 60;
template <typename T>
using ArcArray = std::vector<T, passerelle::internal::UninitializedAllocator<T>>;

class NetworkSimplex {
 public:
  explicit NetworkSimplex(const Prepared& problem)
      : problem_(problem),
        threads_(problem.num_arcs() >= problem.parallel_min_arcs ? std::max(1, problem.threads) : 1) {}

  SolveStatus Run(std::vector<Flow>& flow, std::vector<Cost>& potential) {
    Init();
    if (debug_) std::fprintf(stderr, "simplex: init %.3f s\n", Elapsed());
    int64_t pivots = InitialPivots();
    if (debug_) std::fprintf(stderr, "simplex: %lld initial pivots, %.3f s\n", static_cast<long long>(pivots), Elapsed());
    bool timed_out = false;
    while (true) {
      if ((pivots & 255) == 0 && problem_.past_deadline()) {
        timed_out = true;
        break;
      }
      const ArcIndex entering = FindEnteringArc();
      if (entering < 0) {
        // This phase's arcs are optimal: go on with the next part, and
        // finally with every arc (only that last search proves optimality).
        if (phase_ + 1 < static_cast<int32_t>(phase_begin_.size())) {
          if (debug_) {
            std::fprintf(stderr, "simplex: phase %d done (%lld arcs), pivots=%lld, %.3f s\n", phase_,
                         static_cast<long long>(range_end_ - range_begin_), static_cast<long long>(pivots), Elapsed());
          }
          StartPhase(phase_ + 1);
          continue;
        }
        break;
      }
      Pivot(entering);
      ++pivots;
    }
    if (debug_) {
      std::fprintf(stderr, "simplex: pivots=%lld, %.3f s\n", static_cast<long long>(pivots), Elapsed());
    }
    const NodeIndex n = problem_.num_nodes();
    const ArcIndex m = problem_.num_arcs();
    NormalisePotentials();  // root at 0, as the caller expects
    flow.resize(m);
    for (ArcIndex k = 0; k < m; ++k) flow[k] = flow_[position_[k]];
    potential.resize(n);
    for (NodeIndex v = 0; v < n; ++v) potential[v] = pi_[internal_node_[v]];
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
    phase_end_.clear();
    // Numbering first: its temporaries are freed before the arc arrays are
    // allocated (the set-up's peak is the process's peak on large matching
    // runs).
    NumberNodesAndArcs();
    if (debug_) std::fprintf(stderr, "simplex: init numbering %.3f s\n", Elapsed());
    src_.resize(total);
    dst_.resize(total);
    cost_.resize(total);
    cap_.resize(total);
    flow_.resize(total);
    state_.resize(total);
    position_.resize(m);
    // Gathered in internal order: the reads follow a few sequential streams
    // (one per interleaving column), the writes are sequential.
    passerelle::internal::ForSlices(threads_, m, [&](ArcIndex begin, ArcIndex end) {
      for (ArcIndex i = begin; i < end; ++i) {
        const ArcIndex k = order_[i];
        src_[i] = internal_node_[net.tail(k)];
        dst_[i] = internal_node_[net.head(k)];
        cost_[i] = net.cost(k);
        cap_[i] = problem_.capacity[k];
        flow_[i] = 0;
        state_[i] = kStateLower;
        position_[k] = static_cast<ArcSlot>(i);
      }
    });
    if (debug_) std::fprintf(stderr, "simplex: init arcs %.3f s\n", Elapsed());
    order_.clear();
    order_.shrink_to_fit();

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
      const Flow b = supply_[v];
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
    StartPhase(0);
  }

  // Internal numbering. Without parts: nodes as in the input; arcs
  // interleaved with a stride of about m / n, so that each pricing block
  // samples the whole network rather than the arcs of a few neighbouring
  // nodes (input order is often by tail). With parts: shared nodes first,
  // then each part's nodes (so a part's tree data is contiguous in memory);
  // arcs grouped as phases: arcs between shared nodes, then each part's arcs
  // (both ends in the part or shared), each group interleaved as above; the
  // arcs joining two parts come last and are priced only by the final phase,
  // which covers every arc.
  void NumberNodesAndArcs() {
    const NodeIndex n = problem_.num_nodes();
    const ArcIndex m = problem_.num_arcs();
    const Network& net = *problem_.network;
    const std::vector<int32_t>* parts = problem_.node_parts;
    if (parts != nullptr && static_cast<NodeIndex>(parts->size()) != n) parts = nullptr;
    // Part numbers at or past n cannot be a numbering of n nodes' parts (and
    // would size the tables below): ignore such a hint.
    if (parts != nullptr && std::any_of(parts->begin(), parts->end(), [n](int32_t p) { return p >= n; })) {
      parts = nullptr;
    }
    internal_node_.resize(n);
    supply_.resize(n);
    phase_begin_.clear();
    order_.resize(m);
    // Slots begin + column + row * stride take the group's arcs column by
    // column: column c holds ceil((count - c) / stride) consecutive arcs.
    auto interleave = [&](ArcIndex begin, ArcIndex count, NodeIndex nodes, auto&& arc_at) {
      const ArcIndex stride = std::max<ArcIndex>(3, nodes > 0 ? count / nodes : 3);
      const ArcIndex columns = std::min(stride, count);
      std::vector<ArcIndex> column_start(columns);
      for (ArcIndex c = 0, start = 0; c < columns; ++c) {
        column_start[c] = start;
        start += (count - c + stride - 1) / stride;
      }
      for (ArcIndex i = 0, row = 0, column = 0; i < count; ++i) {
        order_[begin + i] = static_cast<ArcSlot>(arc_at(column_start[column] + row));
        if (++column == stride) {
          column = 0;
          ++row;
        }
      }
    };
    if (parts == nullptr) {
      for (NodeIndex v = 0; v < n; ++v) internal_node_[v] = v;
      for (NodeIndex v = 0; v < n; ++v) supply_[v] = problem_.supply[v];
      interleave(0, m, n, [](ArcIndex k) { return k; });
      phase_begin_.push_back(0);
      return;
    }
    int32_t num_parts = 0;
    for (const int32_t p : *parts) num_parts = std::max(num_parts, p + 1);
    // Nodes: group g = part + 1 (0: shared), stable within a group.
    std::vector<NodeIndex> node_start(num_parts + 2, 0);
    for (NodeIndex v = 0; v < n; ++v) ++node_start[std::max(-1, (*parts)[v]) + 2];
    for (int32_t g = 1; g <= num_parts + 1; ++g) node_start[g] += node_start[g - 1];
    std::vector<NodeIndex> next_node(node_start.begin(), node_start.end() - 1);
    for (NodeIndex v = 0; v < n; ++v) {
      const NodeIndex iv = next_node[std::max(-1, (*parts)[v]) + 1]++;
      internal_node_[v] = iv;
      supply_[iv] = problem_.supply[v];
    }
    // Arcs: group 0 shared-shared, p + 1 part p, num_parts + 1 crossing.
    const int32_t groups = num_parts + 2;
    auto group_of = [&](ArcIndex k) {
      const int32_t pt = std::max(-1, (*parts)[net.tail(k)]);
      const int32_t ph = std::max(-1, (*parts)[net.head(k)]);
      if (pt == ph || ph < 0) return pt + 1;
      if (pt < 0) return ph + 1;
      return groups - 1;
    };
    std::vector<ArcIndex> arc_start(groups + 1, 0);
    for (ArcIndex k = 0; k < m; ++k) ++arc_start[group_of(k) + 1];
    for (int32_t g = 1; g <= groups; ++g) arc_start[g] += arc_start[g - 1];
    std::vector<ArcSlot> by_group(m);
    {
      std::vector<ArcIndex> next(arc_start.begin(), arc_start.end() - 1);
      for (ArcIndex k = 0; k < m; ++k) by_group[next[group_of(k)]++] = static_cast<ArcSlot>(k);
    }
    for (int32_t g = 0; g < groups; ++g) {
      const ArcIndex begin = arc_start[g];
      const ArcIndex count = arc_start[g + 1] - begin;
      const NodeIndex nodes = g < groups - 1 ? node_start[g + 1] - node_start[g] : n;
      interleave(begin, count, nodes, [&](ArcIndex k) { return by_group[begin + k]; });
      // A phase per non-empty group but the crossing arcs, then all arcs.
      if (g < groups - 1 && count > 0) {
        phase_begin_.push_back(begin);
        phase_end_.push_back(begin + count);
      }
    }
    phase_begin_.push_back(0);
  }

  // Prices the arcs [phase_begin_[p], phase_end_[p]) (the last phase: all)
  // in blocks of factor * sqrt(arcs priced).
  void StartPhase(int32_t p) {
    phase_ = p;
    const bool last = p + 1 == static_cast<int32_t>(phase_begin_.size());
    range_begin_ = last ? 0 : phase_begin_[p];
    range_end_ = last ? problem_.num_arcs() : phase_end_[p];
    block_size_ = std::max<ArcIndex>(
        10, static_cast<ArcIndex>(problem_.simplex_block_factor *
                                  std::sqrt(static_cast<double>(range_end_ - range_begin_))));
    next_arc_ = range_begin_;
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
      if (supply_[h] < 0 && src_[a] != h && cap_[a] > 0 &&
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

  double Elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
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
    const ArcIndex total = range_end_ - range_begin_;
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
      if (++a == range_end_) a = range_begin_;
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

    // 7. Potentials: only differences matter, so shift the moved subtree
    //    or, when it holds most nodes, every other node the other way (the
    //    rest of the circular preorder list, root included). Late in a solve
    //    the subtree under the sink can hold nearly every node while a few
    //    candidates still hang from the root: each pivot through the root
    //    would otherwise walk the whole network.
    if (2 * static_cast<int64_t>(size) <= static_cast<int64_t>(root_) + 1) {
      for (NodeIndex v = in_node;; v = thread_[v]) {
        pi_[v] += shift;
        if (v == tail) break;
      }
    } else {
      for (NodeIndex v = thread_[tail]; v != in_node; v = thread_[v]) pi_[v] -= shift;
      // The root's potential drifts by the shifts; bring it back to 0 long
      // before |pi| nears overflow (differences are bounded by Prepare's
      // 8 (n + 2) (max |cost| + 1) <= 2^62 check, the root's value by this).
      if (pi_[root_] > kRootDriftLimit || pi_[root_] < -kRootDriftLimit) NormalisePotentials();
    }
  }

  void NormalisePotentials() {
    const Cost base = pi_[root_];
    for (Cost& p : pi_) p -= base;
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
  const int threads_;
  const bool debug_ = std::getenv("PASSERELLE_FLOW_DEBUG") != nullptr;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  NodeIndex root_ = 0;
  ArcArray<NodeIndex> src_, dst_;
  ArcArray<Cost> cost_;
  ArcArray<Flow> cap_, flow_;
  ArcArray<int8_t> state_;
  // 32-bit arc positions (RunNetworkSimplex refuses larger networks).
  using ArcSlot = uint32_t;
  ArcArray<ArcSlot> position_;           // input arc -> internal arc
  std::vector<ArcSlot> order_;           // internal arc -> input (during Init)
  std::vector<NodeIndex> internal_node_;  // input node -> internal node
  std::vector<Flow> supply_;              // per internal node
  // Pricing phases: arc ranges, the last one (all arcs) without an end.
  std::vector<ArcIndex> phase_begin_, phase_end_;
  int32_t phase_ = 0;
  ArcIndex range_begin_ = 0, range_end_ = 0;
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
  // Arc positions are 32-bit: 4 G arcs would need over 160 GB anyway.
  if (static_cast<uint64_t>(problem.num_arcs()) + static_cast<uint64_t>(problem.num_nodes()) >=
      std::numeric_limits<uint32_t>::max()) {
    return SolveStatus::kOverflowRisk;
  }
  NetworkSimplex simplex(problem);
  return simplex.Run(flow, potential);
}

}  // namespace passerelle::flow::internal
