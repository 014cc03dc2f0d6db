// Independent oracles for the flow tests: Boost.Graph's Edmonds-Karp max flow
// followed by cycle canceling (after removing lower bounds and negative
// costs), and Floyd-Warshall for negative cycles of infinite capacity.
// (Boost's successive_shortest_path_nonnegative_weights adds its "infinite"
// distances, a signed overflow that UBSan rejects, hence cycle canceling.)
#ifndef PASSERELLE_TESTS_FLOW_FLOW_ORACLE_H_
#define PASSERELLE_TESTS_FLOW_FLOW_ORACLE_H_

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/cycle_canceling.hpp>
#include <boost/graph/edmonds_karp_max_flow.hpp>
#include <boost/graph/find_flow_cost.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "passerelle/flow/network.h"

namespace passerelle::flow::testing {

// A capacity above any flow a bounded solution of `net` carries on one arc
// (the stand-in for infinite capacities in `OracleMinCost`).
inline int64_t BigCapacity(const Network& net) {
  int64_t big = 1;
  for (NodeIndex v = 0; v < net.num_nodes(); ++v) big += net.supply(v) < 0 ? -net.supply(v) : net.supply(v);
  for (ArcIndex a = 0; a < net.num_arcs(); ++a) {
    if (net.capacity(a) != kInfiniteCapacity) big += net.capacity(a);
  }
  return big;
}

// Min cost of `net` with every infinite capacity replaced by `big`, or nullopt
// if infeasible.
inline std::optional<int64_t> OracleMinCost(const Network& net, int64_t big) {
  using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  using Graph = boost::adjacency_list<
      boost::vecS, boost::vecS, boost::directedS, boost::no_property,
      boost::property<boost::edge_capacity_t, int64_t,
      boost::property<boost::edge_residual_capacity_t, int64_t,
      boost::property<boost::edge_reverse_t, Traits::edge_descriptor,
      boost::property<boost::edge_weight_t, int64_t>>>>>;
  const int n = net.num_nodes();
  Graph g(n + 2);
  const int s = n, t = n + 1;
  auto cap = get(boost::edge_capacity, g);
  auto rev = get(boost::edge_reverse, g);
  auto weight = get(boost::edge_weight, g);
  const auto add = [&](int u, int v, int64_t c, int64_t w) {
    auto e = add_edge(u, v, g).first;
    auto r = add_edge(v, u, g).first;
    cap[e] = c;
    cap[r] = 0;
    weight[e] = w;
    weight[r] = -w;
    rev[e] = r;
    rev[r] = e;
  };
  std::vector<int64_t> b(n);
  int64_t sum = 0;
  for (int v = 0; v < n; ++v) {
    b[v] = net.supply(v);
    sum += b[v];
  }
  if (sum != 0) return std::nullopt;
  int64_t base = 0;
  for (int a = 0; a < net.num_arcs(); ++a) {
    const int u = net.tail(a), v = net.head(a);
    const int64_t l = net.lower(a), w = net.cost(a);
    const int64_t c = (net.capacity(a) == kInfiniteCapacity ? big : net.capacity(a)) - l;
    base += l * w;
    b[u] -= l;
    b[v] += l;
    if (u == v) {
      if (w < 0) base += c * w;
      continue;
    }
    if (w < 0) {
      base += c * w;
      b[u] -= c;
      b[v] += c;
      add(v, u, c, -w);
    } else {
      add(u, v, c, w);
    }
  }
  int64_t total = 0;
  for (int v = 0; v < n; ++v) {
    if (b[v] > 0) {
      add(s, v, b[v], 0);
      total += b[v];
    } else if (b[v] < 0) {
      add(v, t, -b[v], 0);
    }
  }
  const int64_t sent = boost::edmonds_karp_max_flow(g, s, t);
  if (sent != total) return std::nullopt;
  boost::cycle_canceling(g);
  return base + boost::find_flow_cost(g);
}

// True if the arcs of infinite capacity hold a negative-cost directed cycle.
inline bool OracleHasNegativeInfiniteCycle(const Network& net) {
  const int n = net.num_nodes();
  constexpr int64_t kInf = std::numeric_limits<int64_t>::max() / 4;
  std::vector<std::vector<int64_t>> d(n, std::vector<int64_t>(n, kInf));
  for (int a = 0; a < net.num_arcs(); ++a) {
    if (net.capacity(a) != kInfiniteCapacity) continue;
    int64_t& x = d[net.tail(a)][net.head(a)];
    x = std::min(x, net.cost(a));
  }
  for (int k = 0; k < n; ++k)
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j)
        if (d[i][k] < kInf && d[k][j] < kInf) d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);
  for (int i = 0; i < n; ++i)
    if (d[i][i] < 0) return true;
  return false;
}

// splitmix64: small, deterministic, good enough for tests.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  int64_t Uniform(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Bernoulli(double p) { return (Next() >> 11) * 0x1.0p-53 < p; }

 private:
  uint64_t state_;
};

// Shape of RandomFeasibleNetwork's arcs.
struct FeasibleShape {
  double hub_rate = 0;  // share of arcs into node 0 (0: no draw for it)
  double lower_rate = 0;
  Flow max_lower = 0;
  Flow max_extra_capacity = 0;  // capacity = lower + Uniform(0, this)
  Cost min_cost = 0, max_cost = 0;
};

// A feasible network of n nodes and m random arcs (parallel arcs and
// self-loops allowed): supplies come from a random flow within the bounds.
inline Network RandomFeasibleNetwork(Rng& rng, NodeIndex n, ArcIndex m, const FeasibleShape& shape) {
  Network net(n);
  std::vector<Flow> supply(n, 0);
  for (ArcIndex a = 0; a < m; ++a) {
    const NodeIndex u = static_cast<NodeIndex>(rng.Uniform(0, n - 1));
    const NodeIndex v = shape.hub_rate > 0 && rng.Bernoulli(shape.hub_rate)
                            ? 0
                            : static_cast<NodeIndex>(rng.Uniform(0, n - 1));
    const Flow lower = rng.Bernoulli(shape.lower_rate) ? rng.Uniform(0, shape.max_lower) : 0;
    const Flow cap = lower + rng.Uniform(0, shape.max_extra_capacity);
    const Flow f = rng.Uniform(lower, cap);
    net.AddArc(u, v, lower, cap, rng.Uniform(shape.min_cost, shape.max_cost));
    supply[u] += f;
    supply[v] -= f;
  }
  for (NodeIndex v = 0; v < n; ++v) net.SetSupply(v, supply[v]);
  return net;
}

}  // namespace passerelle::flow::testing

#endif  // PASSERELLE_TESTS_FLOW_FLOW_ORACLE_H_
