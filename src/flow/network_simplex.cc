// Primal network simplex; see min_cost_flow.h for the method and references.
//
// Layout: real arcs 0..m-1, then one artificial arc per node joining it to an
// extra root node n. A node's tree arc is `pred_[v]`, to parent `parent_[v]`.
// The tree is also a preorder list (`thread_`, doubly linked) in which every
// subtree is a contiguous segment ending at `last_succ_[v]`, of `succ_num_[v]`
// nodes: a pivot splices the moved subtree in time linear in the stem it
// reverses and shifts its potentials by one sequential walk.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

#include "internal.h"
#include "passerelle/internal/memory.h"
#include "passerelle/internal/parallel.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PASSERELLE_FLOW_X86 1
#include <immintrin.h>
#else
#define PASSERELLE_FLOW_X86 0
#endif

namespace passerelle::flow::internal {
namespace {

constexpr int8_t kStateTree = 0;
constexpr int8_t kStateLower = 1;   // nontree, flow 0: eligible if rc < 0
constexpr int8_t kStateUpper = -1;  // nontree, flow = cap: eligible if rc > 0
constexpr Cost kRootDriftLimit = Cost{1} << 60;
template <typename T>
using ArcArray = std::vector<T, passerelle::internal::UninitializedAllocator<T>>;

#if PASSERELLE_FLOW_X86
// GCC 12's AVX-512 headers trip its own uninitialised-value warnings (their
// gathers and reductions start from _mm512_undefined_*).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
// ScanArcs over whole groups of 8 arcs from `begin`, 8 at a time: per lane
// the first arc of the lane's least violation, then the least over the
// lanes, ties to the first arc (lanes hold consecutive arcs). Returns where
// the groups end; the caller scans the rest. Same result as the scalar loop
// (integer arithmetic, same order of preference).
template <typename ArcCost>
__attribute__((target("avx512f"))) ArcIndex ScanArcsAvx512(const int8_t* state, const ArcCost* cost,
                                                           const NodeIndex* src, const NodeIndex* dst,
                                                           const Cost* pi, ArcIndex begin, ArcIndex end,
                                                           Cost* best, ArcIndex* best_arc) {
  const ArcIndex stop = begin + (end - begin) / 8 * 8;
  __m512i lane_best = _mm512_set1_epi64(*best);
  __m512i lane_arc = _mm512_set1_epi64(-1);
  __m512i arcs = _mm512_add_epi64(_mm512_set1_epi64(begin), _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7));
  const __m512i eight = _mm512_set1_epi64(8);
  const __m512i zero = _mm512_setzero_si512();
  for (ArcIndex k = begin; k < stop; k += 8) {
    const __m512i s = _mm512_cvtepi8_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(state + k)));
    const __m512i pi_src =
        _mm512_i32gather_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + k)), pi, 8);
    const __m512i pi_dst =
        _mm512_i32gather_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(dst + k)), pi, 8);
    __m512i arc_cost;
    if constexpr (sizeof(ArcCost) == 8) {
      arc_cost = _mm512_loadu_si512(cost + k);
    } else {
      arc_cost = _mm512_cvtepi32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(cost + k)));
    }
    const __m512i rc = _mm512_sub_epi64(_mm512_add_epi64(arc_cost, pi_src), pi_dst);
    // state * rc with state in {-1, 0, 1}.
    const __mmask8 lower = _mm512_cmpgt_epi64_mask(s, zero);
    const __mmask8 upper = _mm512_cmplt_epi64_mask(s, zero);
    const __m512i violation =
        _mm512_mask_sub_epi64(_mm512_maskz_mov_epi64(lower, rc), upper, zero, rc);
    const __mmask8 better = _mm512_cmplt_epi64_mask(violation, lane_best);
    lane_best = _mm512_mask_mov_epi64(lane_best, better, violation);
    lane_arc = _mm512_mask_mov_epi64(lane_arc, better, arcs);
    arcs = _mm512_add_epi64(arcs, eight);
  }
  const Cost least = _mm512_reduce_min_epi64(lane_best);
  if (least < *best) {
    const __mmask8 at_least = _mm512_cmpeq_epi64_mask(lane_best, _mm512_set1_epi64(least));
    *best = least;
    *best_arc = static_cast<ArcIndex>(
        _mm512_mask_reduce_min_epi64(at_least, lane_arc));
  }
  return stop;
}
#pragma GCC diagnostic pop
#endif

// `ArcFlow`: the type of the arcs' flows and capacities, Flow or, when
// Prepared::small_flows holds, int32_t (8 bytes less per arc, the same
// pivots: every residual of a real arc stays below kSmallFlowBound and every
// artificial capacity's above it either way). `ArcCost`: the real arcs'
// costs, Cost or, when Prepared::small_costs holds, int32_t (4 bytes less per
// arc, and less to read when pricing; reduced costs are computed in Cost).
// The artificial arcs' costs (big M) are kept apart in Cost.
template <typename ArcCost, typename ArcFlow>
class NetworkSimplex {
  // Capacity of the artificial arcs and of the lifted ones: never binding.
  static constexpr Flow kArtificialCapacity =
      sizeof(ArcFlow) == sizeof(Flow) ? std::numeric_limits<Flow>::max() / 4 : 2 * kSmallFlowBound;
  static_assert(sizeof(ArcFlow) == sizeof(Flow) || kArtificialCapacity <= std::numeric_limits<ArcFlow>::max());

 public:
  explicit NetworkSimplex(const Prepared& problem)
      : problem_(problem),
        threads_(problem.num_arcs() >= problem.parallel_min_arcs ? std::max(1, problem.threads) : 1) {}

  SolveStatus Run(std::vector<Flow>& flow, std::vector<Cost>& potential) {
    Init();
    if (debug_) {
      std::fprintf(stderr, "simplex: init %.3f s (%zu-bit costs, %zu-bit flows)\n", Elapsed(), 8 * sizeof(ArcCost),
                   8 * sizeof(ArcFlow));
    }
    Worker main;
    main.pivots = InitialPivots(main);
    if (debug_) {
      std::fprintf(stderr, "simplex: %lld initial pivots, %.3f s\n", static_cast<long long>(main.pivots), Elapsed());
    }
    // With parts: the arcs between shared nodes, then each part's arcs
    // (parts on several threads), then every arc: only that last search
    // proves optimality.
    bool done = true;
    if (!parts_.empty()) {
      done = shared_end_ == 0 || Optimise(0, shared_end_, nullptr, main);
      if (done) done = OptimiseParts(main);
      if (problem_.verify_tree) VerifyTree("after the parts");
      // Each part's supply sits at its hub copy: join the copies to the hub
      // before the rest, in part order.
      for (ArcIndex a = problem_.num_arcs(); done && a < num_real_; ++a) {
        if (state_[a] * ReducedCost(a) < 0) {
          main.degenerate += !Pivot(a, nullptr, main.stem);
          ++main.pivots;
        }
      }
    }
    // The last phase runs on this thread alone: the output array (8 bytes
    // per arc, zeroed: 0.4 GB nationally) is set up on another meanwhile,
    // and the caller may start work of its own.
    std::future<void> flow_zeroed;
    if (done) {
      if (threads_ > 1) {
        try {
          flow_zeroed = std::async(std::launch::async, [&flow, m = problem_.num_arcs()] {
            passerelle::internal::AssignForWriting(flow, static_cast<size_t>(m), Flow{0});
          });
        } catch (const std::system_error&) {
          // No thread to spare: zeroed at the end.
        }
      }
      if (problem_.on_serial_phase) problem_.on_serial_phase();
      done = Optimise(0, num_real_, nullptr, main);
    }
    if (problem_.verify_tree) VerifyTree("at the end");
    const bool timed_out = !done;
    if (debug_) {
      std::fprintf(stderr, "simplex: pivots=%lld (degenerate %lld), %.3f s\n", static_cast<long long>(main.pivots),
                   static_cast<long long>(main.degenerate), Elapsed());
    }
    const NodeIndex n = problem_.num_nodes();
    const ArcIndex m = problem_.num_arcs();
    NormalisePotentials();  // root at 0, as the caller expects
    if (flow_zeroed.valid()) {
      flow_zeroed.get();
    } else {
      passerelle::internal::AssignForWriting(flow, static_cast<size_t>(m), Flow{0});
    }
    passerelle::internal::ForSlices(threads_, m, [&](ArcIndex begin, ArcIndex end) {
      for (ArcIndex i = begin; i < end; ++i) flow[order_[i]] = flow_[i];  // order_: a permutation
    });
    potential.resize(n);
    for (NodeIndex v = 0; v < n; ++v) potential[v] = pi_[internal_node_[v]];
    // Flow left on an artificial arc: infeasible at the optimum; at the time
    // limit, `flow` is a pseudo-flow (the caller may repair it).
    for (NodeIndex v = 0; v < root_; ++v) {
      if (flow_[num_real_ + v] != 0) return timed_out ? SolveStatus::kTimeLimit : SolveStatus::kInfeasible;
    }
    return timed_out ? SolveStatus::kFeasible : SolveStatus::kOptimal;
  }

 private:
  // A part's segment of the tree: its sub-root `top` (a child of the root),
  // the part's nodes and its copy of the hub, then `sentinel`, a leaf that no
  // arc touches, so that it stays the top's last child. Pivots on the part's
  // arcs (both ends in the part, or from the part to the hub, redirected to
  // the copy) only change nodes of this segment: their cycle joins at or
  // below `top`, the preorder list changes between `top` and `sentinel`, and
  // no walk up the tree passes `top`. So parts can pivot on several threads
  // at once, each on its own data.
  struct Part {
    NodeIndex top = 0, sentinel = 0, hub_copy = 0;
    ArcIndex arc_begin = 0, arc_end = 0;
    Flow hub_capacity = 0;  // of the arc hub_copy -> hub
    Cost top_start = 0;     // the top's potential when the part's phase began
  };

  struct StemNode {
    NodeIndex node;
    NodeIndex parent;
    ArcIndex pred;
    int32_t succ_num;
    NodeIndex last;
    NodeIndex rev_thread;
    NodeIndex after_last;
  };

  // What a thread pivoting needs of its own.
  struct Worker {
    std::vector<StemNode> stem;
    int64_t pivots = 0;
    int64_t degenerate = 0;  // pivots that moved no flow
  };

  // Block search state over the arcs [begin, end).
  struct Pricer {
    ArcIndex begin = 0, end = 0, block = 0, next = 0;
  };

  void Init() {
    const ArcIndex m = problem_.num_arcs();
    const Network& net = *problem_.network;
    // Numbering first: its temporaries are freed before the arc arrays are
    // allocated (the set-up's peak is the process's peak on large matching
    // runs).
    NumberNodesAndArcs();
    if (debug_) std::fprintf(stderr, "simplex: init numbering %.3f s\n", Elapsed());
    const NodeIndex n = num_nodes_;
    const ArcIndex real = num_real_;
    root_ = n;
    const ArcIndex total = real + n;
    // Every entry is written below.
    passerelle::internal::ResizeForWriting(src_, total);
    passerelle::internal::ResizeForWriting(dst_, total);
    passerelle::internal::ResizeForWriting(cost_, real);
    art_cost_.resize(n);
    passerelle::internal::ResizeForWriting(cap_, total);
    passerelle::internal::ResizeForWriting(flow_, total);
    passerelle::internal::ResizeForWriting(state_, total);
    // Gathered in internal order: the reads follow a few sequential streams
    // (one per interleaving column), the writes are sequential. Arcs into
    // the hub from a part go to the part's copy of it.
    passerelle::internal::ForSlices(threads_, m, [&](ArcIndex begin, ArcIndex end) {
      for (ArcIndex i = begin; i < end; ++i) {
        const ArcIndex k = order_[i];
        const NodeIndex tail = internal_node_[net.tail(k)];
        NodeIndex head = internal_node_[net.head(k)];
        if (head == hub_ && node_part_[tail] >= 0) head = parts_[node_part_[tail]].hub_copy;
        src_[i] = tail;
        dst_[i] = head;
        cost_[i] = static_cast<ArcCost>(net.cost(k));
        cap_[i] = static_cast<ArcFlow>(problem_.capacity[k]);
        flow_[i] = 0;
        state_[i] = kStateLower;
      }
    });
    for (ArcIndex i = m; i < real; ++i) {  // hub copy -> hub, one per part
      const Part& part = parts_[i - m];
      src_[i] = part.hub_copy;
      dst_[i] = hub_;
      cost_[i] = 0;
      cap_[i] = static_cast<ArcFlow>(part.hub_capacity);
      flow_[i] = 0;
      state_[i] = kStateLower;
    }
    LiftImpliedCapacities();
    if (debug_) std::fprintf(stderr, "simplex: init arcs %.3f s\n", Elapsed());

    // Big M: any cycle through the root costs at least M minus a simple path.
    const Cost big_m = (static_cast<Cost>(n) + 1) * (problem_.max_abs_cost + 1);
    const Flow art_cap = kArtificialCapacity;
    parent_.assign(n + 1, -1);
    pred_.assign(n + 1, -1);
    pi_.assign(n + 1, 0);
    thread_.assign(n + 1, 0);
    rev_thread_.assign(n + 1, 0);
    succ_num_.assign(n + 1, 1);
    last_succ_.assign(n + 1, 0);
    // Preorder: root, 0, 1, ..., n - 1, back to root: the shared nodes, then
    // each part's segment (its top, its nodes, the hub's copy, the sentinel).
    for (NodeIndex v = 0; v <= n; ++v) {
      const NodeIndex next = v == root_ ? (n > 0 ? 0 : root_) : (v + 1 < n ? v + 1 : root_);
      thread_[v] = next;
      rev_thread_[next] = v;
      last_succ_[v] = v;
    }
    succ_num_[root_] = n + 1;
    last_succ_[root_] = n > 0 ? n - 1 : root_;
    // A top's supply: its part's (the part's flow to or from the rest).
    std::vector<Flow> top_supply(parts_.size(), 0);
    for (size_t p = 0; p < parts_.size(); ++p) {
      Part& part = parts_[p];
      succ_num_[part.top] = part.sentinel - part.top + 1;
      last_succ_[part.top] = part.sentinel;
      for (NodeIndex v = part.top + 1; v < part.hub_copy; ++v) top_supply[p] += supply_[v];
    }
    for (NodeIndex v = 0; v < n; ++v) {
      const ArcIndex a = real + v;
      const int32_t p = node_part_[v];
      const bool top = p >= 0 && parts_[p].top == v;
      const NodeIndex up = p >= 0 && !top ? parts_[p].top : root_;
      const Flow b = top ? top_supply[p] : supply_[v];
      cap_[a] = static_cast<ArcFlow>(art_cap);
      state_[a] = kStateTree;
      // Only the arcs into demand nodes cost M: a path through the
      // artificial arcs then costs M, more than any simple path of real arcs.
      // In a part, the arcs up to the top cost M too, but the hub copy's:
      // the part's phase then routes its supply to the copy by real arcs as
      // it would to the hub itself. (A top's arc from the root costs 0.)
      if (b >= 0) {  // v -> up, so that v can always push flow up
        src_[a] = v;
        dst_[a] = up;
        flow_[a] = static_cast<ArcFlow>(b);
        art_cost_[v] = p >= 0 && !top && v != parts_[p].hub_copy ? big_m : 0;
      } else {
        src_[a] = up;
        dst_[a] = v;
        flow_[a] = static_cast<ArcFlow>(-b);
        art_cost_[v] = top ? 0 : big_m;
      }
      pi_[v] = pi_[up] + (b >= 0 ? -art_cost_[v] : art_cost_[v]);  // tops precede their nodes
      parent_[v] = up;
      pred_[v] = a;
    }
  }

  // Capacities that flow conservation already implies are lifted to the
  // artificial arcs' (unbounded in effect): an arc out of a node of positive
  // supply that no real arc enters carries at most that supply, an arc into
  // a node of positive demand that no real arc leaves at most that demand.
  // Such a capacity never binds, but an arc holding its flow counts as at
  // its bound, and a tree arc at a bound blocks every pivot that would push
  // through it. In the matcher's networks each candidate's one arc with flow
  // sits at its capacity of 1, so most pivots were degenerate (91% on
  // Occitanie 100,000, 98.5% of the national last phase; bench/RESULTS.md,
  // "Issue 22, fifth round"); lifted, that arc lies strictly between its
  // bounds. The feasible flows are the same, and so are the optimal ones;
  // the potentials found also meet the stricter conditions of the lifted
  // arcs, so they certify the network as given.
  //
  // The bound holds in every basis, not only at the optimum: such a node's
  // artificial arc carries flow the same way as its real arcs (out of a
  // supply node, into a demand node), so a flow stopped by the time limit
  // is within the capacities as given too. A node without supply that no
  // arc leaves can send what enters it up its artificial arc until the
  // optimum: its arcs are left alone.
  void LiftImpliedCapacities() {
    const NodeIndex n = num_nodes_;
    const ArcIndex real = num_real_;
    constexpr uint8_t kEntered = 1, kLeft = 2;
    std::vector<std::vector<uint8_t>> ends(threads_);
    passerelle::internal::RunWorkers(threads_, [&](int t) {
      std::vector<uint8_t>& mine = ends[t];
      mine.assign(n, 0);
      const ArcIndex begin = real * t / threads_;
      const ArcIndex end = real * (t + 1) / threads_;
      for (ArcIndex i = begin; i < end; ++i) {
        mine[src_[i]] |= kLeft;
        mine[dst_[i]] |= kEntered;
      }
    });
    std::vector<uint8_t>& seen = ends[0];
    for (int t = 1; t < threads_; ++t) {
      for (NodeIndex v = 0; v < n; ++v) seen[v] |= ends[t][v];
    }
    passerelle::internal::ForSlices(threads_, real, [&](ArcIndex begin, ArcIndex end) {
      for (ArcIndex i = begin; i < end; ++i) {
        const NodeIndex tail = src_[i];
        const NodeIndex head = dst_[i];
        const bool from_source = (seen[tail] & kEntered) == 0 && supply_[tail] > 0 && cap_[i] >= supply_[tail];
        const bool into_sink = (seen[head] & kLeft) == 0 && supply_[head] < 0 && cap_[i] >= -supply_[head];
        if ((from_source || into_sink) && cap_[i] < kArtificialCapacity) {
          cap_[i] = static_cast<ArcFlow>(kArtificialCapacity);
        }
      }
    });
  }

  // Internal numbering. Without parts: nodes as in the input; arcs
  // interleaved with a stride of about m / n, so that each pricing block
  // samples the whole network rather than the arcs of a few neighbouring
  // nodes (input order is often by tail). With parts: shared nodes first,
  // then each part's segment (see Part; a part's tree data sits together in
  // memory); arcs in groups, each interleaved as above: arcs between shared
  // nodes, then each part's arcs, then the others (between parts, from a
  // shared node into a part, from a part to a shared node other than the
  // hub), priced only by the last phase, which covers every arc, then the
  // arcs hub copy -> hub. The hub is the shared node most arcs from parts
  // go to (a matching network's sink).
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
    parts_.clear();
    hub_ = -1;
    passerelle::internal::ResizeForWriting(order_, m);  // every slot is written below
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
    auto without_parts = [&] {
      num_nodes_ = n;
      num_real_ = m;
      node_part_.assign(n, -1);
      supply_.assign(problem_.supply.begin(), problem_.supply.end());
      for (NodeIndex v = 0; v < n; ++v) internal_node_[v] = v;
      interleave(0, m, n, [](ArcIndex k) { return k; });
      shared_end_ = 0;
      final_begin_ = m;
    };
    if (parts == nullptr) return without_parts();
    // Parts with nodes, numbered 0, 1, ... in the hint's order.
    int32_t hinted = 0;
    for (const int32_t p : *parts) hinted = std::max(hinted, p + 1);
    std::vector<NodeIndex> part_nodes(hinted, 0);
    NodeIndex shared = 0;
    for (const int32_t p : *parts) ++(p < 0 ? shared : part_nodes[p]);
    std::vector<int32_t> compact(hinted, -1);
    int32_t num_parts = 0;
    for (int32_t p = 0; p < hinted; ++p) {
      if (part_nodes[p] > 0) {
        part_nodes[num_parts] = part_nodes[p];
        compact[p] = num_parts++;
      }
    }
    // Three nodes per part: the overflow bound of Prepare must hold with them.
    using Int128 = __int128;
    if (num_parts == 0 || Int128{8} * (Int128{n} + 3 * Int128{num_parts} + 2) *
                                  (Int128{problem_.max_abs_cost} + 1) > Int128{1} << 62) {
      return without_parts();
    }
    auto part_of = [&](NodeIndex v) {
      const int32_t p = (*parts)[v];
      return p < 0 ? -1 : compact[p];
    };
    NodeIndex hub_input = -1;
    {  // The hub.
      std::vector<ArcIndex> from_parts(n, 0);
      for (ArcIndex k = 0; k < m; ++k) {
        if (part_of(net.head(k)) < 0 && part_of(net.tail(k)) >= 0) ++from_parts[net.head(k)];
      }
      NodeIndex hub = -1;
      for (NodeIndex v = 0; v < n; ++v) {
        if (from_parts[v] > 0 && (hub < 0 || from_parts[v] > from_parts[hub])) hub = v;
      }
      hub_input = hub;
    }
    // Arc groups: 0 shared-shared, p + 1 part p, num_parts + 1 the others.
    const int32_t groups = num_parts + 2;
    auto group_of = [&](ArcIndex k) {
      const int32_t pt = part_of(net.tail(k));
      const int32_t ph = part_of(net.head(k));
      if (pt == ph) return pt + 1;
      if (pt >= 0 && net.head(k) == hub_input) return pt + 1;
      return groups - 1;
    };
    std::vector<ArcIndex> arc_start(groups + 1, 0);
    std::vector<Int128> hub_capacity(num_parts, 0);
    for (ArcIndex k = 0; k < m; ++k) {
      ++arc_start[group_of(k) + 1];
      if (net.head(k) == hub_input) {
        const int32_t p = part_of(net.tail(k));
        if (p >= 0) hub_capacity[p] += problem_.capacity[k];
      }
    }
    // The copy's arc to the hub carries the part's arcs to the hub: their
    // capacities must fit in one arc.
    if (std::any_of(hub_capacity.begin(), hub_capacity.end(),
                    [](Int128 c) { return c > kArtificialCapacity; })) {
      return without_parts();
    }
    // Nodes: shared ones first, then each part's segment; stable in a group.
    num_nodes_ = n + 3 * num_parts;
    num_real_ = m + (hub_input >= 0 ? num_parts : 0);
    supply_.assign(num_nodes_, 0);
    node_part_.assign(num_nodes_, -1);
    parts_.resize(num_parts);
    std::vector<NodeIndex> next_node(num_parts);
    NodeIndex at = shared;
    for (int32_t p = 0; p < num_parts; ++p) {
      Part& part = parts_[p];
      part.top = at;
      next_node[p] = at + 1;
      part.hub_copy = at + 1 + part_nodes[p];
      part.sentinel = part.hub_copy + 1;
      part.hub_capacity = static_cast<Flow>(hub_capacity[p]);
      for (NodeIndex v = part.top; v <= part.sentinel; ++v) node_part_[v] = p;
      at = part.sentinel + 1;
    }
    NodeIndex next_shared = 0;
    for (NodeIndex v = 0; v < n; ++v) {
      const int32_t p = part_of(v);
      const NodeIndex iv = p < 0 ? next_shared++ : next_node[p]++;
      internal_node_[v] = iv;
      supply_[iv] = problem_.supply[v];
    }
    hub_ = hub_input >= 0 ? internal_node_[hub_input] : -1;
    for (int32_t g = 1; g <= groups; ++g) arc_start[g] += arc_start[g - 1];
    std::vector<ArcSlot> by_group(m);
    {
      std::vector<ArcIndex> next(arc_start.begin(), arc_start.end() - 1);
      for (ArcIndex k = 0; k < m; ++k) by_group[next[group_of(k)]++] = static_cast<ArcSlot>(k);
    }
    for (int32_t g = 0; g < groups; ++g) {
      const ArcIndex begin = arc_start[g];
      const ArcIndex count = arc_start[g + 1] - begin;
      const NodeIndex nodes = g == 0 ? shared : g < groups - 1 ? part_nodes[g - 1] : n;
      interleave(begin, count, nodes, [&](ArcIndex k) { return by_group[begin + k]; });
      if (g > 0 && g < groups - 1) {
        parts_[g - 1].arc_begin = begin;
        parts_[g - 1].arc_end = begin + count;
      }
    }
    shared_end_ = arc_start[1];
    final_begin_ = arc_start[groups - 1];
  }

  // Pivots on the most violating arc of [begin, end) found by block search
  // (blocks of factor * sqrt(end - begin) arcs) until none violates
  // optimality. `part`: pivots stay in that part's segment (its arcs only).
  // False if stopped: past the deadline, or another thread was.
  bool Optimise(ArcIndex begin, ArcIndex end, const Part* part, Worker& worker) {
    Pricer pricer;
    pricer.begin = begin;
    pricer.end = end;
    pricer.block = std::max<ArcIndex>(
        10, static_cast<ArcIndex>(problem_.simplex_block_factor * std::sqrt(static_cast<double>(end - begin))));
    pricer.next = begin;
    for (int64_t pivots = 0;; ++pivots) {
      if ((pivots & 255) == 0 && (stop_.load(std::memory_order_relaxed) || problem_.past_deadline())) {
        stop_.store(true, std::memory_order_relaxed);
        return false;
      }
      const ArcIndex entering = FindEnteringArc(pricer);
      if (entering < 0) break;
      worker.degenerate += !Pivot(entering, part, worker.stem);
      ++worker.pivots;
    }
    if (debug_ && part == nullptr) {
      std::fprintf(stderr, "simplex: arcs [%lld, %lld) optimal, pivots=%lld (degenerate %lld), %.3f s\n",
                   static_cast<long long>(begin), static_cast<long long>(end), static_cast<long long>(worker.pivots),
                   static_cast<long long>(worker.degenerate), Elapsed());
    }
    return true;
  }

  // Each part's arcs until they are optimal, parts taken in turn by up to
  // `threads_` threads. Each part's pivots depend on its segment only, so
  // the tree after this is the same whatever the threads and their timing.
  bool OptimiseParts(Worker& main) {
    const int threads = std::min<int>(threads_, static_cast<int>(parts_.size()));
    std::vector<Worker> workers(threads);
    // Largest parts first (by arcs), so that no thread is left with a big
    // one while the others are done.
    std::vector<size_t> order(parts_.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return parts_[a].arc_end - parts_[a].arc_begin > parts_[b].arc_end - parts_[b].arc_begin;
    });
    std::atomic<size_t> next{0};
    passerelle::internal::ForSlices(threads, threads, [&](int64_t t, int64_t) {
      Worker& worker = workers[t];
      for (size_t k; (k = next.fetch_add(1)) < order.size();) {
        const size_t p = order[k];
        Part& part = parts_[p];
        part.top_start = pi_[part.top];
        const bool done = Optimise(part.arc_begin, part.arc_end, &part, worker);
        // Back to the top's potential at the start: the reduced cost of its
        // tree arc to the root is 0 again.
        ShiftSegment(part, part.top_start - pi_[part.top]);
        if (debug_) {
          std::fprintf(stderr, "simplex: part %zu (%d nodes, %lld arcs) on thread %lld done at %.3f s\n", p,
                       part.sentinel - part.top - 2, static_cast<long long>(part.arc_end - part.arc_begin),
                       static_cast<long long>(t), Elapsed());
        }
        if (!done) return;
      }
    });
    for (const Worker& worker : workers) {
      main.pivots += worker.pivots;
      main.degenerate += worker.degenerate;
    }
    if (debug_) {
      std::fprintf(stderr, "simplex: %zu parts optimal on %d threads, pivots=%lld, %.3f s\n", parts_.size(), threads,
                   static_cast<long long>(main.pivots), Elapsed());
    }
    return !stop_.load();
  }

  void ShiftSegment(const Part& part, Cost shift) {
    if (shift == 0) return;
    for (NodeIndex v = part.top;; v = thread_[v]) {
      pi_[v] += shift;
      if (v == part.sentinel) break;
    }
  }

  // Warm-up: pivots on the cheapest arc entering each demand node, when it
  // is eligible. They route supply along cheap arcs before the general
  // search, which otherwise spends many pivots dismantling the big-M
  // artificial paths (an idea from LEMON's NetworkSimplex). With parts, only
  // arcs inside a part or between shared nodes: their cycles keep every
  // part's segment whole.
  int64_t InitialPivots(Worker& worker) {
    const NodeIndex n = num_nodes_;
    std::vector<ArcIndex> cheapest(n, -1);
    auto scan = [&](ArcIndex begin, ArcIndex end) {
      for (ArcIndex a = begin; a < end; ++a) {
        const NodeIndex h = dst_[a];
        if (supply_[h] < 0 && src_[a] != h && cap_[a] > 0 &&
            (cheapest[h] < 0 || cost_[a] < cost_[cheapest[h]])) {
          cheapest[h] = a;
        }
      }
    };
    if (parts_.empty()) {
      scan(0, final_begin_);
    } else {
      // Only the parts with a demand node (a matcher's parts have none).
      scan(0, shared_end_);
      for (const Part& part : parts_) {
        if (std::any_of(supply_.begin() + part.top, supply_.begin() + part.sentinel, [](Flow b) { return b < 0; })) {
          scan(part.arc_begin, part.arc_end);
        }
      }
    }
    int64_t pivots = 0;
    for (NodeIndex v = 0; v < n; ++v) {
      const ArcIndex a = cheapest[v];
      if (a >= 0 && state_[a] * ReducedCost(a) < 0) {
        worker.degenerate += !Pivot(a, nullptr, worker.stem);
        ++pivots;
      }
    }
    return pivots;
  }

  double Elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  // Of a real arc.
  Cost ReducedCost(ArcIndex a) const {
    return Cost{cost_[a]} + pi_[src_[a]] - pi_[dst_[a]];
  }
  // Of any arc, artificial ones included.
  Cost AnyReducedCost(ArcIndex a) const {
    const Cost cost = a < num_real_ ? Cost{cost_[a]} : art_cost_[a - num_real_];
    return cost + pi_[src_[a]] - pi_[dst_[a]];
  }

  // Block search: scans blocks of `pricer.block` arcs cyclically and returns
  // the most violating arc of the first block that has one (the first such
  // arc in scan order), or -1 if optimal. Artificial arcs are never priced:
  // once out of the tree they stay out, which keeps the big-M argument (the
  // problem restricted to the real arcs and the artificial arcs still in the
  // tree has the same optimum when the real problem is feasible) and avoids
  // pivots that re-hang whole subtrees of the root.
  ArcIndex FindEnteringArc(Pricer& pricer) const {
    const ArcIndex total = pricer.end - pricer.begin;
    Cost best = 0;
    ArcIndex best_arc = -1;
    ArcIndex a = pricer.next;
    for (ArcIndex scanned = 0; scanned < total && best_arc < 0;) {
      // One block, in at most two contiguous runs (it may wrap around).
      for (ArcIndex left = std::min(pricer.block, total - scanned); left > 0;) {
        const ArcIndex end = std::min(a + left, pricer.end);
        ScanArcs(a, end, &best, &best_arc);
        left -= end - a;
        scanned += end - a;
        a = end == pricer.end ? pricer.begin : end;
      }
    }
    pricer.next = a;
    return best_arc;
  }

  // The arcs [begin, end) in order: lowers `*best` to the most negative
  // violation below it and sets `*best_arc` to its first arc.
  void ScanArcs(ArcIndex begin, ArcIndex end, Cost* best, ArcIndex* best_arc) const {
#if PASSERELLE_FLOW_X86
    if (use_avx512_ && end - begin >= problem_.simd_min_run) {
      begin = ScanArcsAvx512(state_.data(), cost_.data(), src_.data(), dst_.data(), pi_.data(), begin, end, best,
                             best_arc);
    }
#endif
    Cost b = *best;
    ArcIndex arc = *best_arc;
    for (ArcIndex k = begin; k < end; ++k) {
      const Cost violation = state_[k] * ReducedCost(k);
      if (violation < b) {
        b = violation;
        arc = k;
      }
    }
    *best = b;
    *best_arc = arc;
  }

  bool PredPointsUp(NodeIndex v) const { return src_[pred_[v]] == v; }

  // Returns whether flow moved (false: a degenerate pivot).
  bool Pivot(ArcIndex entering, const Part* part, std::vector<StemNode>& stem) {
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
      const Flow residual = PredPointsUp(v) ? Flow{flow_[a]} : Flow{cap_[a]} - flow_[a];
      if (residual < delta) {
        delta = residual;
        leaving_node = v;
        leaving_on_first = true;
      }
    }
    if (cap_[entering] <= delta) {
      delta = Flow{cap_[entering]};
      leaving_node = -1;
    }
    for (NodeIndex v = second; v != join; v = parent_[v]) {
      const ArcIndex a = pred_[v];
      const Flow residual = PredPointsUp(v) ? Flow{cap_[a]} - flow_[a] : Flow{flow_[a]};
      if (residual <= delta) {
        delta = residual;
        leaving_node = v;
        leaving_on_first = false;
      }
    }

    if (delta > 0) {
      // |delta| fits ArcFlow: it is a residual or a capacity.
      const auto step = static_cast<ArcFlow>(delta);
      for (NodeIndex v = first; v != join; v = parent_[v]) {
        flow_[pred_[v]] += PredPointsUp(v) ? -step : step;
      }
      for (NodeIndex v = second; v != join; v = parent_[v]) {
        flow_[pred_[v]] += PredPointsUp(v) ? step : -step;
      }
      flow_[entering] += state_[entering] == kStateLower ? step : -step;
    }

    if (leaving_node < 0) {
      state_[entering] = -state_[entering];
      return delta > 0;
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

    MoveSubtree(in_node, out_node, leaving_node, entering, join, shift, part, stem);
    return delta > 0;
  }

  // Re-hangs the subtree rooted at `top` (whose tree arc leaves the basis)
  // from `out_node` through `entering`, re-rooted at `in_node`, a node of
  // that subtree: the stem in_node = x_0, ..., x_k = top is reversed.
  // `part`: the pivot is inside that part's segment and changes nothing
  // outside it.
  void MoveSubtree(NodeIndex in_node, NodeIndex out_node, NodeIndex top, ArcIndex entering, NodeIndex join,
                   Cost shift, const Part* part, std::vector<StemNode>& stem) {
    // Old values along the stem, read before any change.
    stem.clear();
    for (NodeIndex v = in_node;; v = parent_[v]) {
      stem.push_back({v, parent_[v], pred_[v], succ_num_[v], last_succ_[v],
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
    NodeIndex tail = stem[0].last;
    for (size_t i = 1; i < stem.size(); ++i) {
      const StemNode& cur = stem[i];
      const StemNode& prev = stem[i - 1];
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
    for (size_t i = 1; i < stem.size(); ++i) {
      parent_[stem[i].node] = stem[i - 1].node;
      pred_[stem[i].node] = stem[i - 1].pred;
    }

    // 5. Subtree sizes: the stem, then both paths up to the join.
    int32_t below = 0;
    for (size_t i = stem.size() - 1; i >= 1; --i) {
      below += stem[i].succ_num - stem[i - 1].succ_num;
      succ_num_[stem[i].node] = below;
    }
    succ_num_[in_node] = size;
    for (NodeIndex v = old_parent; v != join; v = parent_[v]) succ_num_[v] -= size;
    for (NodeIndex v = out_node; v != join; v = parent_[v]) succ_num_[v] += size;

    // 6. Last successors: the stem ends at `tail`; old ancestors that ended
    //    with the subtree now end at `before`; new ancestors that ended at
    //    `out_node` (a leaf until now) end at `tail`.
    for (const StemNode& x : stem) last_succ_[x.node] = tail;
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
    //    would otherwise walk the whole network. In a part's segment, the
    //    other nodes are the rest of the segment (the top included, whose
    //    drift OptimiseParts takes back at the end of the part).
    const int64_t all = part == nullptr ? static_cast<int64_t>(root_) + 1 : succ_num_[part->top];
    if (2 * static_cast<int64_t>(size) <= all) {
      for (NodeIndex v = in_node;; v = thread_[v]) {
        pi_[v] += shift;
        if (v == tail) break;
      }
    } else if (part == nullptr) {
      for (NodeIndex v = thread_[tail]; v != in_node; v = thread_[v]) pi_[v] -= shift;
      // The root's potential drifts by the shifts; bring it back to 0 long
      // before |pi| nears overflow (differences are bounded by Prepare's
      // 8 (n + 2) (max |cost| + 1) <= 2^62 check, the root's value by this).
      if (pi_[root_] > kRootDriftLimit || pi_[root_] < -kRootDriftLimit) NormalisePotentials();
    } else {
      for (NodeIndex v = part->top; v != in_node; v = thread_[v]) pi_[v] -= shift;
      for (NodeIndex v = thread_[tail];; v = thread_[v]) {
        pi_[v] -= shift;
        if (v == part->sentinel) break;
      }
      const Cost drift = pi_[part->top] - part->top_start;
      if (drift > kRootDriftLimit || drift < -kRootDriftLimit) ShiftSegment(*part, -drift);
    }
  }

  // See Prepared::verify_tree.
  void VerifyTree(const char* when) const {
    auto fail = [when](const std::string& what) {
      throw std::logic_error(std::string("network simplex tree ") + when + ": " + what);
    };
    const NodeIndex n = num_nodes_;
    std::vector<int32_t> depth(n + 1, -1), size(n + 1, 1);
    std::vector<NodeIndex> preorder;
    preorder.reserve(n + 1);
    NodeIndex v = root_;
    do {
      if (static_cast<NodeIndex>(preorder.size()) > n) fail("the preorder list is not a cycle of all nodes");
      if (rev_thread_[thread_[v]] != v) fail("rev_thread is not thread's inverse at node " + std::to_string(v));
      preorder.push_back(v);
      v = thread_[v];
    } while (v != root_);
    if (static_cast<NodeIndex>(preorder.size()) != n + 1) fail("the preorder list misses nodes");
    depth[root_] = 0;
    for (size_t i = 1; i < preorder.size(); ++i) {
      const NodeIndex u = preorder[i];
      const NodeIndex up = parent_[u];
      if (up < 0 || depth[up] < 0) fail("node " + std::to_string(u) + " comes before its parent");
      depth[u] = depth[up] + 1;
      const ArcIndex a = pred_[u];
      if (a < 0 || state_[a] != kStateTree || !((src_[a] == u && dst_[a] == up) || (dst_[a] == u && src_[a] == up))) {
        fail("the tree arc of node " + std::to_string(u) + " does not join it to its parent");
      }
      if (AnyReducedCost(a) != 0) fail("the tree arc of node " + std::to_string(u) + " has a reduced cost");
    }
    for (size_t i = preorder.size(); i-- > 1;) size[parent_[preorder[i]]] += size[preorder[i]];
    for (size_t i = 0; i < preorder.size(); ++i) {
      const NodeIndex u = preorder[i];
      if (succ_num_[u] != size[u]) fail("wrong subtree size at node " + std::to_string(u));
      if (last_succ_[u] != preorder[i + size[u] - 1]) fail("wrong last successor at node " + std::to_string(u));
      if (i + size[u] < preorder.size() && depth[preorder[i + size[u]]] > depth[u]) {
        fail("the subtree of node " + std::to_string(u) + " is not contiguous in the preorder list");
      }
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

  const Prepared& problem_;
  const int threads_;
  const bool debug_ = std::getenv("PASSERELLE_FLOW_DEBUG") != nullptr;
#if PASSERELLE_FLOW_X86
  const bool use_avx512_ = problem_.simd && __builtin_cpu_supports("avx512f");
#endif
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::atomic<bool> stop_{false};
  // Internal nodes (input nodes and three per part) and real arcs (input
  // arcs and one per part); the root is node num_nodes_, the artificial arc
  // of node v is num_real_ + v.
  NodeIndex num_nodes_ = 0;
  ArcIndex num_real_ = 0;
  NodeIndex root_ = 0;
  ArcArray<NodeIndex> src_, dst_;
  ArcArray<ArcCost> cost_;       // real arcs only
  std::vector<Cost> art_cost_;   // the artificial arc of node v: art_cost_[v]
  ArcArray<ArcFlow> cap_, flow_;
  ArcArray<int8_t> state_;
  // 32-bit arc positions (RunNetworkSimplex refuses larger networks).
  using ArcSlot = uint32_t;
  ArcArray<ArcSlot> order_;  // internal arc -> input arc
  std::vector<NodeIndex> internal_node_;  // input node -> internal node
  std::vector<Flow> supply_;              // per internal node
  std::vector<int32_t> node_part_;        // per internal node, -1: shared
  std::vector<Part> parts_;
  NodeIndex hub_ = -1;
  ArcIndex shared_end_ = 0;   // arcs [0, shared_end_): between shared nodes
  ArcIndex final_begin_ = 0;  // arcs from here on: priced by the last phase only
  std::vector<NodeIndex> parent_;
  std::vector<ArcIndex> pred_;
  std::vector<Cost> pi_;
  std::vector<NodeIndex> thread_, rev_thread_, last_succ_;
  std::vector<int32_t> succ_num_;
};

}  // namespace

SolveStatus RunNetworkSimplex(const Prepared& problem, std::vector<Flow>& flow,
                              std::vector<Cost>& potential) {
  // Arc positions are 32-bit: 4 G arcs would need over 160 GB anyway.
  if (static_cast<uint64_t>(problem.num_arcs()) + static_cast<uint64_t>(problem.num_nodes()) >=
      std::numeric_limits<uint32_t>::max()) {
    return SolveStatus::kOverflowRisk;
  }
  auto run = [&](auto simplex_type) {
    typename decltype(simplex_type)::type simplex(problem);
    return simplex.Run(flow, potential);
  };
  if (problem.small_costs) {
    if (problem.small_flows) return run(std::type_identity<NetworkSimplex<int32_t, int32_t>>());
    return run(std::type_identity<NetworkSimplex<int32_t, Flow>>());
  }
  if (problem.small_flows) return run(std::type_identity<NetworkSimplex<Cost, int32_t>>());
  return run(std::type_identity<NetworkSimplex<Cost, Flow>>());
}

}  // namespace passerelle::flow::internal
