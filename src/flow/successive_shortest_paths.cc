// Successive shortest paths on a pseudo-flow with Dijkstra on reduced costs;
// see min_cost_flow.h for the method.
//
// Invariant: every residual arc has reduced cost >= 0. A search starts from one
// imbalanced node and stops when it settles a node of the opposite sign; only
// settled nodes get new potentials (the usual "min(d, D)" update shifted by
// -D so that untouched nodes keep theirs).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "internal.h"
#include "passerelle/internal/memory.h"
#include "passerelle/internal/parallel.h"

namespace passerelle::flow::internal {
namespace {

constexpr Cost kUnreached = std::numeric_limits<Cost>::max();
// Scans of a node's arcs prefetch the arc and potential this many entries
// ahead: the loop has no dependency chain, so the misses overlap.
constexpr int64_t kPrefetch = 8;

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
      : problem_(&problem),
        n_(problem.num_nodes()),
        m_(problem.num_arcs()),
        heap_(problem.num_nodes()) {}

  // Warm starts: before saturating, move the potential of each endpoint of
  // a violating arc to the value that needs the fewest units of flow changed
  // on its arcs (a changed cost then costs one unit of imbalance, not one per
  // arc that became attractive).
  void set_repair_potentials(bool repair) { repair_potentials_ = repair; }

  // Gives up (kNotSolved) once the searches have scanned more arc entries
  // than `budget` (negative: no limit).
  void set_scan_budget(int64_t budget) { scan_budget_ = budget; }

  // One solve: builds the graph, then iterates.
  SolveStatus Run(std::vector<Flow>& flow, std::vector<Cost>& pi) {
    const auto t0 = std::clock();
    BuildGraph();
    Load(*problem_, flow);
    const SolveStatus status = Iterate(pi, t0);
    ExportFlows(flow);
    return status;
  }

  // Topology: incidence lists, hub, arc records. Once per network topology.
  void BuildGraph() {
    const NodeIndex* tail = problem_->network->tails().data();
    const NodeIndex* head = problem_->network->heads().data();
    BuildIncidence(tail, head);
    hub_ = -1;
    int64_t hub_degree = 0;
    for (NodeIndex v = 0; v < n_; ++v) {
      if (offset_[v + 1] - offset_[v] > hub_degree) {
        hub_degree = offset_[v + 1] - offset_[v];
        hub_ = v;
      }
    }
    // A hub: far above the average degree (the sink of a matching network
    // has one arc per candidate, 16 times the ~30 of a candidate).
    if (hub_degree < 256 || hub_degree < 8 * (2 * int64_t{m_} / std::max(1, n_))) {
      hub_ = -1;
    }
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
    // Ends here, the rest by the first pass of `Iterate` (after `Load`).
    passerelle::internal::ResizeForWriting(arcs_, m_);
    for (ArcIndex a = 0; a < m_; ++a) {
      arcs_[a].tail = tail[a];
      arcs_[a].head = head[a];
    }
  }

  // Costs, capacities, supplies and starting flows of `problem`, whose
  // topology must be the one of `BuildGraph`. One sequential pass.
  // (Read by the first pass of `Iterate`, which copies them into `arcs_`.)
  void Load(const Prepared& problem, const std::vector<Flow>& flow) {
    problem_ = &problem;
    start_flow_ = &flow;
  }

  // Next `Iterate` continues from the state the last one left (which must
  // have been optimal, with the potentials passed back unchanged).
  void Continue(const Prepared& problem) {
    problem_ = &problem;
    start_flow_ = nullptr;
  }

  // Remembers the supplies of an optimal solve, for `Continue`.
  void RememberSupplies() {
    last_supply_.assign(problem_->supply.begin(), problem_->supply.end());
  }

  ArcIndex num_arcs() const { return m_; }

  void ExportFlows(std::vector<Flow>& flow) const {
    passerelle::internal::ResizeForWriting(flow, m_);
    for (ArcIndex a = 0; a < m_; ++a) flow[a] = arcs_[a].flow;
  }

  // Successive shortest paths from the loaded flows and `pi` (both
  // repaired into a pseudo-flow with complementary slackness first).
  SolveStatus Iterate(std::vector<Cost>& pi, std::clock_t t0 = std::clock()) {
    pi.resize(n_, 0);
    pi_ = pi.data();
    return IterateImpl(t0);
  }

 private:
  SolveStatus IterateImpl(std::clock_t t0) {
    const auto t1 = std::clock();
    // One pass: clamp flows, imbalances, and the arcs violating
    // complementary slackness.
    violating_.clear();
    const Cost* cost = problem_->network->costs().data();
    const Flow* cap = problem_->capacity;
    if (start_flow_ == nullptr) {
      // Continuing from this object's own optimal state (flows in `arcs_`,
      // the same potentials, every imbalance 0): only arcs whose cost or
      // capacity changed, and supply changes, can break optimality. One
      // sequential comparison pass, no random access.
      excess_.resize(n_);
      for (NodeIndex v = 0; v < n_; ++v) excess_[v] = problem_->supply[v] - last_supply_[v];
      for (ArcIndex a = 0; a < m_; ++a) {
        Arc& arc = arcs_[a];
        if (arc.cost == cost[a] && arc.cap == cap[a]) continue;
        arc.cost = cost[a];
        arc.cap = cap[a];
        const Flow f = std::clamp<Flow>(arc.flow, 0, arc.cap);
        excess_[arc.tail] -= f - arc.flow;
        excess_[arc.head] += f - arc.flow;
        arc.flow = f;
        if (Violates(a)) violating_.push_back(a);
      }
    } else {
      excess_.assign(problem_->supply.begin(), problem_->supply.end());
      const Flow* start = start_flow_->data();
      const ArcIndex with_start =
          std::min<ArcIndex>(m_, static_cast<ArcIndex>(start_flow_->size()));
      for (ArcIndex a = 0; a < m_; ++a) {
        Arc& arc = arcs_[a];
        arc.cost = cost[a];
        arc.cap = cap[a];
        arc.flow = std::clamp<Flow>(a < with_start ? start[a] : 0, 0, arc.cap);
        excess_[arc.tail] -= arc.flow;
        excess_[arc.head] += arc.flow;
        if (Violates(a)) violating_.push_back(a);
      }
    }
    if (repair_potentials_) {
      RepairPotentials();  // moves some potentials, then re-checks their arcs
    }
    const auto t2 = std::clock();
    for (const ArcIndex a : violating_) Saturate(a);
    // A hub (a node of huge degree, like the sink every candidate reaches)
    // must never be scanned: one scan settles its whole zero-reduced-cost
    // neighbourhood. It is therefore a target of every search, whatever its
    // imbalance: phase 1 drains one side into opposite imbalances or the
    // hub, phase 2 drains the other side into the hub, which by then holds
    // exactly the opposite imbalance. Both phases only ever decrease the
    // imbalance of their start nodes, so they terminate.
    const auto t3 = std::clock();
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
    // A side with nothing to move goes second (the searches are the same
    // either way), so that the projection below counts the units there are.
    const bool reverse =
        positive.empty() || negative.empty() ? positive.empty()
        : negative_degree != positive_degree ? negative_degree < positive_degree
                                             : negative.size() >= positive.size();
    // With a scan budget, give up as soon as the searches project past it
    // (the work already done is then a small part of the budget). The
    // projection uses the rate of the last window of units: searches get
    // longer as seats fill, so the running average lags.
    Flow units_left = 0, units_done = 0;
    for (const NodeIndex v : reverse ? negative : positive) units_left += std::abs(excess_[v]);
    const Flow units_total = units_left;
    const Flow window = std::max<Flow>(256, units_total / 64);
    Flow window_units = 0;
    int64_t window_scans = 0;
    for (const bool phase_reverse : {reverse, !reverse}) {
      for (const NodeIndex s : phase_reverse ? negative : positive) {
        while (excess_[s] != 0) {
          ++searches_;
          const Flow before = std::abs(excess_[s]);
          if (!(phase_reverse ? SearchReverse(s) : SearchForward(s))) {
            return SolveStatus::kInfeasible;
          }
          if (scan_budget_ >= 0) {
            if (scanned_total_ > scan_budget_) return GiveUp("budget spent", t0);
            if (phase_reverse == reverse) {
              const Flow moved = before - std::abs(excess_[s]);
              units_done += moved;
              units_left -= moved;
              if (units_done - window_units >= window) {
                const double rate = static_cast<double>(scanned_total_ - window_scans) /
                                    static_cast<double>(units_done - window_units);
                if (static_cast<double>(scanned_total_) + rate * static_cast<double>(units_left) >
                    1.5 * static_cast<double>(scan_budget_)) {
                  return GiveUp("projected past 1.5 budgets", t0);
                }
                window_units = units_done;
                window_scans = scanned_total_;
              }
            }
          }
          if (problem_->past_deadline()) {  // ~25 ns against a search's microseconds
            return SolveStatus::kTimeLimit;
          }
        }
      }
    }
    if (hub_ >= 0 && excess_[hub_] != 0) return SolveStatus::kInfeasible;
    if (std::getenv("PASSERELLE_FLOW_DEBUG")) {
      const auto ms = [](std::clock_t a, std::clock_t b) { return 1000.0 * static_cast<double>(b - a) / CLOCKS_PER_SEC; };
      const auto t4 = std::clock();
      std::fprintf(stderr, "ssp: graph %.1f first pass+repair %.1f saturate %.1f search %.1f ms (cpu); %zu+ %zu- reverse=%d searches=%lld touched=%lld scanned=%lld n=%d m=%d hub=%d\n",
                   ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4),
                   positive.size(), negative.size(), reverse ? 1 : 0,
                   static_cast<long long>(searches_), static_cast<long long>(touched_total_),
                   static_cast<long long>(scanned_total_), n_, m_, hub_);
    }
    return SolveStatus::kOptimal;
  }

  SolveStatus GiveUp(const char* why, std::clock_t t0) const {
    if (std::getenv("PASSERELLE_FLOW_DEBUG")) {
      std::fprintf(stderr, "ssp: gave up (%s) after %lld searches, %lld scans, %.1f ms (cpu)\n", why,
                   static_cast<long long>(searches_), static_cast<long long>(scanned_total_),
                   1000.0 * static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC);
    }
    return SolveStatus::kNotSolved;
  }

  void BuildIncidence(const NodeIndex* tail, const NodeIndex* head) {
    offset_.assign(n_ + 1, 0);
    for (ArcIndex a = 0; a < m_; ++a) {
      ++offset_[tail[a] + 1];
      ++offset_[head[a] + 1];
    }
    for (NodeIndex v = 0; v < n_; ++v) offset_[v + 1] += offset_[v];
    passerelle::internal::ResizeForWriting(incidence_, static_cast<size_t>(offset_[n_]));  // filled below
    std::vector<int64_t> fill(offset_.begin(), offset_.end() - 1);
    constexpr ArcIndex kAhead = 32;
    for (ArcIndex a = 0; a < m_; ++a) {
      if (a + kAhead < m_) {
        __builtin_prefetch(&incidence_[fill[tail[a + kAhead]]], 1);
        __builtin_prefetch(&incidence_[fill[head[a + kAhead]]], 1);
      }
      incidence_[fill[tail[a]]++] = {static_cast<uint32_t>(a) << 1, head[a]};
      incidence_[fill[head[a]]++] = {(static_cast<uint32_t>(a) << 1) | 1u, tail[a]};
    }
  }


  bool Violates(ArcIndex a) const {
    const Cost rc = arcs_[a].cost + pi_[arcs_[a].tail] - pi_[arcs_[a].head];
    return (rc < 0 && arcs_[a].flow < arcs_[a].cap) || (rc > 0 && arcs_[a].flow > 0);
  }

  // Sets the flow of `a` to the bound its reduced cost asks for.
  void Saturate(ArcIndex a) {
    Arc& arc = arcs_[a];
    const Cost rc = arc.cost + pi_[arc.tail] - pi_[arc.head];
    const Flow f = rc < 0 ? arc.cap : (rc > 0 ? 0 : arc.flow);
    excess_[arc.tail] -= f - arc.flow;
    excess_[arc.head] += f - arc.flow;
    arc.flow = f;
  }

  void RepairPotentials() {
    std::vector<NodeIndex> nodes;
    std::vector<char> queued(n_, 0);
    for (const ArcIndex a : violating_) {
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
    // Arcs around moved potentials may violate now; Saturate is idempotent,
    // so duplicates in the list are harmless.
    for (const NodeIndex v : nodes) {
      for (int64_t k = offset_[v]; k < offset_[v + 1]; ++k) {
        const ArcIndex a = static_cast<ArcIndex>(incidence_[k].code >> 1);
        if (Violates(a)) violating_.push_back(a);
      }
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
      if (hub_ >= 0 && dist_[hub_] <= d) {  // tie with the hub: take the hub
        target = hub_;
        bound = dist_[hub_];
        break;
      }
      const Cost pu = pi_[u];
      scanned_total_ += offset_[u + 1] - offset_[u];
      for (int64_t k = offset_[u], end = offset_[u + 1]; k < end; ++k) {
        if (k + kPrefetch < end) {
          const Entry& ahead = incidence_[k + kPrefetch];
          __builtin_prefetch(&arcs_[ahead.code >> 1]);
          __builtin_prefetch(&pi_[ahead.other]);
        }
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
      if (hub_ >= 0 && dist_[hub_] <= d) {  // tie with the hub: take the hub
        target = hub_;
        bound = dist_[hub_];
        break;
      }
      const Cost pu = pi_[u];
      scanned_total_ += offset_[u + 1] - offset_[u];
      for (int64_t k = offset_[u], end = offset_[u + 1]; k < end; ++k) {
        if (k + kPrefetch < end) {
          const Entry& ahead = incidence_[k + kPrefetch];
          __builtin_prefetch(&arcs_[ahead.code >> 1]);
          __builtin_prefetch(&pi_[ahead.other]);
        }
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
  const std::vector<Flow>* start_flow_ = nullptr;
  std::vector<Flow> last_supply_;
  std::vector<ArcIndex> violating_;
  NodeIndex hub_ = -1;
  std::vector<int64_t> hub_entry_;  // per node: incidence entry to the hub
  int64_t searches_ = 0;
  int64_t touched_total_ = 0;
  int64_t scanned_total_ = 0;
  int64_t scan_budget_ = -1;

  void ResetTouched() {
    for (const NodeIndex v : touched_) dist_[v] = kUnreached;
  }

  const Prepared* problem_;
  const NodeIndex n_;
  const ArcIndex m_;
  struct Arc {
    NodeIndex tail;
    NodeIndex head;
    Cost cost;
    Flow cap;
    Flow flow;
  };
  // Per arc, in input order: one cache line holds all an arc scan reads.
  std::vector<Arc, passerelle::internal::UninitializedAllocator<Arc>> arcs_;
  Cost* pi_ = nullptr;
  std::vector<int64_t> offset_;
  struct Entry {
    uint32_t code;  // arc << 1 | (1 if this node is the arc's head)
    NodeIndex other;
  };
  std::vector<Entry, passerelle::internal::UninitializedAllocator<Entry>> incidence_;
  std::vector<Flow> excess_;
  std::vector<Cost> dist_;
  std::vector<uint32_t> pred_;
  std::vector<NodeIndex> touched_;
  IndexedHeap heap_;
};

}  // namespace

namespace {

class SspEngineImpl : public SspEngine {
 public:
  explicit SspEngineImpl(const Prepared& problem) : ssp_(problem) { ssp_.BuildGraph(); }

  SolveStatus Solve(const Prepared& problem, std::vector<Flow>& flow,
                    std::vector<Cost>& potential) override {
    ssp_.set_repair_potentials(true);
    // `flow` and `potential` are what the last optimal solve returned: the
    // state kept inside is the same, so only changes need looking at.
    if (optimal_state_ && static_cast<ArcIndex>(flow.size()) == ssp_.num_arcs()) {
      ssp_.Continue(problem);
    } else {
      ssp_.Load(problem, flow);
    }
    const SolveStatus status = ssp_.Iterate(potential);
    optimal_state_ = status == SolveStatus::kOptimal;
    if (optimal_state_) ssp_.RememberSupplies();
    ssp_.ExportFlows(flow);
    return status;
  }

 private:
  SuccessiveShortestPaths ssp_;
  bool optimal_state_ = false;
};

}  // namespace

std::unique_ptr<SspEngine> SspEngine::Create(const Prepared& problem) {
  return std::make_unique<SspEngineImpl>(problem);
}

SolveStatus RunSuccessiveShortestPaths(const Prepared& problem,
                                       std::vector<Flow>& flow,
                                       std::vector<Cost>& potential,
                                       bool warm, int64_t scan_budget) {
  SuccessiveShortestPaths ssp(problem);
  ssp.set_repair_potentials(warm);
  ssp.set_scan_budget(scan_budget);
  return ssp.Run(flow, potential);
}

namespace {

// The network as the matching shape's code reads it: as given, or mirrored
// (every arc reversed and every supply negated: the same problem, with the
// same flows and the potentials negated). Only what that code reads.
template <bool kMirrored>
struct Oriented {
  const Network& net;
  const Prepared& problem;
  NodeIndex tail(ArcIndex a) const { return kMirrored ? net.head(a) : net.tail(a); }
  NodeIndex head(ArcIndex a) const { return kMirrored ? net.tail(a) : net.head(a); }
  Flow supply(NodeIndex v) const { return kMirrored ? -net.supply(v) : net.supply(v); }
  // After Prepare's shift by the lower bounds (the same either way round).
  Flow shifted_supply(NodeIndex v) const { return kMirrored ? -problem.supply[v] : problem.supply[v]; }
};

// The matching shape's tests that need no adjacency: one demand node (the
// sink), no arc out of it, unit-like supplies, and sources without in-arcs
// whose cheapest direct arc to the sink can carry their supply. Fills the
// sink, in-degrees (arcs into the sink left out) and direct arcs.
template <bool kMirrored>
bool ScanMatchingShape(const Prepared& problem, NodeIndex* sink_out, std::vector<int32_t>* in_degree_out,
                       std::vector<ArcIndex>* direct_out) {
  const Network& net = *problem.network;
  const Oriented<kMirrored> o{net, problem};
  const NodeIndex n = net.num_nodes();
  const ArcIndex m = net.num_arcs();
  if (n < 2 || m == 0) return false;
  NodeIndex sink = -1;
  for (NodeIndex v = 0; v < n; ++v) {
    if (o.supply(v) < 0) {
      if (sink >= 0) return false;
      sink = v;
    }
  }
  if (sink < 0) return false;
  std::vector<int32_t>& in_degree = *in_degree_out;
  std::vector<ArcIndex>& direct = *direct_out;  // cheapest wide arc v -> sink
  in_degree.assign(n, 0);
  direct.assign(n, -1);
  for (ArcIndex a = 0; a < m; ++a) {
    const NodeIndex t = o.tail(a), h = o.head(a);
    if (t == sink) return false;
    if (h == sink) {
      // The cheapest that can carry the source's supply (its "unplaced"
      // arc; a cheaper narrow one, a bypassed opening say, is a placement).
      if (problem.capacity[a] >= o.shifted_supply(t) &&
          (direct[t] < 0 || net.cost(a) < net.cost(direct[t]))) {
        direct[t] = a;
      }
      continue;
    }
    ++in_degree[h];
  }
  // Successive shortest paths needs at most one search per unit of supply:
  // keep it for unit-like supplies.
  Flow total_supply = 0;
  for (NodeIndex v = 0; v < n; ++v) total_supply += std::max<Flow>(0, o.supply(v));
  if (total_supply > 4 * static_cast<Flow>(n) + 64) return false;
  // Sources: positive supply, no in-arcs, a direct arc able to carry it all.
  for (NodeIndex v = 0; v < n; ++v) {
    if (v == sink || o.supply(v) <= 0) continue;
    if (in_degree[v] != 0) return false;
    const Flow shifted = o.shifted_supply(v);
    if (shifted > 0 && (direct[v] < 0 || problem.capacity[direct[v]] < shifted)) {
      return false;
    }
  }
  *sink_out = sink;
  return true;
}

// The scan of `problem`, done at the first call: as given first, then
// mirrored.
const MatchingScan& ScanOnce(const Prepared& problem) {
  MatchingScan& scan = problem.matching_scan;
  if (scan.result != MatchingScan::Result::kNotScanned) return scan;
  if (ScanMatchingShape<false>(problem, &scan.sink, &scan.in_degree, &scan.direct)) {
    scan.result = MatchingScan::Result::kStraight;
  } else if (ScanMatchingShape<true>(problem, &scan.sink, &scan.in_degree, &scan.direct)) {
    scan.result = MatchingScan::Result::kMirrored;
  } else {
    scan = MatchingScan();
    scan.result = MatchingScan::Result::kNone;
  }
  return scan;
}

// The start of the matching shape in the orientation `scan` was found in.
template <bool kMirrored>
bool InitMatchingShapeAs(const Prepared& problem, const MatchingScan& scan, std::vector<Flow>& flow,
                         std::vector<Cost>& potential) {
  const Network& net = *problem.network;
  const Oriented<kMirrored> o{net, problem};
  const NodeIndex n = net.num_nodes();
  const ArcIndex m = net.num_arcs();
  const NodeIndex sink = scan.sink;
  const std::vector<int32_t>& scanned_in_degree = scan.in_degree;  // without the arcs into the sink
  const std::vector<ArcIndex>& direct = scan.direct;
  constexpr Cost kNone = std::numeric_limits<Cost>::max();
  // Seat side or candidate side: each search resolves a unit of imbalance,
  // so start from the side with fewer units. Seat side: the capacity of the
  // arcs into the sink that the dual saturates (seats worth filling).
  // Candidate side: the supply of the candidates. Seat side: every candidate
  // unplaced; the seats that pay are saturated later.
  // Seat units: counted by the first pass of the dual when it is final
  // (`seats_counted`), else here.
  Flow seats_counted = -1;
  const auto start_seat_side = [&] {
    Flow seat_units = seats_counted, candidate_units = 0;
    if (seat_units < 0) {
      seat_units = 0;
      for (ArcIndex a = 0; a < m; ++a) {
        const NodeIndex t = o.tail(a);
        if (o.head(a) == sink && !(o.supply(t) > 0) &&
            net.cost(a) + potential[t] - potential[sink] < 0) {
          seat_units += problem.capacity[a];
        }
      }
    }
    for (NodeIndex v = 0; v < n; ++v) {
      if (v != sink && o.supply(v) > 0) candidate_units += std::max<Flow>(0, o.shifted_supply(v));
    }
    passerelle::internal::AssignForWriting(flow, static_cast<size_t>(m), Flow{0});
    if (seat_units > candidate_units) return false;
    for (NodeIndex v = 0; v < n; ++v) {
      if (v != sink && o.supply(v) > 0 && o.shifted_supply(v) > 0) {
        flow[direct[v]] = o.shifted_supply(v);
      }
    }
    return true;
  };
  // The dual: a source sits exactly at its unplaced price, every other node
  // at its cheapest in-arc (all in-arcs rc >= 0). First by passes over the
  // arcs in input order, which need no adjacency (matching networks are two
  // or three layers deep: three or four passes); the longest path to each
  // node is kept alongside, and settling within 8 passes proves the network
  // without the sink acyclic (a cycle lengthens paths at every pass). When
  // the arcs come in an order where every arc's tail has had all its
  // in-arcs before it (candidates' arcs first, as files and generators list
  // them), the first pass is final and proves it: its own check, one pass.
  bool settled = false;
  {
    potential.assign(n, kNone);
    potential[sink] = 0;
    for (NodeIndex v = 0; v < n; ++v) {
      if (v != sink && scanned_in_degree[v] == 0) potential[v] = direct[v] >= 0 ? -net.cost(direct[v]) : 0;
    }
    std::vector<NodeIndex> depth(n, 0);
    std::vector<int32_t> in_before(n, 0);  // first pass: in-arcs met so far
    bool in_order = true, seats_in_order = true;
    Flow seat_units = 0;  // first pass, as start_seat_side counts them
    for (int pass = 0; pass < 8 && !settled; ++pass) {
      settled = true;
      for (ArcIndex a = 0; a < m; ++a) {
        const NodeIndex t = o.tail(a), h = o.head(a);
        if (h == sink) {
          // The sink's potential is 0 and stays so; the tail's is final
          // when all its in-arcs came before.
          if (pass == 0 && !(o.supply(t) > 0)) {
            // Final: all its in-arcs read, each from a final tail so far.
            seats_in_order = seats_in_order && in_order && in_before[t] == scanned_in_degree[t];
            if (seats_in_order && potential[t] != kNone && net.cost(a) + potential[t] < 0) {
              seat_units += problem.capacity[a];
            }
          }
          continue;
        }
        if (pass == 0) {
          in_order = in_order && in_before[t] == scanned_in_degree[t];
          ++in_before[h];
        }
        if (depth[t] >= depth[h]) {
          depth[h] = depth[t] + 1;
          settled = false;
        }
        if (potential[t] != kNone && potential[t] + net.cost(a) < potential[h]) {
          potential[h] = potential[t] + net.cost(a);
          settled = false;
        }
      }
      // Every tail final before its arcs were read: every potential is, and
      // an arc of a cycle would have met its tail unfinished.
      if (pass == 0 && in_order) {
        settled = true;
        if (seats_in_order) seats_counted = seat_units;
      }
    }
    if (settled && start_seat_side()) return true;
  }
  // Deeper, or more seats than candidates: in topological order (Kahn), on
  // an out-adjacency without arcs into the sink.
  std::vector<int64_t> start(n + 1, 0);
  for (ArcIndex a = 0; a < m; ++a) {
    if (o.head(a) != sink) ++start[o.tail(a) + 1];
  }
  for (NodeIndex v = 0; v < n; ++v) start[v + 1] += start[v];
  std::vector<ArcIndex> out(start[n]);
  {
    std::vector<int64_t> fill(start.begin(), start.end() - 1);
    for (ArcIndex a = 0; a < m; ++a) {
      if (o.head(a) != sink) out[fill[o.tail(a)]++] = a;
    }
  }
  std::vector<int32_t> in_degree = scanned_in_degree;  // counted down below
  potential.assign(n, kNone);
  potential[sink] = 0;
  std::vector<NodeIndex> order;
  order.reserve(n);
  for (NodeIndex v = 0; v < n; ++v) {
    if (v != sink && in_degree[v] == 0) {
      order.push_back(v);
      potential[v] = direct[v] >= 0 ? -net.cost(direct[v]) : 0;
    }
  }
  for (size_t i = 0; i < order.size(); ++i) {
    const NodeIndex u = order[i];
    if (potential[u] == kNone) potential[u] = 0;
    for (int64_t k = start[u]; k < start[u + 1]; ++k) {
      const ArcIndex a = out[k];
      const NodeIndex h = o.head(a);
      potential[h] = std::min(potential[h], potential[u] + net.cost(a));
      if (--in_degree[h] == 0) order.push_back(h);
    }
  }
  if (static_cast<NodeIndex>(order.size()) != n - 1) return false;  // cycle
  // Settled by the passes, the dual was the same and the side already chosen.
  if (!settled && start_seat_side()) return true;
  // More seats than candidates: zero flow and shortest-path labels from the
  // candidates (all arcs rc >= 0), so that each candidate's search ends at
  // the first free seat or its unplaced arc.
  for (NodeIndex v = 0; v < n; ++v) {
    if (v != sink && scanned_in_degree[v] == 0) potential[v] = 0;
  }
  potential[sink] = kNone;
  for (const NodeIndex u : order) {
    if (scanned_in_degree[u] != 0) potential[u] = kNone;
  }
  for (const NodeIndex u : order) {
    if (potential[u] == kNone) potential[u] = 0;  // unreachable: any label
    for (int64_t k = start[u]; k < start[u + 1]; ++k) {
      const NodeIndex h = o.head(out[k]);
      potential[h] = std::min(potential[h], potential[u] + net.cost(out[k]));
    }
  }
  for (ArcIndex a = 0; a < m; ++a) {
    if (o.head(a) == sink && potential[o.tail(a)] != kNone) {
      potential[sink] = std::min(potential[sink], potential[o.tail(a)] + net.cost(a));
    }
  }
  if (potential[sink] == kNone) potential[sink] = 0;
  return true;
}

}  // namespace

bool LooksLikeMatching(const Prepared& problem) {
  return ScanOnce(problem).result != MatchingScan::Result::kNone;
}

bool InitMatchingShape(const Prepared& problem, std::vector<Flow>& flow,
                       std::vector<Cost>& potential) {
  const MatchingScan& scan = ScanOnce(problem);
  if (scan.result == MatchingScan::Result::kNone) return false;
  MatchingScan mirrored;
  if (scan.result == MatchingScan::Result::kStraight) {
    if (InitMatchingShapeAs<false>(problem, scan, flow, potential)) return true;
    // A cycle as given: perhaps not mirrored.
    if (!ScanMatchingShape<true>(problem, &mirrored.sink, &mirrored.in_degree, &mirrored.direct)) return false;
  }
  // Mirrored (arcs from the openings to the candidates, one source): the
  // same flows, the potentials negated.
  if (!InitMatchingShapeAs<true>(problem, scan.result == MatchingScan::Result::kMirrored ? scan : mirrored, flow,
                                 potential)) {
    return false;
  }
  for (Cost& p : potential) p = -p;
  return true;
}

}  // namespace passerelle::flow::internal
