// Helpers shared by the fuzz targets: a failure macro that libFuzzer records
// as a crash, and an independent min-cost-flow oracle for small networks.
//
// The oracle shares no code with src/flow: it removes lower bounds, saturates
// negative-cost arcs, then runs successive shortest paths with Bellman-Ford
// (slow, O(U n m), but obviously right) from a super source to a super sink.
// Infinite capacities are replaced by a bound no optimal acyclic flow needs
// to exceed (total supply plus every finite capacity), which is exact as long
// as no negative cycle is made of infinite arcs; such a cycle is detected
// separately and means "unbounded" when the problem is feasible.
#ifndef PASSERELLE_TESTS_FUZZ_FUZZ_ORACLE_H_
#define PASSERELLE_TESTS_FUZZ_FUZZ_ORACLE_H_

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "passerelle/flow/network.h"

// Prints the failed property and aborts: libFuzzer saves the input.
#define FUZZ_CHECK(condition, message)                                         \
  do {                                                                         \
    if (!(condition)) {                                                        \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n  %s\n", __FILE__, \
                   __LINE__, #condition, std::string(message).c_str());        \
      std::abort();                                                            \
    }                                                                          \
  } while (0)

namespace passerelle::fuzz {

enum class OracleStatus { kOptimal, kInfeasible, kUnbounded, kGaveUp };

struct OracleResult {
  OracleStatus status = OracleStatus::kGaveUp;
  int64_t cost = 0;
};

namespace internal {

struct ResidualArc {
  int32_t to;
  int64_t cap;
  int64_t cost;
  int32_t rev;
};

// Min cost with the given per-arc costs (or 0 when `use_costs` is false), or
// kInfeasible. kGaveUp after `max_augmentations` augmentations.
inline OracleResult SuccessiveShortestPaths(const flow::Network& net, bool use_costs,
                                            int max_augmentations) {
  const int n = net.num_nodes();
  int64_t big = 1;
  for (int v = 0; v < n; ++v) big += net.supply(v) < 0 ? -net.supply(v) : net.supply(v);
  for (int a = 0; a < net.num_arcs(); ++a) {
    if (net.capacity(a) != flow::kInfiniteCapacity) big += net.capacity(a);
    // Lower bounds shift supplies and must fit below an infinite arc's
    // stand-in capacity (an arc of lower bound 205 in a tiny network).
    big += 2 * net.lower(a);
  }
  std::vector<std::vector<ResidualArc>> g(n + 2);
  auto add = [&](int u, int v, int64_t cap_forward, int64_t cap_backward, int64_t cost) {
    g[u].push_back({v, cap_forward, cost, static_cast<int32_t>(g[v].size())});
    g[v].push_back({u, cap_backward, -cost, static_cast<int32_t>(g[u].size() - 1)});
  };
  std::vector<int64_t> balance(n);
  for (int v = 0; v < n; ++v) balance[v] = net.supply(v);
  int64_t total = 0;
  for (int a = 0; a < net.num_arcs(); ++a) {
    const int u = net.tail(a), v = net.head(a);
    const int64_t lower = net.lower(a);
    const int64_t cap = (net.capacity(a) == flow::kInfiniteCapacity ? big : net.capacity(a)) - lower;
    const int64_t w = use_costs ? net.cost(a) : 0;
    total += lower * w;
    balance[u] -= lower;
    balance[v] += lower;
    if (u == v) {
      if (w < 0) total += cap * w;  // a negative self-loop is saturated
      continue;
    }
    if (w < 0) {  // saturate; the residual arc goes backwards at cost -w > 0
      total += cap * w;
      balance[u] -= cap;
      balance[v] += cap;
      add(u, v, 0, cap, w);
    } else {
      add(u, v, cap, 0, w);
    }
  }
  const int s = n, t = n + 1;
  int64_t need = 0, sum = 0;
  for (int v = 0; v < n; ++v) {
    sum += balance[v];
    if (balance[v] > 0) {
      add(s, v, balance[v], 0, 0);
      need += balance[v];
    } else if (balance[v] < 0) {
      add(v, t, -balance[v], 0, 0);
    }
  }
  if (sum != 0) return {OracleStatus::kInfeasible, 0};
  constexpr int64_t kInf = std::numeric_limits<int64_t>::max() / 4;
  int64_t sent = 0;
  for (int round = 0; sent < need; ++round) {
    if (round >= max_augmentations) return {OracleStatus::kGaveUp, 0};
    // Bellman-Ford from s over arcs with residual capacity: every residual
    // cycle has non-negative cost (the flow is always min-cost for its value).
    std::vector<int64_t> dist(n + 2, kInf);
    std::vector<std::pair<int32_t, int32_t>> parent(n + 2, {-1, -1});
    dist[s] = 0;
    for (int iter = 0; iter < n + 2; ++iter) {
      bool changed = false;
      for (int u = 0; u < n + 2; ++u) {
        if (dist[u] == kInf) continue;
        for (int i = 0; i < static_cast<int>(g[u].size()); ++i) {
          const ResidualArc& e = g[u][i];
          if (e.cap > 0 && dist[u] + e.cost < dist[e.to]) {
            dist[e.to] = dist[u] + e.cost;
            parent[e.to] = {u, i};
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    if (dist[t] == kInf) return {OracleStatus::kInfeasible, 0};
    int64_t push = need - sent;
    for (int v = t; v != s; v = parent[v].first) {
      push = std::min(push, g[parent[v].first][parent[v].second].cap);
    }
    for (int v = t; v != s; v = parent[v].first) {
      ResidualArc& e = g[parent[v].first][parent[v].second];
      e.cap -= push;
      g[v][e.rev].cap += push;
    }
    total += push * dist[t];
    sent += push;
  }
  return {OracleStatus::kOptimal, total};
}

// True when the arcs of infinite capacity contain a negative-cost cycle.
inline bool HasNegativeInfiniteCycle(const flow::Network& net) {
  const int n = net.num_nodes();
  std::vector<int64_t> dist(n, 0);
  for (int iter = 0; iter <= n; ++iter) {
    bool changed = false;
    for (int a = 0; a < net.num_arcs(); ++a) {
      if (net.capacity(a) != flow::kInfiniteCapacity) continue;
      if (dist[net.tail(a)] + net.cost(a) < dist[net.head(a)]) {
        dist[net.head(a)] = dist[net.tail(a)] + net.cost(a);
        changed = true;
      }
    }
    if (!changed) return false;
  }
  return true;
}

}  // namespace internal

// The optimum of `net`. Callers keep magnitudes small (sums of costs times
// capacities well inside 64 bits); kGaveUp when the search is too long.
inline OracleResult OracleMinCostFlow(const flow::Network& net, int max_augmentations = 10000) {
  if (internal::HasNegativeInfiniteCycle(net)) {
    const OracleResult feasible = internal::SuccessiveShortestPaths(net, false, max_augmentations);
    if (feasible.status == OracleStatus::kOptimal) return {OracleStatus::kUnbounded, 0};
    return feasible;
  }
  return internal::SuccessiveShortestPaths(net, true, max_augmentations);
}

}  // namespace passerelle::fuzz

#endif  // PASSERELLE_TESTS_FUZZ_FUZZ_ORACLE_H_
