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

// A square region of `km` x `km` where half of the points fall near 20
// towns: openings are placed once, then each `Nearest(k)` draws a person and
// returns their k nearest openings as (squared km, opening), nearest first.
class Region {
 public:
  Region(SplitMix64& rng, int num_openings, double km = 300.0) : rng_(rng), km_(km) {
    towns_.resize(20);
    for (Point& t : towns_) t = {rng_.Unit() * km_, rng_.Unit() * km_};
    openings_.resize(num_openings);
    for (Point& p : openings_) p = Place();
    cells_ = std::max(1, static_cast<int>(std::sqrt(num_openings / 4.0)));
    cell_ = km_ / cells_;
    bucket_.resize(cells_ * cells_);
    for (int o = 0; o < num_openings; ++o) {
      bucket_[CellOf(openings_[o].y) * cells_ + CellOf(openings_[o].x)].push_back(o);
    }
  }

  const std::vector<std::pair<double, int>>& Nearest(int k) {
    const Point p = Place();
    const int cx = CellOf(p.x), cy = CellOf(p.y);
    // Grow the ring until it holds k openings and the k-th is surely nearest.
    for (int r = 0;; ++r) {
      near_.clear();
      for (int y = std::max(0, cy - r); y <= std::min(cells_ - 1, cy + r); ++y) {
        for (int x = std::max(0, cx - r); x <= std::min(cells_ - 1, cx + r); ++x) {
          for (const int o : bucket_[y * cells_ + x]) {
            const double dx = openings_[o].x - p.x, dy = openings_[o].y - p.y;
            near_.push_back({dx * dx + dy * dy, o});
          }
        }
      }
      if (static_cast<int>(near_.size()) >= k) {
        std::nth_element(near_.begin(), near_.begin() + (k - 1), near_.end());
        if (std::sqrt(near_[k - 1].first) <= r * cell_ || r >= cells_) break;
      }
      if (r >= cells_) break;
    }
    near_.resize(std::min<size_t>(k, near_.size()));
    std::sort(near_.begin(), near_.end());
    return near_;
  }

 private:
  struct Point { double x, y; };
  Point Place() {
    if (rng_.Unit() < 0.5) {
      const Point& t = towns_[rng_.Uniform(0, 19)];
      return {std::clamp(t.x + 8.0 * rng_.Gaussian(), 0.0, km_ - 1e-9),
              std::clamp(t.y + 8.0 * rng_.Gaussian(), 0.0, km_ - 1e-9)};
    }
    return {rng_.Unit() * km_, rng_.Unit() * km_};
  }
  int CellOf(double coordinate) const {
    return std::min(cells_ - 1, static_cast<int>(coordinate / cell_));
  }

  SplitMix64& rng_;
  double km_;
  std::vector<Point> towns_, openings_;
  int cells_ = 1;
  double cell_ = 1;
  std::vector<std::vector<int>> bucket_;
  std::vector<std::pair<double, int>> near_;
};

// Candidates (supply 1) reach their `degree` nearest openings at cost
// 10 * distance_km + fit (0..200); the unplaced arc costs 3000; openings have
// 1..5 seats.
inline flow::Network MatchingNetwork(int num_candidates, int num_openings, int degree,
                                     uint64_t seed = 1) {
  SplitMix64 rng(seed);
  Region region(rng, num_openings);
  const int k = std::min(degree, num_openings);
  const flow::NodeIndex sink = num_candidates + num_openings;
  flow::Network net(num_candidates + num_openings + 1);
  net.Reserve(num_candidates + num_openings + 1,
              static_cast<flow::ArcIndex>(num_candidates) * (k + 1) + num_openings);
  for (int c = 0; c < num_candidates; ++c) {
    const auto& near = region.Nearest(k);
    net.SetSupply(c, 1);
    for (const auto& [squared_km, o] : near) {
      const flow::Cost cost = static_cast<flow::Cost>(10.0 * std::sqrt(squared_km)) + rng.Uniform(0, 200);
      net.AddArc(c, num_candidates + o, 1, cost);
    }
    net.AddArc(c, sink, 1, 3000);
  }
  for (int o = 0; o < num_openings; ++o) {
    net.AddArc(num_candidates + o, sink, rng.Uniform(1, 5), 0);
  }
  net.SetSupply(sink, -num_candidates);
  return net;
}

// Three matching families that differ from `MatchingNetwork` in orientation,
// supplies, cost structure and capacities (issue 22): the solver must find
// the matching in each, not be tuned to one generator.
//
// Regional: one super-source S (supply C) feeds every candidate through an
// arc of capacity 1; a candidate reaches its `degree` nearest openings at
// cost 10 * km + 150 * skill mismatch (0..4 levels) + 400 * (1 - popularity)
// of the opening (a few popular openings everyone prefers: competition);
// openings have 1..5 seats into the sink T (supply -C); the "unassigned"
// arc goes through a hub U (candidate -> U cost 2500, U -> T uncapacitated).
// Nodes: S, candidates, openings, U, T.
inline flow::Network RegionalBipartiteNetwork(int num_candidates, int num_openings, int degree,
                                              uint64_t seed = 11) {
  SplitMix64 rng(seed);
  Region region(rng, num_openings, 200.0);
  std::vector<double> popularity(num_openings);
  for (double& p : popularity) p = std::pow(rng.Unit(), 4.0);  // most near 0, a few near 1
  std::vector<int> level(num_openings);
  for (int& l : level) l = static_cast<int>(rng.Uniform(0, 4));
  const int k = std::min(degree, num_openings);
  const flow::NodeIndex source = 0, first_candidate = 1, first_opening = 1 + num_candidates,
                        hub = first_opening + num_openings, sink = hub + 1;
  flow::Network net(sink + 1);
  net.Reserve(sink + 1, static_cast<flow::ArcIndex>(num_candidates) * (k + 2) + num_openings + 1);
  for (int c = 0; c < num_candidates; ++c) {
    const auto& near = region.Nearest(k);
    const int skill = static_cast<int>(rng.Uniform(0, 4));
    net.AddArc(source, first_candidate + c, 1, 0);
    for (const auto& [squared_km, o] : near) {
      const flow::Cost cost = static_cast<flow::Cost>(10.0 * std::sqrt(squared_km)) +
                              150 * std::abs(skill - level[o]) +
                              static_cast<flow::Cost>(400.0 * (1.0 - popularity[o]));
      net.AddArc(first_candidate + c, first_opening + o, 1, cost);
    }
    net.AddArc(first_candidate + c, hub, 1, 2500);
  }
  for (int o = 0; o < num_openings; ++o) net.AddArc(first_opening + o, sink, rng.Uniform(1, 5), 0);
  net.AddArc(hub, sink, flow::kInfiniteCapacity, 0);
  net.SetSupply(source, num_candidates);
  net.SetSupply(sink, -num_candidates);
  return net;
}

// Reversed: arcs point from the openings to the candidates. One source R
// (supply C) fills each opening's seats (R -> opening, capacity 1..8, cost
// 0); an opening serves its `degree` nearest candidates (opening ->
// candidate, capacity 1); each candidate (supply -1) can instead be served
// "unplaced" by R directly (cost 5000). Costs are tiers with many ties:
// 1000 * skill gap (0..3) + 100 * distance class (10 km steps) + 0..9.
// Nodes: openings, candidates, R.
inline flow::Network ReversedBipartiteNetwork(int num_candidates, int num_openings, int degree,
                                              uint64_t seed = 12) {
  SplitMix64 rng(seed);
  // Candidates are the points the region draws near each opening: place the
  // candidates as the region's "openings" and draw the openings as people.
  Region region(rng, num_candidates, 250.0);
  const int k = std::min(degree, num_candidates);
  const flow::NodeIndex first_candidate = num_openings, source = num_openings + num_candidates;
  flow::Network net(source + 1);
  net.Reserve(source + 1, static_cast<flow::ArcIndex>(num_openings) * (k + 1) + num_candidates);
  std::vector<int> skill(num_candidates);
  for (int& s : skill) s = static_cast<int>(rng.Uniform(0, 3));
  for (int o = 0; o < num_openings; ++o) {
    const auto& near = region.Nearest(k);
    const int level = static_cast<int>(rng.Uniform(0, 3));
    net.AddArc(source, o, rng.Uniform(1, 8), 0);
    for (const auto& [squared_km, c] : near) {
      const flow::Cost cost = 1000 * std::abs(level - skill[c]) +
                              100 * static_cast<flow::Cost>(std::sqrt(squared_km) / 10.0) +
                              rng.Uniform(0, 9);
      net.AddArc(o, first_candidate + c, 1, cost);
    }
  }
  for (int c = 0; c < num_candidates; ++c) {
    net.AddArc(source, first_candidate + c, 1, 5000);
    net.SetSupply(first_candidate + c, -1);
  }
  net.SetSupply(source, num_candidates);
  return net;
}

// Cohorts: candidate nodes are groups of 1..4 people (supply 1..4: a
// training cohort, a family); a group reaches its `degree` nearest openings
// with two parallel arcs, the first person at 12 * km + 0..300 and a second
// one (capacity 1..2) at twice that (convex: splitting a group costs);
// some pairs are closed (capacity 0, 5%); openings (1..3 seats) belong to
// employers of 5 openings each whose intake is capped at 6 (opening ->
// employer -> sink); an unplaced arc per group to the sink costs 4000 per
// person, with capacity the group's size. Nodes: groups, openings,
// employers, sink.
inline flow::Network CohortNetwork(int num_groups, int num_openings, int degree, uint64_t seed = 13) {
  SplitMix64 rng(seed);
  Region region(rng, num_openings, 300.0);
  const int k = std::min(degree, num_openings);
  const int num_employers = (num_openings + 4) / 5;
  const flow::NodeIndex first_opening = num_groups, first_employer = num_groups + num_openings,
                        sink = first_employer + num_employers;
  flow::Network net(sink + 1);
  net.Reserve(sink + 1, static_cast<flow::ArcIndex>(num_groups) * (2 * k + 1) + num_openings + num_employers);
  flow::Flow people = 0;
  for (int g = 0; g < num_groups; ++g) {
    const auto& near = region.Nearest(k);
    const flow::Flow size = rng.Uniform(1, 4);
    people += size;
    net.SetSupply(g, size);
    for (const auto& [squared_km, o] : near) {
      const flow::Cost first = static_cast<flow::Cost>(12.0 * std::sqrt(squared_km)) + rng.Uniform(0, 300);
      const bool closed = rng.Uniform(0, 19) == 0;
      net.AddArc(g, first_opening + o, closed ? 0 : 1, first);
      net.AddArc(g, first_opening + o, closed ? 0 : rng.Uniform(1, 2), 2 * first);
    }
    net.AddArc(g, sink, size, 4000);
  }
  for (int o = 0; o < num_openings; ++o) {
    net.AddArc(first_opening + o, first_employer + o / 5, rng.Uniform(1, 3), 0);
  }
  for (int e = 0; e < num_employers; ++e) net.AddArc(first_employer + e, sink, 6, 0);
  net.SetSupply(sink, -people);
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
