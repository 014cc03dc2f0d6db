// Network simplex with more than one thread (arrays filled in slices, parts
// pivoting at once, each in its segment of the tree) against the same solve
// on one thread: the pivots must be the same, so the flows and potentials
// must be identical, not just the cost; every run checks its tree after the
// parts and at the end, and optimal runs pass the certificate. Pricing with
// vector instructions must pick the same arcs as the portable loop. Reads the
// private src/flow/internal.h to lower the size from which threads are used.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "flow_oracle.h"
#include "internal.h"
#include "passerelle/flow/certificate.h"
#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/flow/network.h"

namespace passerelle::flow {
namespace {

using testing::Rng;

struct SimplexRun {
  SolveStatus status;
  std::vector<Flow> flow;
  std::vector<Cost> potential;
};

// `narrow` false: 64-bit flows and costs even where Prepare allows 32 bits.
SimplexRun Simplex(const Network& net, int threads, const std::vector<int32_t>* parts, double block_factor,
                   bool simd = false, bool narrow = true) {
  internal::Prepared problem;
  problem.simd = simd;
  problem.simd_min_run = 8;
  problem.threads = threads;
  problem.parallel_min_arcs = 0;
  problem.node_parts = parts;
  problem.verify_tree = true;
  SimplexRun run;
  run.status = internal::Prepare(net, problem);
  if (run.status != SolveStatus::kNotSolved) return run;
  problem.simplex_block_factor = block_factor;
  problem.small_flows = problem.small_flows && narrow;
  problem.small_costs = problem.small_costs && narrow;
  run.status = internal::RunNetworkSimplex(problem, run.flow, run.potential);
  return run;
}

// Feasible random network: supplies from a random flow within the bounds;
// some lower bounds, negative costs, parallel arcs, a hub node.
Network RandomNetwork(Rng& rng) {
  const NodeIndex n = static_cast<NodeIndex>(rng.Uniform(2, 400));
  const ArcIndex m = static_cast<ArcIndex>(rng.Uniform(1, 6000));
  return testing::RandomFeasibleNetwork(rng, n, m,
                                        {.hub_rate = 0.2,
                                         .lower_rate = 0.05,
                                         .max_lower = 2,
                                         .max_extra_capacity = 6,
                                         .min_cost = -20,
                                         .max_cost = 100});
}

// The run as a Solution of `net` (the simplex's flows are shifted by the
// lower bounds), checked by the optimality certificate.
void ExpectOptimal(const Network& net, const SimplexRun& run, const std::string& context) {
  Solution solution;
  solution.status = run.status;
  solution.potentials = run.potential;
  solution.flows = run.flow;
  for (ArcIndex a = 0; a < net.num_arcs(); ++a) {
    solution.flows[a] += net.lower(a);
    solution.total_cost += solution.flows[a] * net.cost(a);
  }
  const CertificateResult check = CheckOptimality(net, solution);
  EXPECT_TRUE(check.ok) << context << ": " << check.message;
}

void ExpectSameRun(const SimplexRun& one, const SimplexRun& many, const std::string& context) {
  ASSERT_EQ(many.status, one.status) << context;
  EXPECT_EQ(many.flow, one.flow) << context;
  EXPECT_EQ(many.potential, one.potential) << context;
}

TEST(NetworkSimplexThreadsTest, SameFlowsAndPotentialsWhateverTheThreadCount) {
  int optimal = 0;
  for (uint64_t seed = 0; seed < 150; ++seed) {
    Rng rng(seed);
    const Network net = RandomNetwork(rng);
    std::vector<int32_t> parts(net.num_nodes());
    for (int32_t& p : parts) p = static_cast<int32_t>(rng.Uniform(-1, 3));
    const std::vector<int32_t>* const with_and_without[] = {nullptr, &parts};
    for (const std::vector<int32_t>* node_parts : with_and_without) {
      for (const double factor : {0.1, 1.0}) {
        const std::string context = "seed " + std::to_string(seed) + (node_parts ? " with parts" : "") +
                                    " block factor " + std::to_string(factor);
        const SimplexRun one = Simplex(net, 1, node_parts, factor);
        optimal += one.status == SolveStatus::kOptimal;
        if (one.status == SolveStatus::kOptimal) ExpectOptimal(net, one, context);
        ExpectSameRun(one, Simplex(net, 2, node_parts, factor), context + ", 2 threads");
        ExpectSameRun(one, Simplex(net, 3, node_parts, factor), context + ", 3 threads");
        // Vector pricing (where the processor has it) picks the same arcs.
        ExpectSameRun(one, Simplex(net, 2, node_parts, factor, /*simd=*/true), context + ", 2 threads, simd");
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
  EXPECT_GT(optimal, 500);  // the family is mostly feasible and bounded
}

// The public API: threads change nothing in the solution, and the solution
// is optimal (certificate). `parallel_min_arcs` = 0 makes these small
// networks take the threaded paths.
TEST(NetworkSimplexThreadsTest, SolverThreadsKeepTheSolution) {
  for (uint64_t seed = 0; seed < 50; ++seed) {
    Rng rng(seed + 1000);
    const Network net = RandomNetwork(rng);
    MinCostFlowSolver solver;
    solver.set_algorithm(Algorithm::kNetworkSimplex).set_options({.execution = {.threads = 1}});
    const Solution one = solver.Solve(net);
    const Solution all =
        MinCostFlowSolver(solver).set_options({.execution = {.threads = 3}, .parallel_min_arcs = 0}).Solve(net);
    ASSERT_EQ(all.status, one.status) << "seed " << seed;
    EXPECT_EQ(all.flows, one.flows) << "seed " << seed;
    EXPECT_EQ(all.total_cost, one.total_cost) << "seed " << seed;
    if (one.status == SolveStatus::kOptimal) {
      const CertificateResult check = CheckOptimality(net, all);
      EXPECT_TRUE(check.ok) << "seed " << seed << ": " << check.message;
    }
  }
}

// Transportation networks as the matcher builds them, both ways round:
// sources that no arc enters (supply 1-3) with arcs of capacity 1-4 to the
// openings and an "unassigned" arc to the sink, openings to the sink with
// their seats; or the mirror, arcs from the openings into demand nodes that
// no arc leaves. The simplex lifts the capacities that conservation implies
// (at least the source's supply, or the demand node's demand), and must
// leave the others binding: the optimum must be the oracle's, the
// certificate must hold on the network as given (capacities not lifted),
// with and without parts and on any number of threads.
Network TransportationNetwork(Rng& rng, bool mirrored) {
  const NodeIndex people = static_cast<NodeIndex>(rng.Uniform(1, 40));
  const NodeIndex openings = static_cast<NodeIndex>(rng.Uniform(1, 12));
  Network net(1 + openings + people);  // 0: the hub, then openings, then people
  const auto add = [&](NodeIndex from, NodeIndex to, Flow lower, Flow capacity, Cost cost) {
    if (mirrored) {
      net.AddArc(to, from, lower, capacity, -cost);
    } else {
      net.AddArc(from, to, lower, capacity, cost);
    }
  };
  Flow total = 0;
  for (NodeIndex c = 0; c < people; ++c) {
    const NodeIndex node = 1 + openings + c;
    const Flow supply = rng.Uniform(1, 3);
    total += supply;
    net.SetSupply(node, mirrored ? -supply : supply);
    add(node, 0, 0, supply + rng.Uniform(0, 1), 0);  // unassigned: at least the supply
    const int64_t arcs = rng.Uniform(0, openings);
    for (int64_t k = 0; k < arcs; ++k) {
      const NodeIndex o = 1 + static_cast<NodeIndex>(rng.Uniform(0, openings - 1));
      // Below the supply (binding) as often as not; now and then a pin.
      add(node, o, rng.Bernoulli(0.05) ? 1 : 0, rng.Uniform(1, 4), -rng.Uniform(0, 100));
    }
  }
  for (NodeIndex o = 1; o <= openings; ++o) add(o, 0, 0, rng.Uniform(0, 5), rng.Uniform(-5, 5));
  net.SetSupply(0, mirrored ? total : -total);
  return net;
}

TEST(NetworkSimplexTest, CapacitiesImpliedByConservationAreLiftedExactly) {
  int optimal = 0;
  for (uint64_t seed = 0; seed < 300; ++seed) {
    Rng rng(seed + 5000);
    const bool mirrored = seed % 2 == 1;
    const Network net = TransportationNetwork(rng, mirrored);
    const std::optional<int64_t> oracle = testing::OracleMinCost(net, testing::BigCapacity(net));
    std::vector<int32_t> parts(net.num_nodes());
    for (int32_t& p : parts) p = static_cast<int32_t>(rng.Uniform(-1, 2));
    const std::vector<int32_t>* const with_and_without[] = {nullptr, &parts};
    for (const std::vector<int32_t>* node_parts : with_and_without) {
      const std::string context =
          "seed " + std::to_string(seed) + (mirrored ? " mirrored" : "") + (node_parts ? " with parts" : "");
      const SimplexRun one = Simplex(net, 1, node_parts, 0.1);
      ASSERT_EQ(one.status == SolveStatus::kOptimal, oracle.has_value()) << context;
      if (!oracle) continue;
      ++optimal;
      Cost cost = 0;
      for (ArcIndex a = 0; a < net.num_arcs(); ++a) {
        EXPECT_LE(one.flow[a] + net.lower(a), net.capacity(a)) << context << ", arc " << a;
        cost += (one.flow[a] + net.lower(a)) * net.cost(a);
      }
      EXPECT_EQ(cost, *oracle) << context;
      ExpectOptimal(net, one, context);
      ExpectSameRun(one, Simplex(net, 2, node_parts, 0.1), context + ", 2 threads");
      if (::testing::Test::HasFailure()) return;
    }
  }
  EXPECT_GT(optimal, 300);  // most draws are feasible
}

// Flows, capacities and costs in 32 bits (Prepared::small_flows and
// small_costs) must give the same pivots as in 64: identical flows and
// potentials, with and without parts, on 1 and 2 threads, with the portable
// and the vector pricing, on random networks without lower bounds. (Every
// other test here runs narrow where Prepare allows it: the transportation
// networks above, 5% of whose sources are pinned, run both ways.)
TEST(NetworkSimplexTest, NarrowArraysGiveTheSamePivots) {
  int small = 0;
  for (uint64_t seed = 0; seed < 150; ++seed) {
    Rng rng(seed + 9000);
    const NodeIndex n = static_cast<NodeIndex>(rng.Uniform(2, 300));
    const ArcIndex m = static_cast<ArcIndex>(rng.Uniform(1, 4000));
    const Network net = testing::RandomFeasibleNetwork(
        rng, n, m, {.hub_rate = 0.2, .max_extra_capacity = 6, .min_cost = -20, .max_cost = 100});
    internal::Prepared problem;
    ASSERT_EQ(internal::Prepare(net, problem), SolveStatus::kNotSolved) << "seed " << seed;
    ASSERT_TRUE(problem.small_flows) << "seed " << seed;
    ASSERT_TRUE(problem.small_costs) << "seed " << seed;
    std::vector<int32_t> parts(net.num_nodes());
    for (int32_t& p : parts) p = static_cast<int32_t>(rng.Uniform(-1, 3));
    const std::vector<int32_t>* const with_and_without[] = {nullptr, &parts};
    for (const std::vector<int32_t>* node_parts : with_and_without) {
      const std::string context = "seed " + std::to_string(seed) + (node_parts ? " with parts" : "");
      const SimplexRun wide = Simplex(net, 1, node_parts, 0.1, /*simd=*/false, /*narrow=*/false);
      const SimplexRun narrow = Simplex(net, 1, node_parts, 0.1);
      small += narrow.status == SolveStatus::kOptimal;
      if (narrow.status == SolveStatus::kOptimal) ExpectOptimal(net, narrow, context);
      ExpectSameRun(wide, narrow, context + ", 32 bits");
      ExpectSameRun(wide, Simplex(net, 2, node_parts, 0.1), context + ", 32 bits, 2 threads");
      ExpectSameRun(wide, Simplex(net, 2, node_parts, 0.1, /*simd=*/true), context + ", 32 bits, 2 threads, simd");
      if (::testing::Test::HasFailure()) return;
    }
  }
  EXPECT_GT(small, 150);
}

// `net` as Prepare leaves it (the network must be solvable).
internal::Prepared PreparedOf(const Network& net) {
  internal::Prepared problem;
  EXPECT_EQ(internal::Prepare(net, problem), SolveStatus::kNotSolved);
  return problem;
}

// Prepare allows 32-bit flows only below kSmallFlowBound, without lower
// bounds and without infinite capacities.
TEST(NetworkSimplexTest, SmallFlowsOnlyWhereEveryFlowFits) {
  const auto small_flows = [](const Network& net) { return PreparedOf(net).small_flows; };
  // Supplies' absolute values plus capacities: 2 * 2^27 + 2^28 - 1.
  Network net(2);
  net.SetSupply(0, Flow{1} << 27);
  net.SetSupply(1, -(Flow{1} << 27));
  const ArcIndex arc = net.AddArc(0, 1, (Flow{1} << 28) - 1, 1);
  EXPECT_TRUE(small_flows(net));
  net.SetCapacity(arc, Flow{1} << 28);  // the sum reaches 2^29
  EXPECT_FALSE(small_flows(net));
  net.SetCapacity(arc, Flow{1} << 27);
  EXPECT_TRUE(small_flows(net));
  net.SetCapacity(arc, kInfiniteCapacity);
  EXPECT_FALSE(small_flows(net));
  net.SetCapacity(arc, Flow{1} << 27);
  net.SetLower(arc, 1);
  EXPECT_FALSE(small_flows(net));
}

// Prepare allows 32-bit costs up to the largest int32_t, either sign.
TEST(NetworkSimplexTest, SmallCostsOnlyWhereEveryCostFits) {
  const auto small_costs = [](const Network& net) { return PreparedOf(net).small_costs; };
  Network net(2);
  net.SetSupply(0, 1);
  net.SetSupply(1, -1);
  const ArcIndex arc = net.AddArc(0, 1, 1, 2147483647);
  EXPECT_TRUE(small_costs(net));
  net.SetCost(arc, -2147483647);
  EXPECT_TRUE(small_costs(net));
  net.SetCost(arc, 2147483648);
  EXPECT_FALSE(small_costs(net));
  net.SetCost(arc, -2147483648);
  EXPECT_FALSE(small_costs(net));
}

}  // namespace
}  // namespace passerelle::flow
