// Min-cost flow workloads, passerelle side by side with its peers in the same
// run: LEMON NetworkSimplex and CostScaling (when LEMON is installed) and
// Boost.Graph's successive shortest path (small sizes only: it is ~1000x
// slower). Instances are generated once, outside the timed loop; every
// benchmark reports the optimal cost as counter `cost` so that rows can be
// checked against each other. See bench/RESULTS.md for commands and numbers.
#include <benchmark/benchmark.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>
// After the SSP header, which it needs.
#include <boost/graph/find_flow_cost.hpp>
#include <algorithm>
#include <map>
#include <memory>
#include <tuple>

#include "flow_generators.h"
#include "passerelle/flow/certificate.h"
#include "passerelle/flow/min_cost_flow.h"

#ifdef PASSERELLE_BENCH_HAVE_LEMON
#include "peer_problem.h"
#endif

namespace passerelle::bench {
namespace {

using flow::Network;

enum Family { kMatching, kSparse, kGrid, kDense, kRegional, kReversed, kCohorts, kNetgen };

// Instances by (family, a, b), built on first use.
const Network& Instance(Family family, int a, int b) {
  static std::map<std::tuple<int, int, int>, std::unique_ptr<Network>> cache;
  auto& slot = cache[{family, a, b}];
  if (!slot) {
    switch (family) {
      case kMatching:
        slot = std::make_unique<Network>(MatchingNetwork(a, b, /*degree=*/30));
        break;
      case kSparse:
        slot = std::make_unique<Network>(RandomSparseNetwork(a, b));
        break;
      case kGrid:
        slot = std::make_unique<Network>(GridNetwork(a, b));
        break;
      case kDense:
        slot = std::make_unique<Network>(DenseAssignmentNetwork(a));
        break;
      case kRegional:
        slot = std::make_unique<Network>(RegionalBipartiteNetwork(a, b, /*degree=*/30));
        break;
      case kReversed:
        slot = std::make_unique<Network>(ReversedBipartiteNetwork(a, b, /*degree=*/std::max(30, 30 * a / b)));
        break;
      case kCohorts:
        slot = std::make_unique<Network>(CohortNetwork(a, b, /*degree=*/20));
        break;
      case kNetgen:
        slot = std::make_unique<Network>(Netgen8Network(a));
        break;
    }
  }
  return *slot;
}

void Report(benchmark::State& state, const Network& net, int status_optimal, double cost) {
  state.counters["arcs"] = net.num_arcs();
  state.counters["cost"] = status_optimal ? cost : -1.0;
}

template <Family F>
void BM_Passerelle(benchmark::State& state) {
  const Network& net = Instance(F, state.range(0), state.range(1));
  const flow::MinCostFlowSolver solver;
  flow::Solution solution;
  for (auto _ : state) {
    solution = solver.Solve(net);
    benchmark::DoNotOptimize(solution.total_cost);
  }
  if (solution.status == flow::SolveStatus::kOptimal) {
    const flow::CertificateResult check = flow::CheckOptimality(net, solution);
    if (!check.ok) state.SkipWithError(check.message.c_str());
  }
  Report(state, net, solution.status == flow::SolveStatus::kOptimal,
         static_cast<double>(solution.total_cost));
}

// passerelle with one algorithm asked for by name.
template <Family F, flow::Algorithm A>
void BM_PasserelleWith(benchmark::State& state) {
  const Network& net = Instance(F, state.range(0), state.range(1));
  const auto solver = flow::MinCostFlowSolver().set_algorithm(A);
  flow::Solution solution;
  for (auto _ : state) {
    solution = solver.Solve(net);
    benchmark::DoNotOptimize(solution.total_cost);
  }
  Report(state, net, solution.status == flow::SolveStatus::kOptimal,
         static_cast<double>(solution.total_cost));
}
template <Family F>
void BM_PasserelleSimplex(benchmark::State& state) {
  BM_PasserelleWith<F, flow::Algorithm::kNetworkSimplex>(state);
}
template <Family F>
void BM_PasserelleCostScaling(benchmark::State& state) {
  BM_PasserelleWith<F, flow::Algorithm::kCostScaling>(state);
}

// Re-solve after changing the costs of 1% of the candidates (matching only).
void BM_PasserelleWarmResolve(benchmark::State& state) {
  const Network& base = Instance(kMatching, state.range(0), state.range(1));
  const flow::MinCostFlowSolver solver;
  const flow::Solution previous = solver.Solve(base);
  Network changed = base;
  SplitMix64 rng(99);
  const int num_candidates = static_cast<int>(state.range(0));
  for (int i = 0; i < num_candidates / 100; ++i) {
    const int c = static_cast<int>(rng.Uniform(0, num_candidates - 1));
    for (int k = 0; k < 30; ++k) {  // arcs 31 c .. 31 c + 29: its openings
      const flow::ArcIndex a = 31 * c + k;
      changed.SetCost(a, rng.Uniform(0, 1000));
    }
  }
  flow::Solution solution;
  for (auto _ : state) {
    solution = solver.Resolve(changed, previous);
    benchmark::DoNotOptimize(solution.total_cost);
  }
  Report(state, changed, solution.status == flow::SolveStatus::kOptimal,
         static_cast<double>(solution.total_cost));
  state.counters["cold_cost"] = static_cast<double>(solver.Solve(changed).total_cost);
}

// The same changes through `IncrementalMinCostFlow`, which keeps the graph
// between solves: each iteration applies the change set, re-solves, and
// reverts (reverting is a second warm solve, outside the timing).
void BM_PasserelleIncremental(benchmark::State& state) {
  Network net = Instance(kMatching, state.range(0), state.range(1));
  flow::IncrementalMinCostFlow session(&net);
  session.Solve();  // cold, outside the timing
  SplitMix64 rng(99);
  const int num_candidates = static_cast<int>(state.range(0));
  std::vector<std::pair<flow::ArcIndex, flow::Cost>> changes, originals;
  for (int i = 0; i < num_candidates / 100; ++i) {
    const int c = static_cast<int>(rng.Uniform(0, num_candidates - 1));
    for (int k = 0; k < 30; ++k) {
      const flow::ArcIndex a = 31 * c + k;
      changes.push_back({a, rng.Uniform(0, 1000)});
      originals.push_back({a, net.cost(a)});
    }
  }
  double cost = 0;
  for (auto _ : state) {
    for (const auto& [a, c] : changes) net.SetCost(a, c);
    const flow::Solution& solution = session.Solve();
    cost = static_cast<double>(solution.total_cost);
    state.PauseTiming();
    for (auto it = originals.rbegin(); it != originals.rend(); ++it) net.SetCost(it->first, it->second);
    session.Solve();
    state.ResumeTiming();
  }
  Report(state, net, 1, cost);
}

#ifdef PASSERELLE_BENCH_HAVE_LEMON
const LemonPeer& ToLemon(Family family, int a, int b) {
  static std::map<std::tuple<int, int, int>, std::unique_ptr<LemonPeer>> cache;
  auto& slot = cache[{family, a, b}];
  if (!slot) {
    const Network& net = Instance(family, a, b);
    const PeerProblem p = PeerProblemOf(net);
    slot = std::make_unique<LemonPeer>(p);
  }
  return *slot;
}

template <Family F>
void BM_LemonNetworkSimplex(benchmark::State& state) {
  const LemonPeer& peer = ToLemon(F, state.range(0), state.range(1));
  std::optional<int64_t> cost;
  for (auto _ : state) cost = peer.RunNetworkSimplex();
  Report(state, Instance(F, state.range(0), state.range(1)), cost.has_value(),
         static_cast<double>(cost.value_or(0)));
}

template <Family F>
void BM_LemonCostScaling(benchmark::State& state) {
  const LemonPeer& peer = ToLemon(F, state.range(0), state.range(1));
  std::optional<int64_t> cost;
  for (auto _ : state) cost = peer.RunCostScaling();
  Report(state, Instance(F, state.range(0), state.range(1)), cost.has_value(),
         static_cast<double>(cost.value_or(0)));
}
#endif  // PASSERELLE_BENCH_HAVE_LEMON

// Boost.Graph SSP on the matching shape: super source -> candidates, sink as
// is. Graph construction is inside the timed loop (SSP consumes the residuals).
void BM_BoostSuccessiveShortestPath(benchmark::State& state) {
  const Network& net = Instance(kMatching, state.range(0), state.range(1));
  using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  using Graph = boost::adjacency_list<
      boost::vecS, boost::vecS, boost::directedS, boost::no_property,
      boost::property<boost::edge_capacity_t, int64_t,
      boost::property<boost::edge_residual_capacity_t, int64_t,
      boost::property<boost::edge_reverse_t, Traits::edge_descriptor,
      boost::property<boost::edge_weight_t, int64_t>>>>>;
  double cost = 0;
  for (auto _ : state) {
    const int n = net.num_nodes();
    Graph g(n + 1);
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
    int sink = -1;
    for (int v = 0; v < n; ++v) {
      if (net.supply(v) > 0) add(n, v, net.supply(v), 0);
      if (net.supply(v) < 0) sink = v;
    }
    for (flow::ArcIndex a = 0; a < net.num_arcs(); ++a) {
      add(net.tail(a), net.head(a), net.capacity(a), net.cost(a));
    }
    boost::successive_shortest_path_nonnegative_weights(g, n, sink);
    cost = static_cast<double>(boost::find_flow_cost(g));
  }
  Report(state, net, 1, cost);
}

// ---- registrations ---------------------------------------------------------
// Matching: {num_candidates, num_openings}, 30 nearest openings each.
void MatchingArgs(benchmark::internal::Benchmark* b) {
  b->Args({/*num_candidates=*/1000, /*num_openings=*/50});
  b->Args({/*num_candidates=*/10000, /*num_openings=*/500});
  b->Args({/*num_candidates=*/50000, /*num_openings=*/2500});
  b->Args({/*num_candidates=*/200000, /*num_openings=*/10000});
  b->Unit(benchmark::kMillisecond)->Iterations(1);
}
// The 4 GiB target: passerelle only (LEMON needs minutes here).
void LargeMatchingArgs(benchmark::internal::Benchmark* b) {
  b->Args({/*num_candidates=*/1000000, /*num_openings=*/100000});
  b->Unit(benchmark::kMillisecond)->Iterations(1);
}
void SmallMatchingArgs(benchmark::internal::Benchmark* b) {
  b->Args({/*num_candidates=*/1000, /*num_openings=*/50});
  b->Args({/*num_candidates=*/10000, /*num_openings=*/500});
  b->Args({/*num_candidates=*/50000, /*num_openings=*/2500});
  b->Unit(benchmark::kMillisecond)->Iterations(1);
}
// Sparse: {num_nodes, random arcs per node} (+ a two-way Hamiltonian path).
void SparseArgs(benchmark::internal::Benchmark* b) {
  b->Args({/*num_nodes=*/10000, /*arcs_per_node=*/8});
  b->Args({/*num_nodes=*/40000, /*arcs_per_node=*/8});
  b->Unit(benchmark::kMillisecond)->Iterations(1);
}
// Grid: {width, height}.
void GridArgs(benchmark::internal::Benchmark* b) {
  b->Args({/*width=*/100, /*height=*/100});
  b->Args({/*width=*/300, /*height=*/300});
  b->Unit(benchmark::kMillisecond)->Iterations(1);
}
// Dense assignment: {n, unused}.
void DenseArgs(benchmark::internal::Benchmark* b) {
  b->Args({/*n=*/500, 0});
  b->Args({/*n=*/2000, 0});
  b->Unit(benchmark::kMillisecond)->Iterations(1);
}

// NETGEN-8 (Kovacs 2015): {k, unused}, 2^k nodes.
void Netgen8Args(benchmark::internal::Benchmark* b) {
  for (const int k : {12, 14, 16, 18}) b->Args({k, 0});
  b->Unit(benchmark::kMillisecond)->Iterations(1);
}

BENCHMARK(BM_Passerelle<kMatching>)->Name("Matching/Passerelle")->Apply(MatchingArgs);
BENCHMARK(BM_Passerelle<kMatching>)->Name("Matching/Passerelle")->Apply(LargeMatchingArgs);
BENCHMARK(BM_PasserelleSimplex<kMatching>)->Name("Matching/PasserelleSimplex")->Apply(SmallMatchingArgs);
BENCHMARK(BM_PasserelleWarmResolve)->Name("Matching/PasserelleWarmResolve1pct")->Apply(MatchingArgs);
BENCHMARK(BM_PasserelleIncremental)->Name("Matching/PasserelleIncremental1pct")->Apply(MatchingArgs);
BENCHMARK(BM_PasserelleIncremental)->Name("Matching/PasserelleIncremental1pct")->Apply(LargeMatchingArgs);
#ifdef PASSERELLE_BENCH_HAVE_LEMON
BENCHMARK(BM_LemonNetworkSimplex<kMatching>)->Name("Matching/LemonNetworkSimplex")->Apply(MatchingArgs);
BENCHMARK(BM_LemonCostScaling<kMatching>)->Name("Matching/LemonCostScaling")->Apply(SmallMatchingArgs);
#endif
BENCHMARK(BM_BoostSuccessiveShortestPath)->Name("Matching/BoostSSP")
    ->Args({/*num_candidates=*/1000, /*num_openings=*/50})->Unit(benchmark::kMillisecond)->Iterations(1);

// Issue 22's matchings in disguise (flow_generators.h): {candidates or
// groups, openings}.
void DisguisedArgs(benchmark::internal::Benchmark* b) {
  b->Args({/*num_candidates=*/20000, /*num_openings=*/1000});
  b->Args({/*num_candidates=*/200000, /*num_openings=*/10000});
  b->Unit(benchmark::kMillisecond)->Iterations(1);
}
BENCHMARK(BM_Passerelle<kRegional>)->Name("Regional/Passerelle")->Apply(DisguisedArgs);
BENCHMARK(BM_Passerelle<kReversed>)->Name("Reversed/Passerelle")->Apply(DisguisedArgs);
BENCHMARK(BM_Passerelle<kCohorts>)->Name("Cohorts/Passerelle")->Apply(DisguisedArgs);
#ifdef PASSERELLE_BENCH_HAVE_LEMON
BENCHMARK(BM_LemonNetworkSimplex<kRegional>)->Name("Regional/LemonNetworkSimplex")->Apply(DisguisedArgs);
BENCHMARK(BM_LemonNetworkSimplex<kReversed>)->Name("Reversed/LemonNetworkSimplex")->Apply(DisguisedArgs);
BENCHMARK(BM_LemonNetworkSimplex<kCohorts>)->Name("Cohorts/LemonNetworkSimplex")->Apply(DisguisedArgs);
#endif

BENCHMARK(BM_Passerelle<kSparse>)->Name("Sparse/Passerelle")->Apply(SparseArgs);
BENCHMARK(BM_Passerelle<kGrid>)->Name("Grid/Passerelle")->Apply(GridArgs);
BENCHMARK(BM_Passerelle<kDense>)->Name("Dense/Passerelle")->Apply(DenseArgs);
BENCHMARK(BM_Passerelle<kNetgen>)->Name("Netgen8/Passerelle")->Apply(Netgen8Args);
BENCHMARK(BM_PasserelleSimplex<kNetgen>)->Name("Netgen8/PasserelleSimplex")->Apply(Netgen8Args);
BENCHMARK(BM_PasserelleCostScaling<kNetgen>)->Name("Netgen8/PasserelleCostScaling")->Apply(Netgen8Args);
BENCHMARK(BM_PasserelleCostScaling<kSparse>)->Name("Sparse/PasserelleCostScaling")->Apply(SparseArgs);
BENCHMARK(BM_PasserelleCostScaling<kGrid>)->Name("Grid/PasserelleCostScaling")->Apply(GridArgs);
#ifdef PASSERELLE_BENCH_HAVE_LEMON
BENCHMARK(BM_LemonNetworkSimplex<kSparse>)->Name("Sparse/LemonNetworkSimplex")->Apply(SparseArgs);
BENCHMARK(BM_LemonCostScaling<kSparse>)->Name("Sparse/LemonCostScaling")->Apply(SparseArgs);
BENCHMARK(BM_LemonNetworkSimplex<kGrid>)->Name("Grid/LemonNetworkSimplex")->Apply(GridArgs);
BENCHMARK(BM_LemonCostScaling<kGrid>)->Name("Grid/LemonCostScaling")->Apply(GridArgs);
BENCHMARK(BM_LemonNetworkSimplex<kNetgen>)->Name("Netgen8/LemonNetworkSimplex")->Apply(Netgen8Args);
BENCHMARK(BM_LemonCostScaling<kNetgen>)->Name("Netgen8/LemonCostScaling")->Apply(Netgen8Args);
BENCHMARK(BM_LemonNetworkSimplex<kDense>)->Name("Dense/LemonNetworkSimplex")->Apply(DenseArgs);
BENCHMARK(BM_LemonCostScaling<kDense>)->Name("Dense/LemonCostScaling")->Apply(DenseArgs);
#endif

}  // namespace
}  // namespace passerelle::bench

BENCHMARK_MAIN();
