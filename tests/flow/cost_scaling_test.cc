// Cost scaling (Algorithm::kCostScaling) on networks larger than the
// oracle's: the same optimum as network simplex, exact integral potentials
// (CheckOptimality on the original network), infeasibility, time limits, and
// kAuto's choice on large general networks. The small random networks against
// the Boost oracle are in min_cost_flow_test.cc (kAlgorithms).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flow_generators.h"
#include "flow_oracle.h"
#include "passerelle/flow/certificate.h"
#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/flow/network.h"

namespace passerelle::flow {
namespace {

using testing::Rng;

// Random network of n nodes: a ring of roomy arcs (feasibility) and random
// arcs with parallel arcs, self-loops, zero capacities, lower bounds,
// negative costs and some infinite capacities (cost >= 0: bounded).
// Supplies come from a random flow, so it is feasible.
Network RandomMediumNetwork(Rng& rng, NodeIndex n, bool lower_bounds, Cost max_cost) {
  Network net(n);
  std::vector<Flow> supply(n, 0);
  const auto add = [&](NodeIndex u, NodeIndex v, Flow lower, Flow cap, Cost cost, bool infinite) {
    const Flow f = rng.Uniform(lower, cap);
    net.AddArc(u, v, lower, infinite ? kInfiniteCapacity : cap, cost);
    supply[u] += f;
    supply[v] -= f;
  };
  for (NodeIndex v = 0; v < n; ++v) add(v, (v + 1) % n, 0, 50, rng.Uniform(0, max_cost), false);
  const ArcIndex m = static_cast<ArcIndex>(n) * static_cast<ArcIndex>(rng.Uniform(2, 8));
  for (ArcIndex a = 0; a < m; ++a) {
    const NodeIndex u = static_cast<NodeIndex>(rng.Uniform(0, n - 1));
    const NodeIndex v = rng.Bernoulli(0.02) ? u : static_cast<NodeIndex>(rng.Uniform(0, n - 1));
    const Flow lower = lower_bounds && rng.Bernoulli(0.2) ? rng.Uniform(0, 3) : 0;
    const Flow cap = lower + (rng.Bernoulli(0.05) ? 0 : rng.Uniform(0, 20));
    const Cost cost = rng.Uniform(-max_cost / 3, max_cost);
    add(u, v, lower, cap, cost, cost >= 0 && rng.Bernoulli(0.05));
  }
  for (NodeIndex v = 0; v < n; ++v) net.SetSupply(v, supply[v]);
  return net;
}

void ExpectSameOptimumAndCertified(const Network& net, const std::string& context) {
  const Solution simplex =
      MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(net);
  const Solution scaling = MinCostFlowSolver().set_algorithm(Algorithm::kCostScaling).Solve(net);
  ASSERT_EQ(scaling.status, simplex.status) << context;
  if (simplex.status != SolveStatus::kOptimal) return;
  EXPECT_EQ(scaling.algorithm, Algorithm::kCostScaling) << context << ": fell back";
  EXPECT_EQ(scaling.total_cost, simplex.total_cost) << context;
  EXPECT_TRUE(CheckFeasibility(net, scaling).ok) << context;
  const CertificateResult check = CheckOptimality(net, scaling);
  EXPECT_TRUE(check.ok) << context << ": " << check.message;
}

TEST(CostScalingTest, AgreesWithSimplexAndCertifiesOnRandomNetworks) {
  for (uint64_t seed = 0; seed < 300; ++seed) {
    Rng rng(seed);
    const NodeIndex n = static_cast<NodeIndex>(rng.Uniform(2, 400));
    const Network net = RandomMediumNetwork(rng, n, /*lower_bounds=*/seed % 2 == 0,
                                            /*max_cost=*/seed % 3 == 0 ? 10 : 100000);
    ExpectSameOptimumAndCertified(net, "seed " + std::to_string(seed));
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(CostScalingTest, AgreesWithSimplexOnNetgenGridAndSparse) {
  for (const int k : {6, 8, 10, 12}) {
    for (uint64_t seed = 1; seed <= 3; ++seed) {
      bench::NetgenParams p;
      p.num_nodes = 1 << k;
      p.seed = seed;
      ExpectSameOptimumAndCertified(bench::NetgenNetwork(p),
                                    "netgen 2^" + std::to_string(k) + " seed " + std::to_string(seed));
    }
  }
  ExpectSameOptimumAndCertified(bench::GridNetwork(40, 30), "grid 40 x 30");  // infeasible
  ExpectSameOptimumAndCertified(bench::GridNetwork(30, 30, 7), "grid 30 x 30");
  ExpectSameOptimumAndCertified(bench::RandomSparseNetwork(3000, 8), "sparse 3000");
  ExpectSameOptimumAndCertified(bench::DenseAssignmentNetwork(60), "dense 60");
  ExpectSameOptimumAndCertified(bench::MatchingNetwork(2000, 100, 10), "matching 2000 x 100");
}

// The generator's instances are feasible by construction (the skeleton
// carries every supply) and have the family's shape.
TEST(CostScalingTest, NetgenInstancesHaveTheirShape) {
  const Network net = bench::Netgen8Network(10);
  EXPECT_EQ(net.num_nodes(), 1024);
  EXPECT_EQ(net.num_arcs(), 8 * 1024);
  int sources = 0, sinks = 0;
  Flow supply = 0;
  for (NodeIndex v = 0; v < net.num_nodes(); ++v) {
    sources += net.supply(v) > 0;
    sinks += net.supply(v) < 0;
    if (net.supply(v) > 0) supply += net.supply(v);
  }
  EXPECT_LE(sources, 32);
  EXPECT_GE(sources, 24);  // a few random cuts may coincide
  EXPECT_LE(sinks, 32);
  EXPECT_EQ(supply, 32 * 1000);
  for (ArcIndex a = 0; a < net.num_arcs(); ++a) {
    EXPECT_GE(net.cost(a), 1);
    EXPECT_LE(net.cost(a), 10000);
  }
}

TEST(CostScalingTest, ReportsInfeasibleSupplies) {
  for (uint64_t seed = 0; seed < 100; ++seed) {
    Rng rng(seed + 500);
    const NodeIndex n = static_cast<NodeIndex>(rng.Uniform(4, 200));
    // Two halves joined by one arc too thin for the supply that must cross.
    Network net(n);
    const NodeIndex half = n / 2;
    for (NodeIndex v = 0; v < n; ++v) {
      const NodeIndex side = v < half ? 0 : half, size = v < half ? half : n - half;
      for (int k = 0; k < 3; ++k) {
        net.AddArc(v, side + static_cast<NodeIndex>(rng.Uniform(0, size - 1)), rng.Uniform(1, 30),
                   rng.Uniform(-5, 50));
      }
      net.AddArc(v, side + (v - side + 1) % size, 1000, rng.Uniform(0, 50));
    }
    const Flow need = rng.Uniform(2, 40);
    net.AddArc(0, half, need - 1, rng.Uniform(0, 9));
    net.SetSupply(0, need);
    net.SetSupply(n - 1, -need);
    const Solution s = MinCostFlowSolver().set_algorithm(Algorithm::kCostScaling).Solve(net);
    EXPECT_EQ(s.status, SolveStatus::kInfeasible) << "seed " << seed;
    EXPECT_FALSE(s.has_flow());
  }
}

TEST(CostScalingTest, TimeLimitGivesNoFlowOrAFeasibleOne) {
  const Network net = bench::Netgen8Network(12);
  const Solution stopped =
      MinCostFlowSolver().set_algorithm(Algorithm::kCostScaling).set_time_limit(1e-9).Solve(net);
  EXPECT_EQ(stopped.status, SolveStatus::kTimeLimit) << ToString(stopped.status);
  EXPECT_TRUE(stopped.flows.empty());
  // An acyclic network is repaired into a feasible flow.
  const Network matching = bench::MatchingNetwork(20000, 1000, 10);
  const Solution repaired = MinCostFlowSolver()
                                .set_algorithm(Algorithm::kCostScaling)
                                .set_time_limit(1e-9)
                                .Solve(matching);
  if (repaired.status == SolveStatus::kFeasible) {
    EXPECT_TRUE(CheckFeasibility(matching, repaired).ok);
  } else {
    EXPECT_EQ(repaired.status, SolveStatus::kTimeLimit) << ToString(repaired.status);
  }
}

// Costs near Prepare's limit: cost scaling either solves exactly or hands
// over to network simplex; never a wrong answer.
TEST(CostScalingTest, HugeCostsAreExactOrHandedToSimplex) {
  for (uint64_t seed = 0; seed < 40; ++seed) {
    Rng rng(seed + 900);
    Network net = RandomMediumNetwork(rng, 50, true, 100);
    const Cost scale = Cost{1} << 50;
    for (ArcIndex a = 0; a < net.num_arcs(); ++a) net.SetCost(a, net.cost(a) * scale);
    const Solution simplex =
        MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(net);
    const Solution scaling = MinCostFlowSolver().set_algorithm(Algorithm::kCostScaling).Solve(net);
    ASSERT_EQ(scaling.status, simplex.status) << seed;
    if (simplex.status != SolveStatus::kOptimal) continue;
    EXPECT_EQ(scaling.total_cost, simplex.total_cost) << seed;
    EXPECT_TRUE(CheckOptimality(net, scaling).ok) << seed;
  }
}

// kAuto solves large general networks by cost scaling (the rule of
// PreferCostScaling), small ones and matching networks by the others.
TEST(CostScalingTest, AutoChoosesCostScalingOnLargeGeneralNetworks) {
  const Network large = bench::Netgen8Network(16);
  const Solution solution = MinCostFlowSolver().Solve(large);
  ASSERT_EQ(solution.status, SolveStatus::kOptimal);
  EXPECT_EQ(solution.algorithm, Algorithm::kCostScaling);
  EXPECT_TRUE(CheckOptimality(large, solution).ok);
  EXPECT_EQ(MinCostFlowSolver().Solve(bench::Netgen8Network(8)).algorithm,
            Algorithm::kNetworkSimplex);
  // Many sources (n / 20): global updates would not run, network simplex.
  EXPECT_EQ(MinCostFlowSolver().Solve(bench::RandomSparseNetwork(40000, 2)).algorithm,
            Algorithm::kNetworkSimplex);
  EXPECT_EQ(MinCostFlowSolver().Solve(bench::MatchingNetwork(40000, 2000, 10)).algorithm,
            Algorithm::kSuccessiveShortestPaths);
}

}  // namespace
}  // namespace passerelle::flow
