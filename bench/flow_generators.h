// Deterministic generators of min-cost-flow workloads for the benchmarks.
// Every generator is a pure function of its arguments and a seed (splitmix64),
// so the same instance can be rebuilt by bench/compare.py or written as DIMACS.
#ifndef PASSERELLE_BENCH_FLOW_GENERATORS_H_
#define PASSERELLE_BENCH_FLOW_GENERATORS_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "passerelle/flow/network.h"

namespace passerelle::bench {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int64_t Uniform(int64_t lo, int64_t hi) {  // [lo, hi]
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Gaussian() {  // Box-Muller
    const double u = std::max(Unit(), 1e-300), v = Unit();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }

 private:
  uint64_t state_;
};

// Layout of a matching network: candidates [0, C), openings [C, C + O), then
// the sink. Arcs: per candidate `degree` arcs to its nearest openings, then its
// unplaced arc to the sink; then one seat arc per opening.
struct MatchingShape {
  int num_candidates = 0;
  int num_openings = 0;
};

// A region of `km` x `km` with half of the people in 20 towns: candidates
// (supply 1) reach their `degree` nearest openings at cost 10 * distance_km +
// fit (0..200); the unplaced arc costs 3000; openings have 1..5 seats.
inline flow::Network MatchingNetwork(int num_candidates, int num_openings, int degree,
                                     uint64_t seed = 1) {
  SplitMix64 rng(seed);
  const double km = 300.0;
  struct Point { double x, y; };
  std::vector<Point> towns(20);
  for (Point& t : towns) t = {rng.Unit() * km, rng.Unit() * km};
  const auto place = [&]() -> Point {
    if (rng.Unit() < 0.5) {
      const Point& t = towns[rng.Uniform(0, 19)];
      return {std::clamp(t.x + 8.0 * rng.Gaussian(), 0.0, km - 1e-9),
              std::clamp(t.y + 8.0 * rng.Gaussian(), 0.0, km - 1e-9)};
    }
    return {rng.Unit() * km, rng.Unit() * km};
  };
  std::vector<Point> openings(num_openings);
  for (Point& p : openings) p = place();
  // Bucket grid for nearest-opening queries.
  const int cells = std::max(1, static_cast<int>(std::sqrt(num_openings / 4.0)));
  const double cell = km / cells;
  std::vector<std::vector<int>> bucket(cells * cells);
  for (int o = 0; o < num_openings; ++o) {
    const int cx = std::min(cells - 1, static_cast<int>(openings[o].x / cell));
    const int cy = std::min(cells - 1, static_cast<int>(openings[o].y / cell));
    bucket[cy * cells + cx].push_back(o);
  }
  const int k = std::min(degree, num_openings);
  const flow::NodeIndex sink = num_candidates + num_openings;
  flow::Network net(num_candidates + num_openings + 1);
  net.Reserve(num_candidates + num_openings + 1,
              static_cast<flow::ArcIndex>(num_candidates) * (k + 1) + num_openings);
  std::vector<std::pair<double, int>> near;
  for (int c = 0; c < num_candidates; ++c) {
    const Point p = place();
    const int cx = std::min(cells - 1, static_cast<int>(p.x / cell));
    const int cy = std::min(cells - 1, static_cast<int>(p.y / cell));
    // Grow the ring until it holds k openings and the k-th is surely nearest.
    for (int r = 0;; ++r) {
      near.clear();
      for (int y = std::max(0, cy - r); y <= std::min(cells - 1, cy + r); ++y) {
        for (int x = std::max(0, cx - r); x <= std::min(cells - 1, cx + r); ++x) {
          for (const int o : bucket[y * cells + x]) {
            const double dx = openings[o].x - p.x, dy = openings[o].y - p.y;
            near.push_back({dx * dx + dy * dy, o});
          }
        }
      }
      if (static_cast<int>(near.size()) >= k) {
        std::nth_element(near.begin(), near.begin() + (k - 1), near.end());
        if (std::sqrt(near[k - 1].first) <= r * cell || r >= cells) break;
      }
      if (r >= cells) break;
    }
    std::sort(near.begin(), near.begin() + std::min<size_t>(k, near.size()));
    net.SetSupply(c, 1);
    for (int i = 0; i < k && i < static_cast<int>(near.size()); ++i) {
      const flow::Cost cost =
          static_cast<flow::Cost>(10.0 * std::sqrt(near[i].first)) + rng.Uniform(0, 200);
      net.AddArc(c, num_candidates + near[i].second, 1, cost);
    }
    net.AddArc(c, sink, 1, 3000);
  }
  for (int o = 0; o < num_openings; ++o) {
    net.AddArc(num_candidates + o, sink, rng.Uniform(1, 5), 0);
  }
  net.SetSupply(sink, -num_candidates);
  return net;
}

// Random sparse network (NETGEN-like): a Hamiltonian path of capacity-rich
// arcs guarantees feasibility, then random arcs with capacity 1..1000 and cost
// 1..10000; `num_nodes / 20` sources and sinks with supplies summing to zero.
inline flow::Network RandomSparseNetwork(int num_nodes, int arcs_per_node, uint64_t seed = 2) {
  SplitMix64 rng(seed);
  const int n = num_nodes;
  flow::Network net(n);
  const int terminals = std::max(1, n / 20);
  std::vector<flow::Flow> supply(n, 0);
  flow::Flow total = 0;
  for (int i = 0; i < terminals; ++i) {
    const flow::Flow s = rng.Uniform(1, 1000);
    supply[rng.Uniform(0, n - 1)] += s;
    supply[rng.Uniform(0, n - 1)] -= s;
    total += s;
  }
  std::vector<int> order(n);
  for (int i = 0; i < n; ++i) order[i] = i;
  for (int i = n - 1; i > 0; --i) std::swap(order[i], order[rng.Uniform(0, i)]);
  net.Reserve(n, static_cast<flow::ArcIndex>(n) * (arcs_per_node + 2));
  for (int i = 0; i + 1 < n; ++i) {  // skeleton, both directions, expensive
    net.AddArc(order[i], order[i + 1], total, 10000 + rng.Uniform(0, 10000));
    net.AddArc(order[i + 1], order[i], total, 10000 + rng.Uniform(0, 10000));
  }
  for (int64_t a = 0; a < static_cast<int64_t>(n) * arcs_per_node; ++a) {
    const int u = static_cast<int>(rng.Uniform(0, n - 1));
    const int v = static_cast<int>(rng.Uniform(0, n - 1));
    net.AddArc(u, v, rng.Uniform(1, 1000), rng.Uniform(1, 10000));
  }
  for (int v = 0; v < n; ++v) net.SetSupply(v, supply[v]);
  return net;
}

// `width` x `height` grid with arcs both ways between neighbours (capacity
// 1..100, cost 1..1000); the left column supplies 20 units per node, the right
// column demands them.
inline flow::Network GridNetwork(int width, int height, uint64_t seed = 3) {
  SplitMix64 rng(seed);
  flow::Network net(width * height);
  const auto id = [&](int x, int y) { return y * width + x; };
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      if (x + 1 < width) {
        net.AddArc(id(x, y), id(x + 1, y), rng.Uniform(1, 100), rng.Uniform(1, 1000));
        net.AddArc(id(x + 1, y), id(x, y), rng.Uniform(1, 100), rng.Uniform(1, 1000));
      }
      if (y + 1 < height) {
        net.AddArc(id(x, y), id(x, y + 1), rng.Uniform(1, 100), rng.Uniform(1, 1000));
        net.AddArc(id(x, y + 1), id(x, y), rng.Uniform(1, 100), rng.Uniform(1, 1000));
      }
    }
  }
  for (int y = 0; y < height; ++y) {
    net.SetSupply(id(0, y), 20);
    net.SetSupply(id(width - 1, y), -20);
  }
  return net;
}

// Dense n x n assignment: rows [0, n) supply 1, columns [n, 2n) demand 1, cost
// of (i, j) = the (i * n + j)-th draw of splitmix64(seed) modulo 1,000,000
// (bench/compare.py draws the same matrix).
inline flow::Network DenseAssignmentNetwork(int n, uint64_t seed = 4) {
  SplitMix64 rng(seed);
  flow::Network net(2 * n);
  net.Reserve(2 * n, n * n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      net.AddArc(i, n + j, 1, static_cast<flow::Cost>(rng.Next() % 1000000));
    }
  }
  for (int i = 0; i < n; ++i) {
    net.SetSupply(i, 1);
    net.SetSupply(n + i, -1);
  }
  return net;
}

// NETGEN-style network, after the description of Klingman, Napier & Stutz
// (1974), "NETGEN: A program for generating large scale capacitated
// assignment, transportation, and minimum cost flow network problems"
// (Management Science 20(5)), with the parameters of the NETGEN-8 family of
// Kovacs (2015), "Minimum-cost flow algorithms: an experimental evaluation":
// n = 2^k nodes, m = 8 n arcs, sqrt(n) sources and sqrt(n) sinks, costs in
// [1, 10000], capacities in [1, 1000], total supply 1000 sqrt(n). Written
// from the description, not from NETGEN's code (its random stream differs):
// - the total supply is split among the sources at random cut points;
// - the transshipment nodes are shuffled and dealt into one chain per source
//   (random lengths); each chain runs from its source through its
//   transshipment nodes and ends in arcs to a few random sinks, whose demands
//   are the flow the chains bring them: the "skeleton" carries a feasible
//   flow, so every instance is feasible;
// - skeleton arcs: `high_cost_percent` of them cost the maximum cost (as
//   NETGEN's "percent of skeleton arcs given maximum cost"), the rest a
//   random cost; `capacitated_percent` of them get a random capacity of at
//   least the flow they carry, the others the total supply (uncapacitated);
// - the remaining arcs join random distinct nodes (never into a source nor
//   out of a sink, as NETGEN) with random costs and capacities.
struct NetgenParams {
  int num_nodes = 1 << 12;
  int arcs_per_node = 8;
  int num_sources = 0;  // 0: sqrt(num_nodes)
  int num_sinks = 0;    // 0: sqrt(num_nodes)
  flow::Flow total_supply = 0;  // 0: 1000 * num_sources
  flow::Cost min_cost = 1, max_cost = 10000;
  flow::Flow min_capacity = 1, max_capacity = 1000;
  int high_cost_percent = 30;
  int capacitated_percent = 50;
  uint64_t seed = 5;
};

inline flow::Network NetgenNetwork(NetgenParams p) {
  SplitMix64 rng(p.seed);
  const int n = p.num_nodes;
  const int root = std::max(1, static_cast<int>(std::lround(std::sqrt(static_cast<double>(n)))));
  const int sources = p.num_sources > 0 ? p.num_sources : root;
  const int sinks = p.num_sinks > 0 ? p.num_sinks : root;
  const flow::Flow total = p.total_supply > 0 ? p.total_supply : flow::Flow{1000} * sources;
  const int first_sink = n - sinks;  // sources [0, S), transshipment [S, n - T), sinks [n - T, n)
  flow::Network net(n);
  const int64_t m = static_cast<int64_t>(n) * p.arcs_per_node;
  net.Reserve(n, static_cast<flow::ArcIndex>(m));
  // Supplies: random cut points of [0, total].
  std::vector<flow::Flow> cuts(sources + 1);
  cuts[0] = 0;
  cuts[sources] = total;
  for (int i = 1; i < sources; ++i) cuts[i] = rng.Uniform(0, total);
  std::sort(cuts.begin(), cuts.end());
  std::vector<flow::Flow> supply(n, 0);
  for (int s = 0; s < sources; ++s) supply[s] = cuts[s + 1] - cuts[s];
  // Chains: the transshipment nodes shuffled, cut at random points.
  std::vector<int> middle;
  for (int v = sources; v < first_sink; ++v) middle.push_back(v);
  for (int i = static_cast<int>(middle.size()) - 1; i > 0; --i) {
    std::swap(middle[i], middle[rng.Uniform(0, i)]);
  }
  std::vector<size_t> chain_cut(sources + 1);
  chain_cut[0] = 0;
  chain_cut[sources] = middle.size();
  for (int i = 1; i < sources; ++i) chain_cut[i] = rng.Uniform(0, static_cast<int64_t>(middle.size()));
  std::sort(chain_cut.begin(), chain_cut.end());
  const auto skeleton_arc = [&](int u, int v, flow::Flow carried) {
    const flow::Cost cost = rng.Uniform(0, 99) < p.high_cost_percent
                                ? p.max_cost
                                : rng.Uniform(p.min_cost, p.max_cost);
    const flow::Flow cap = rng.Uniform(0, 99) < p.capacitated_percent
                               ? std::max(carried, rng.Uniform(p.min_capacity, p.max_capacity))
                               : total;
    net.AddArc(u, v, cap, cost);
  };
  for (int s = 0; s < sources; ++s) {
    int last = s;
    for (size_t i = chain_cut[s]; i < chain_cut[s + 1]; ++i) {
      skeleton_arc(last, middle[i], supply[s]);
      last = middle[i];
    }
    // The chain's flow goes to 1..4 random sinks in random shares.
    const int parts = static_cast<int>(std::min<int64_t>(rng.Uniform(1, 4), sinks));
    flow::Flow left = supply[s];
    for (int k = 0; k < parts; ++k) {
      const int t = first_sink + static_cast<int>(rng.Uniform(0, sinks - 1));
      const flow::Flow share = k + 1 == parts ? left : rng.Uniform(0, left);
      skeleton_arc(last, t, share);
      supply[t] -= share;
      left -= share;
    }
  }
  // Random arcs up to m: tail not a sink, head not a source, no self-loop.
  while (net.num_arcs() < m) {
    const int u = static_cast<int>(rng.Uniform(0, first_sink - 1));
    const int v = static_cast<int>(rng.Uniform(sources, n - 1));
    if (u == v) continue;
    net.AddArc(u, v, rng.Uniform(p.min_capacity, p.max_capacity), rng.Uniform(p.min_cost, p.max_cost));
  }
  for (int v = 0; v < n; ++v) net.SetSupply(v, supply[v]);
  return net;
}

// NETGEN-8 of Kovacs (2015) with 2^k nodes.
inline flow::Network Netgen8Network(int k, uint64_t seed = 5) {
  NetgenParams p;
  p.num_nodes = 1 << k;
  p.seed = seed;
  return NetgenNetwork(p);
}

}  // namespace passerelle::bench

#endif  // PASSERELLE_BENCH_FLOW_GENERATORS_H_
