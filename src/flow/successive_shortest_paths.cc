// Successive shortest paths on a pseudo-flow with Dijkstra on reduced costs;
// see min_cost_flow.h for the method.
//
// Invariant: every residual arc has reduced cost >= 0. A search starts from one
// imbalanced node and stops when it settles a node of the opposite sign; only
// settled nodes get new potentials (the usual "min(d, D)" update shifted by
// -D so that untouched nodes keep theirs).
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cassert>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "internal.h"

namespace passerelle::flow::internal {
namespace {

constexpr Cost kUnreached = std::numeric_limits<Cost>::max();

// 4-ary min-heap on (key, node) with decrease-key.
class IndexedHeap {
 public:
  explicit IndexedHeap(NodeIndex n) : position_(n, -1) {}

  bool empty() const { return heap_.empty(); }
  bool Contains(NodeIndex v) const { return position_[v] >= 0; }

  void PushOrDecrease(NodeIndex v, Cost key) {
    int32_t i = position_[v];
    if (i < 0) {
      i = static_cast<int32_t>(heap_.size());
      heap_.push_back({key, v});
    } else {
      heap_[i].first = key;
    }
    SiftUp(i);
  }

  std::pair<Cost, NodeIndex> Pop() {
    const auto top = heap_[0];
    position_[top.second] = -1;
    const auto last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
      heap_[0] = last;
      SiftDown(0);
    }
    return top;
  }

  void Clear() {
    for (const auto& [key, v] : heap_) position_[v] = -1;
    heap_.clear();
  }

 private:
  void SiftUp(int32_t i) {
    const auto item = heap_[i];
    while (i > 0) {
      const int32_t p = (i - 1) / 4;
      if (heap_[p].first <= item.first) break;
      heap_[i] = heap_[p];
      position_[heap_[i].second] = i;
      i = p;
    }
    heap_[i] = item;
    position_[item.second] = i;
  }

  void SiftDown(int32_t i) {
    const auto item = heap_[i];
    const int32_t size = static_cast<int32_t>(heap_.size());
    while (true) {
      const int32_t c0 = 4 * i + 1;
      if (c0 >= size) break;
      int32_t best = c0;
      const int32_t c_end = std::min(c0 + 4, size);
      for (int32_t c = c0 + 1; c < c_end; ++c) {
        if (heap_[c].first < heap_[best].first) best = c;
      }
      if (heap_[best].first >= item.first) break;
      heap_[i] = heap_[best];
      position_[heap_[i].second] = i;
      i = best;
    }
    heap_[i] = item;
    position_[item.second] = i;
  }

  std::vector<std::pair<Cost, NodeIndex>> heap_;
  std::vector<int32_t> position_;
};

class SuccessiveShortestPaths {
 public:
  explicit SuccessiveShortestPaths(const Prepared& problem)
      : problem_(problem),
        n_(problem.num_nodes()),
        m_(problem.num_arcs()),
        heap_(problem.num_nodes()) {}

  // Warm starts: before saturating, move the potential of each endpoint of
  // a violating arc to the value that needs the fewest units of flow changed
  // on its arcs (a changed cost then costs one unit of imbalance, not one per
  // arc that became attractive).
  void set_repair_potentials(bool repair) { repair_potentials_ = repair; }

  SolveStatus Run(std::vector<Flow>& flow, std::vector<Cost>& pi) {
    flow.resize(m_, 0);
    pi.resize(n_, 0);
    pi_ = pi.data();
    const auto t0 = std::clock();
    FindHubAndPermute(flow);
    BuildIncidence();
    const SolveStatus status = RunPermuted(t0);
    if (perm_.empty()) {
      for (ArcIndex a = 0; a < m_; ++a) flow[a] = arcs_[a].flow;
    } else {
      for (ArcIndex i = 0; i < m_; ++i) flow[perm_[i]] = arcs_[i].flow;
    }
    return status;
  }

 private:
  // Picks the hub (see RunPermuted). With a hub, arcs are renumbered
  // internally so that the arcs of each non-hub node of large degree are
  // contiguous: scanning an opening's few hundred arcs then reads arc data
  // sequentially instead of one cache miss per arc.
  void FindHubAndPermute(const std::vector<Flow>& flow) {
    const NodeIndex* tail = problem_.network->tails().data();
    const NodeIndex* head = problem_.network->heads().data();
    const Cost* cost = problem_.network->costs().data();
    const Flow* cap = problem_.capacity;
    std::vector<int64_t> degree(n_, 0);
    for (ArcIndex a = 0; a < m_; ++a) {
      ++degree[tail[a]];
      ++degree[head[a]];
    }
    hub_ = -1;
    int64_t hub_degree = 0;
    for (NodeIndex v = 0; v < n_; ++v) {
      if (degree[v] > hub_degree) {
        hub_degree = degree[v];
        hub_ = v;
      }
    }
    if (hub_degree < 1024 || hub_degree < 32 * (2 * int64_t{m_} / std::max(1, n_))) {
      hub_ = -1;
    }
    arcs_.resize(m_);
    perm_.clear();
    if (hub_ < 0) {
      for (ArcIndex a = 0; a < m_; ++a) arcs_[a] = {tail[a], head[a], cost[a], cap[a], flow[a]};
      return;
    }
    // Counting sort of arcs by key endpoint: the non-hub endpoint of larger
    // degree; arcs are scattered in input order (sequential reads).
    std::vector<int64_t> start(n_ + 1, 0);
    std::vector<NodeIndex> key(m_);
    for (ArcIndex a = 0; a < m_; ++a) {
      const NodeIndex t = tail[a], h = head[a];
      key[a] = t == hub_ ? h : (h == hub_ ? t : (degree[t] >= degree[h] ? t : h));
      ++start[key[a] + 1];
    }
    for (NodeIndex v = 0; v < n_; ++v) start[v + 1] += start[v];
    perm_.resize(m_);
    for (ArcIndex a = 0; a < m_; ++a) {
      const int64_t i = start[key[a]]++;
      perm_[i] = a;
      arcs_[i] = {tail[a], head[a], cost[a], cap[a], flow[a]};
    }
  }

  SolveStatus RunPermuted(std::clock_t t0) {
    const auto t1 = std::clock();
    for (ArcIndex a = 0; a < m_; ++a) arcs_[a].flow = std::clamp<Flow>(arcs_[a].flow, 0, arcs_[a].cap);
    if (repair_potentials_) RepairPotentials();
    const auto t2 = std::clock();
    excess_.assign(problem_.supply.begin(), problem_.supply.end());
    for (ArcIndex a = 0; a < m_; ++a) {
      const Cost rc = arcs_[a].cost + pi_[arcs_[a].tail] - pi_[arcs_[a].head];
      Flow f = arcs_[a].flow;
      if (rc < 0) {
        f = arcs_[a].cap;
      } else if (rc > 0) {
        f = 0;
      } else {
        f = std::clamp<Flow>(f, 0, arcs_[a].cap);
      }
      arcs_[a].flow = f;
      excess_[arcs_[a].tail] -= f;
      excess_[arcs_[a].head] += f;
    }
    // A hub (a node of huge degree, like the sink every candidate reaches)
    // must never be scanned: one scan settles its whole zero-reduced-cost
    // neighbourhood. It is therefore a target of every search, whatever its
    // imbalance: phase 1 drains one side into opposite imbalances or the
    // hub, phase 2 drains the other side into the hub, which by then holds
    // exactly the opposite imbalance. Both phases only ever decrease the
    // imbalance of their start nodes, so they terminate.
    const auto t3 = std::clock();
    hub_entry_.assign(n_, -1);
    if (hub_ >= 0) {
      for (NodeIndex v = 0; v < n_; ++v) {
        if (v == hub_) continue;
        for (int64_t k = offset_[v]; k < offset_[v + 1]; ++k) {
          if (incidence_[k].other == hub_) {
            hub_entry_[v] = k;
            break;
          }
        }
      }
    }
    std::vector<NodeIndex> positive, negative;
    for (NodeIndex v = 0; v < n_; ++v) {
      if (v == hub_) continue;
      if (excess_[v] > 0) positive.push_back(v);
      if (excess_[v] < 0) negative.push_back(v);
    }
    dist_.assign(n_, kUnreached);
    pred_.assign(n_, -1);
    // Searches scan the nodes they settle but never their target, so start
    // from the side whose largest degree is smaller; on a tie, from the more
    // numerous side.
    const auto max_degree = [&](const std::vector<NodeIndex>& nodes) {
      int64_t d = 0;
      for (const NodeIndex v : nodes) d = std::max(d, offset_[v + 1] - offset_[v]);
      return d;
    };
    const int64_t negative_degree = max_degree(negative);
    const int64_t positive_degree = max_degree(positive);
    const bool reverse =
        negative_degree != positive_degree
            ? negative_degree < positive_degree
            : negative.size() >= positive.size();
    for (const bool phase_reverse : {reverse, !reverse}) {
      for (const NodeIndex s : phase_reverse ? negative : positive) {
        while (excess_[s] != 0) {
          ++searches_;
          if (!(phase_reverse ? SearchReverse(s) : SearchForward(s))) {
            return SolveStatus::kInfeasible;
          }
        }
      }
    }
    if (hub_ >= 0 && excess_[hub_] != 0) return SolveStatus::kInfeasible;
    if (std::getenv("PASSERELLE_FLOW_DEBUG")) {
      const auto ms = [](std::clock_t a, std::clock_t b) { return 1000.0 * static_cast<double>(b - a) / CLOCKS_PER_SEC; };
      const auto t4 = std::clock();
      std::fprintf(stderr, "ssp: csr %.1f clamp+repair %.1f init %.1f search %.1f ms; %zu+ %zu- reverse=%d searches=%lld touched=%lld\n",
                   ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4),
                   positive.size(), negative.size(), reverse ? 1 : 0,
                   static_cast<long long>(searches_), static_cast<long long>(touched_total_));
    }
    return SolveStatus::kOptimal;
  }

  void BuildIncidence() {
    offset_.assign(n_ + 1, 0);
    for (ArcIndex a = 0; a < m_; ++a) {
      ++offset_[arcs_[a].tail + 1];
      ++offset_[arcs_[a].head + 1];
    }
    for (NodeIndex v = 0; v < n_; ++v) offset_[v + 1] += offset_[v];
    incidence_.resize(offset_[n_]);
    std::vector<int64_t> fill(offset_.begin(), offset_.end() - 1);
    for (ArcIndex a = 0; a < m_; ++a) {
      const int64_t i = fill[arcs_[a].tail]++;
      incidence_[i].code = static_cast<uint32_t>(a) << 1;  // forward
      incidence_[i].other = arcs_[a].head;
      const int64_t j = fill[arcs_[a].head]++;
      incidence_[j].code = (static_cast<uint32_t>(a) << 1) | 1u;  // backward
      incidence_[j].other = arcs_[a].tail;
    }
  }

  bool Violates(ArcIndex a) const {
    const Cost rc = arcs_[a].cost + pi_[arcs_[a].tail] - pi_[arcs_[a].head];
    return (rc < 0 && arcs_[a].flow < arcs_[a].cap) || (rc > 0 && arcs_[a].flow > 0);
  }

  void RepairPotentials() {
    std::vector<NodeIndex> nodes;
    std::vector<char> queued(n_, 0);
    for (ArcIndex a = 0; a < m_; ++a) {
      if (!Violates(a)) continue;
      // The endpoint of smaller degree: moving it disturbs fewer arcs.
      const NodeIndex t = arcs_[a].tail, h = arcs_[a].head;
      const NodeIndex v = offset_[t + 1] - offset_[t] <= offset_[h + 1] - offset_[h] ? t : h;
      if (!queued[v]) {
        queued[v] = 1;
        nodes.push_back(v);
      }
    }
    struct Breakpoint {
      Cost at;
      Flow below;  // flow change needed when pi[v] < at
      Flow above;  // ... when pi[v] > at
    };
    std::vector<Breakpoint> points;
    for (const NodeIndex v : nodes) {
      points.clear();
      for (int64_t k = offset_[v]; k < offset_[v + 1]; ++k) {
        const uint32_t code = incidence_[k].code;
        const ArcIndex a = static_cast<ArcIndex>(code >> 1);
        const Flow f = arcs_[a].flow, c = arcs_[a].cap;
        if (arcs_[a].tail == arcs_[a].head) continue;
        if (code & 1u) {  // w -> v: rc = cost + pi[w] - x
          points.push_back({arcs_[a].cost + pi_[incidence_[k].other], f, c - f});
        } else {  // v -> w: rc = cost + x - pi[w]
          points.push_back({pi_[incidence_[k].other] - arcs_[a].cost, c - f, f});
        }
      }
      const Cost x0 = pi_[v];
      Flow current = 0, total_below = 0;
      for (const Breakpoint& p : points) {
        current += p.at > x0 ? p.below : (p.at < x0 ? p.above : 0);
        total_below += p.below;
      }
      std::sort(points.begin(), points.end(),
                [](const Breakpoint& x, const Breakpoint& y) { return x.at < y.at; });
      Flow best = current, above_before = 0, below_after = total_below;
      Cost best_at = x0;
      for (size_t i = 0; i < points.size();) {
        size_t j = i;
        Flow group_below = 0, group_above = 0;
        while (j < points.size() && points[j].at == points[i].at) {
          group_below += points[j].below;
          group_above += points[j].above;
          ++j;
        }
        below_after -= group_below;
        const Flow value = below_after + above_before;
        if (value < best) {
          best = value;
          best_at = points[i].at;
        }
        above_before += group_above;
        i = j;
      }
      pi_[v] = best_at;
    }
  }

  // The hub is a target of every search: as soon as a node v gets a tentative
  // distance, relax its arc to (forward) or from (reverse) the hub, so that
  // the hub's tentative distance bounds the search and nodes beyond it are
  // never pushed. Valid because the hub's key is always the length of a real
  // path through nodes whose keys it exceeds.
  void RelaxHubEagerly(NodeIndex v, Cost dv, bool reverse) {
    const uint32_t code = incidence_[hub_entry_[v]].code;
    const ArcIndex a = static_cast<ArcIndex>(code >> 1);
    const bool v_is_tail = (code & 1u) == 0;
    Cost rc;
    if (!reverse) {  // residual v -> hub
      if (v_is_tail ? arcs_[a].flow == arcs_[a].cap : arcs_[a].flow == 0) return;
      rc = (v_is_tail ? arcs_[a].cost : -arcs_[a].cost) + pi_[v] - pi_[hub_];
    } else {  // residual hub -> v
      if (v_is_tail ? arcs_[a].flow == 0 : arcs_[a].flow == arcs_[a].cap) return;
      rc = (v_is_tail ? -arcs_[a].cost : arcs_[a].cost) + pi_[hub_] - pi_[v];
    }
    const Cost nd = dv + rc;
    if (nd < dist_[hub_]) {
      if (dist_[hub_] == kUnreached) touched_.push_back(hub_);
      dist_[hub_] = nd;
      pred_[hub_] = reverse ? code ^ 1u : code;
      heap_.PushOrDecrease(hub_, nd);
    }
  }

  // Residual arc `code` (arc << 1 | backward) as seen from its own tail.
  Flow Residual(uint32_t code) const {
    const ArcIndex a = static_cast<ArcIndex>(code >> 1);
    return (code & 1u) ? arcs_[a].flow : arcs_[a].cap - arcs_[a].flow;
  }

  // Dijkstra from `s` (excess > 0) to the nearest node with excess < 0.
  bool SearchForward(NodeIndex s) {
    touched_.clear();
    dist_[s] = 0;
    touched_.push_back(s);
    heap_.PushOrDecrease(s, 0);
    if (hub_entry_[s] >= 0) RelaxHubEagerly(s, 0, /*reverse=*/false);
    NodeIndex target = -1;
    Cost bound = 0;
    while (!heap_.empty()) {
      const auto [d, u] = heap_.Pop();
      if ((excess_[u] < 0 || u == hub_) && u != s) {
        target = u;
        bound = d;
        break;
      }
      const Cost pu = pi_[u];
      for (int64_t k = offset_[u], end = offset_[u + 1]; k < end; ++k) {
        const uint32_t code = incidence_[k].code;
        const ArcIndex a = static_cast<ArcIndex>(code >> 1);
        const NodeIndex v = incidence_[k].other;
        Cost rc;
        if (code & 1u) {  // u is the head: residual u -> v decreases flow
          if (arcs_[a].flow == 0) continue;
          rc = -arcs_[a].cost + pu - pi_[v];
        } else {
          if (arcs_[a].flow == arcs_[a].cap) continue;
          rc = arcs_[a].cost + pu - pi_[v];
        }
        const Cost nd = d + rc;
        if (hub_ >= 0 && nd >= dist_[hub_]) continue;  // popped after the hub
        if (nd < dist_[v]) {
          if (dist_[v] == kUnreached) touched_.push_back(v);
          dist_[v] = nd;
          pred_[v] = code;
          heap_.PushOrDecrease(v, nd);
          if (hub_entry_[v] >= 0) RelaxHubEagerly(v, nd, /*reverse=*/false);
        }
      }
    }
    heap_.Clear();
    touched_total_ += static_cast<int64_t>(touched_.size());
    if (target < 0) {
      ResetTouched();
      return false;
    }
    // Bottleneck along the path target <- ... <- s.
    Flow delta = excess_[target] < 0 ? std::min(excess_[s], -excess_[target])
                                     : excess_[s];
    for (NodeIndex v = target; v != s;) {
      const uint32_t code = pred_[v];
      delta = std::min(delta, Residual(code));
      const ArcIndex a = static_cast<ArcIndex>(code >> 1);
      v = (code & 1u) ? arcs_[a].head : arcs_[a].tail;
    }
    for (NodeIndex v = target; v != s;) {
      const uint32_t code = pred_[v];
      const ArcIndex a = static_cast<ArcIndex>(code >> 1);
      arcs_[a].flow += (code & 1u) ? -delta : delta;
      v = (code & 1u) ? arcs_[a].head : arcs_[a].tail;
    }
    excess_[s] -= delta;
    excess_[target] += delta;
    for (const NodeIndex v : touched_) {
      if (dist_[v] < bound) pi_[v] -= bound - dist_[v];
      dist_[v] = kUnreached;
    }
    return true;
  }

  // Dijkstra on reversed residual arcs from `s` (excess < 0) to the nearest
  // node with excess > 0.
  bool SearchReverse(NodeIndex s) {
    touched_.clear();
    dist_[s] = 0;
    touched_.push_back(s);
    heap_.PushOrDecrease(s, 0);
    if (hub_entry_[s] >= 0) RelaxHubEagerly(s, 0, /*reverse=*/true);
    NodeIndex target = -1;
    Cost bound = 0;
    while (!heap_.empty()) {
      const auto [d, u] = heap_.Pop();
      if ((excess_[u] > 0 || u == hub_) && u != s) {
        target = u;
        bound = d;
        break;
      }
      const Cost pu = pi_[u];
      for (int64_t k = offset_[u], end = offset_[u + 1]; k < end; ++k) {
        const uint32_t code = incidence_[k].code;
        const ArcIndex a = static_cast<ArcIndex>(code >> 1);
        const NodeIndex v = incidence_[k].other;
        Cost rc;
        if (code & 1u) {  // arc v -> u: residual v -> u if not saturated
          if (arcs_[a].flow == arcs_[a].cap) continue;
          rc = arcs_[a].cost + pi_[v] - pu;
        } else {  // arc u -> v: residual v -> u if it carries flow
          if (arcs_[a].flow == 0) continue;
          rc = -arcs_[a].cost + pi_[v] - pu;
        }
        const Cost nd = d + rc;
        if (hub_ >= 0 && nd >= dist_[hub_]) continue;  // popped after the hub
        if (nd < dist_[v]) {
          if (dist_[v] == kUnreached) touched_.push_back(v);
          dist_[v] = nd;
          // Code of the residual arc v -> u, seen from v.
          pred_[v] = code ^ 1u;
          heap_.PushOrDecrease(v, nd);
          if (hub_entry_[v] >= 0) RelaxHubEagerly(v, nd, /*reverse=*/true);
        }
      }
    }
    heap_.Clear();
    touched_total_ += static_cast<int64_t>(touched_.size());
    if (target < 0) {
      ResetTouched();
      return false;
    }
    // Path target -> ... -> s.
    Flow delta = excess_[target] > 0 ? std::min(excess_[target], -excess_[s])
                                     : -excess_[s];
    for (NodeIndex v = target; v != s;) {
      const uint32_t code = pred_[v];
      delta = std::min(delta, Residual(code));
      const ArcIndex a = static_cast<ArcIndex>(code >> 1);
      v = (code & 1u) ? arcs_[a].tail : arcs_[a].head;
    }
    for (NodeIndex v = target; v != s;) {
      const uint32_t code = pred_[v];
      const ArcIndex a = static_cast<ArcIndex>(code >> 1);
      arcs_[a].flow += (code & 1u) ? -delta : delta;
      v = (code & 1u) ? arcs_[a].tail : arcs_[a].head;
    }
    excess_[s] += delta;
    excess_[target] -= delta;
    for (const NodeIndex v : touched_) {
      if (dist_[v] < bound) pi_[v] += bound - dist_[v];
      dist_[v] = kUnreached;
    }
    return true;
  }

  bool repair_potentials_ = false;
  NodeIndex hub_ = -1;
  std::vector<int64_t> hub_entry_;  // per node: incidence entry to the hub
  int64_t searches_ = 0;
  int64_t touched_total_ = 0;

  void ResetTouched() {
    for (const NodeIndex v : touched_) dist_[v] = kUnreached;
  }

  const Prepared& problem_;
  const NodeIndex n_;
  const ArcIndex m_;
  struct Arc {
    NodeIndex tail;
    NodeIndex head;
    Cost cost;
    Flow cap;
    Flow flow;
  };
  // Arcs in internal order (see FindHubAndPermute): one cache line holds all
  // an arc scan reads. `perm_[i]` is the input index of arc i (empty =
  // input order).
  std::vector<Arc> arcs_;
  std::vector<ArcIndex> perm_;
  Cost* pi_ = nullptr;
  std::vector<int64_t> offset_;
  struct Entry {
    uint32_t code;  // arc << 1 | (1 if this node is the arc's head)
    NodeIndex other;
  };
  std::vector<Entry> incidence_;
  std::vector<Flow> excess_;
  std::vector<Cost> dist_;
  std::vector<uint32_t> pred_;
  std::vector<NodeIndex> touched_;
  IndexedHeap heap_;
};

}  // namespace

SolveStatus RunSuccessiveShortestPaths(const Prepared& problem,
                                       std::vector<Flow>& flow,
                                       std::vector<Cost>& potential,
                                       bool warm) {
  SuccessiveShortestPaths ssp(problem);
  ssp.set_repair_potentials(warm);
  return ssp.Run(flow, potential);
}

bool InitMatchingShape(const Prepared& problem, std::vector<Flow>& flow,
                       std::vector<Cost>& potential) {
  const Network& net = *problem.network;
  const NodeIndex n = net.num_nodes();
  const ArcIndex m = net.num_arcs();
  if (net.has_lower_bounds() || n < 2 || m == 0) return false;
  NodeIndex sink = -1;
  for (NodeIndex v = 0; v < n; ++v) {
    if (net.supply(v) < 0) {
      if (sink >= 0) return false;
      sink = v;
    }
  }
  if (sink < 0) return false;
  // Roles: 1 = source, 2 = opening (supply 0, not the sink).
  std::vector<int8_t> role(n, 2);
  for (NodeIndex v = 0; v < n; ++v) {
    if (net.supply(v) > 0) role[v] = 1;
  }
  role[sink] = 0;
  // Cheapest direct arc source -> sink able to carry the whole supply.
  std::vector<ArcIndex> unplaced(n, -1);
  for (ArcIndex a = 0; a < m; ++a) {
    const NodeIndex t = net.tail(a), h = net.head(a);
    if (t == sink) return false;
    if (role[h] == 1) return false;                   // sources: no in-arcs
    if (role[t] == 2 && h != sink) return false;      // openings -> sink only
    if (role[t] == 1 && h == sink &&
        problem.capacity[a] >= net.supply(t) &&
        (unplaced[t] < 0 || net.cost(a) < net.cost(unplaced[t]))) {
      unplaced[t] = a;
    }
  }
  for (NodeIndex v = 0; v < n; ++v) {
    if (role[v] == 1 && unplaced[v] < 0) return false;
  }
  // Dual: sink at 0, every source exactly unplaced, every opening priced by
  // its best source so that all source -> opening arcs have rc >= 0.
  potential.assign(n, 0);
  flow.assign(m, 0);
  constexpr Cost kNone = std::numeric_limits<Cost>::max();
  std::vector<Cost> best(n, kNone);
  for (NodeIndex v = 0; v < n; ++v) {
    if (role[v] == 1) {
      potential[v] = -net.cost(unplaced[v]);
      flow[unplaced[v]] = net.supply(v);
    }
  }
  for (ArcIndex a = 0; a < m; ++a) {
    const NodeIndex t = net.tail(a), h = net.head(a);
    if (role[t] == 1 && role[h] == 2) {
      best[h] = std::min(best[h], net.cost(a) + potential[t]);
    }
  }
  for (NodeIndex v = 0; v < n; ++v) {
    if (role[v] == 2) potential[v] = best[v] == kNone ? 0 : best[v];
  }
  return true;
}

}  // namespace passerelle::flow::internal
