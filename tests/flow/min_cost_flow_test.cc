#include "passerelle/flow/min_cost_flow.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "flow_oracle.h"
#include "passerelle/error.h"
#include "passerelle/flow/certificate.h"
#include "passerelle/flow/network.h"

namespace passerelle::flow {
namespace {

using testing::BigCapacity;
using testing::OracleHasNegativeInfiniteCycle;
using testing::OracleMinCost;
using testing::Rng;

constexpr Algorithm kAlgorithms[] = {Algorithm::kAuto, Algorithm::kNetworkSimplex,
                                     Algorithm::kSuccessiveShortestPaths, Algorithm::kCostScaling};

// Random small network with ties, zero capacities, parallel arcs, self-loops,
// lower bounds and negative costs. Supplies come from a random flow within
// the bounds (so the instance is feasible) unless `perturb` moves some supply.
Network RandomNetwork(Rng& rng, bool allow_infinite) {
  const NodeIndex n = static_cast<NodeIndex>(rng.Uniform(1, 8));
  Network net(n);
  const ArcIndex m = static_cast<ArcIndex>(rng.Uniform(0, 20));
  std::vector<Flow> supply(n, 0);
  for (ArcIndex a = 0; a < m; ++a) {
    const NodeIndex u = static_cast<NodeIndex>(rng.Uniform(0, n - 1));
    const NodeIndex v = static_cast<NodeIndex>(rng.Uniform(0, n - 1));
    const Flow lower = rng.Bernoulli(0.2) ? rng.Uniform(0, 2) : 0;
    Flow cap = lower + rng.Uniform(0, 5);
    const Cost cost = rng.Uniform(-5, 10);
    Flow f = rng.Uniform(lower, cap);
    if (allow_infinite && cost >= -1 && rng.Bernoulli(0.15)) cap = kInfiniteCapacity;
    net.AddArc(u, v, lower, cap, cost);
    supply[u] += f;
    supply[v] -= f;
  }
  if (rng.Bernoulli(0.25) && n >= 2) {
    const NodeIndex u = static_cast<NodeIndex>(rng.Uniform(0, n - 1));
    const NodeIndex v = static_cast<NodeIndex>(rng.Uniform(0, n - 1));
    const Flow d = rng.Uniform(1, 4);
    supply[u] += d;
    supply[v] -= d;
  }
  if (rng.Bernoulli(0.03)) supply[0] += 1;  // sum != 0
  for (NodeIndex v = 0; v < n; ++v) net.SetSupply(v, supply[v]);
  return net;
}

void ExpectMatchesOracle(const Network& net, const Solution& solution,
                         const std::string& context) {
  const std::optional<int64_t> expected = OracleMinCost(net, BigCapacity(net));
  if (!expected) {
    EXPECT_EQ(solution.status, SolveStatus::kInfeasible) << context;
    return;
  }
  if (OracleHasNegativeInfiniteCycle(net)) {
    EXPECT_EQ(solution.status, SolveStatus::kUnbounded) << context;
    return;
  }
  ASSERT_EQ(solution.status, SolveStatus::kOptimal) << context;
  EXPECT_EQ(solution.total_cost, *expected) << context;
  const CertificateResult check = CheckOptimality(net, solution);
  EXPECT_TRUE(check.ok) << context << ": " << check.message;
}

std::string Describe(uint64_t seed, Algorithm algorithm) {
  return "seed " + std::to_string(seed) + " algorithm " + ToString(algorithm);
}

TEST(MinCostFlowTest, MatchesBoostOracleOnThousandsOfRandomNetworks) {
  int optimal = 0, infeasible = 0, with_lower = 0, with_negative = 0;
  for (uint64_t seed = 0; seed < 4000; ++seed) {
    Rng rng(seed);
    const Network net = RandomNetwork(rng, /*allow_infinite=*/false);
    with_lower += net.has_lower_bounds();
    for (ArcIndex a = 0; a < net.num_arcs(); ++a) {
      if (net.cost(a) < 0) {
        ++with_negative;
        break;
      }
    }
    for (const Algorithm algorithm : kAlgorithms) {
      const Solution solution = MinCostFlowSolver().set_algorithm(algorithm).Solve(net);
      ExpectMatchesOracle(net, solution, Describe(seed, algorithm));
      optimal += solution.status == SolveStatus::kOptimal;
      infeasible += solution.status == SolveStatus::kInfeasible;
      if (::testing::Test::HasFailure()) return;
    }
  }
  // The family exercises every case it claims to.
  EXPECT_GT(optimal, 8000);
  EXPECT_GT(infeasible, 800);
  EXPECT_GT(with_lower, 1500);
  EXPECT_GT(with_negative, 2500);
}

TEST(MinCostFlowTest, MatchesOraclesWithInfiniteCapacitiesAndUnboundedCycles) {
  int unbounded = 0;
  for (uint64_t seed = 10000; seed < 12000; ++seed) {
    Rng rng(seed);
    Network net = RandomNetwork(rng, /*allow_infinite=*/true);
    // Sometimes add a cheap infinite cycle: maybe negative, maybe not.
    if (net.num_nodes() >= 2 && rng.Bernoulli(0.3)) {
      net.AddArc(0, 1, kInfiniteCapacity, rng.Uniform(-3, 3));
      net.AddArc(1, 0, kInfiniteCapacity, rng.Uniform(-3, 3));
    }
    for (const Algorithm algorithm : kAlgorithms) {
      const Solution solution = MinCostFlowSolver().set_algorithm(algorithm).Solve(net);
      ExpectMatchesOracle(net, solution, Describe(seed, algorithm));
      if (solution.status == SolveStatus::kUnbounded) ++unbounded;
      if (::testing::Test::HasFailure()) return;
    }
  }
  EXPECT_GT(unbounded, 30);  // the family does exercise unboundedness
}

// Candidates (supply 1) -> openings -> sink T, one unplaced arc per candidate.
Network RandomMatchingNetwork(Rng& rng, int candidates, int openings, int degree,
                              Cost unplaced) {
  Network net(candidates + openings + 1);
  const NodeIndex sink = candidates + openings;
  for (int c = 0; c < candidates; ++c) {
    net.SetSupply(c, 1);
    for (int k = 0; k < degree; ++k) {
      net.AddArc(c, candidates + static_cast<int>(rng.Uniform(0, openings - 1)), 1,
                 rng.Uniform(0, 20));
    }
    net.AddArc(c, sink, 1, unplaced + rng.Uniform(-3, 3));
  }
  for (int o = 0; o < openings; ++o) {
    net.AddArc(candidates + o, sink, rng.Uniform(0, 4), rng.Uniform(-2, 2));
  }
  net.SetSupply(sink, -candidates);
  return net;
}

TEST(MinCostFlowTest, MatchingShapeUsesShortestPathsAndAgreesWithSimplex) {
  for (uint64_t seed = 0; seed < 300; ++seed) {
    Rng rng(seed);
    const Network net = RandomMatchingNetwork(
        rng, static_cast<int>(rng.Uniform(1, 40)), static_cast<int>(rng.Uniform(1, 10)),
        static_cast<int>(rng.Uniform(1, 5)), rng.Uniform(0, 25));
    const Solution fast = MinCostFlowSolver().Solve(net);
    ASSERT_EQ(fast.algorithm, Algorithm::kSuccessiveShortestPaths);
    const Solution simplex =
        MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(net);
    ASSERT_EQ(fast.status, SolveStatus::kOptimal) << seed;
    ASSERT_EQ(simplex.status, SolveStatus::kOptimal) << seed;
    EXPECT_EQ(fast.total_cost, simplex.total_cost) << seed;
    const CertificateResult check = CheckOptimality(net, fast);
    ASSERT_TRUE(check.ok) << seed << ": " << check.message;
    if (seed < 100) {
      const std::optional<int64_t> expected = OracleMinCost(net, BigCapacity(net));
      ASSERT_TRUE(expected.has_value());
      EXPECT_EQ(fast.total_cost, *expected) << seed;
    }
  }
}

// Larger random networks (deep spanning trees, many pivots): the two
// algorithms must agree and both certify.
TEST(MinCostFlowTest, SimplexAndShortestPathsAgreeOnMediumRandomNetworks) {
  for (uint64_t seed = 0; seed < 60; ++seed) {
    Rng rng(seed + 9000);
    const NodeIndex n = static_cast<NodeIndex>(rng.Uniform(50, 300));
    const Network net = testing::RandomFeasibleNetwork(
        rng, n, 6 * n,
        {.lower_rate = 0.1, .max_lower = 3, .max_extra_capacity = 20, .min_cost = -20, .max_cost = 100});
    const Solution simplex =
        MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(net);
    const Solution ssp =
        MinCostFlowSolver().set_algorithm(Algorithm::kSuccessiveShortestPaths).Solve(net);
    ASSERT_EQ(simplex.status, SolveStatus::kOptimal) << seed;
    ASSERT_EQ(ssp.status, SolveStatus::kOptimal) << seed;
    EXPECT_EQ(simplex.total_cost, ssp.total_cost) << seed;
    EXPECT_TRUE(CheckOptimality(net, simplex).ok) << seed << CheckOptimality(net, simplex).message;
    EXPECT_TRUE(CheckOptimality(net, ssp).ok) << seed << CheckOptimality(net, ssp).message;
  }
}

// A matching network with the matching module's layers: candidates needing
// one or two placements (an unplaced arc to the sink costing up to
// `unplaced_cost`), `picks` openings each with pins at `pin_rate`, openings
// behind the sink or an employer cap node, seats up to `seats`, employer
// caps up to `employer_cap`.
struct LayeredShape {
  int picks;
  double pin_rate;
  Cost unplaced_cost;
  Flow seats;
  Flow employer_cap;
};

Network RandomLayeredNetwork(Rng& rng, int candidates, int openings, int employers, const LayeredShape& shape) {
  Network net(candidates + openings + employers + 1);
  const NodeIndex sink = candidates + openings + employers;
  Flow total = 0;
  for (int c = 0; c < candidates; ++c) {
    const Flow need = rng.Uniform(1, 2);
    net.SetSupply(c, need);
    total += need;
    net.AddArc(c, sink, need, shape.unplaced_cost > 0 ? rng.Uniform(0, shape.unplaced_cost) : 0);
    for (int k = 0; k < shape.picks; ++k) {
      const bool pin = rng.Bernoulli(shape.pin_rate);
      net.AddArc(c, candidates + static_cast<int>(rng.Uniform(0, openings - 1)), pin ? 1 : 0, 1,
                 -rng.Uniform(0, 20));
    }
  }
  for (int o = 0; o < openings; ++o) {
    const NodeIndex next = rng.Bernoulli(0.5)
                               ? sink
                               : candidates + openings + static_cast<int>(rng.Uniform(0, employers - 1));
    net.AddArc(candidates + o, next, rng.Uniform(0, shape.seats), 0);
  }
  for (int e = 0; e < employers; ++e) {
    net.AddArc(candidates + openings + e, sink, rng.Uniform(0, shape.employer_cap), 0);
  }
  net.SetSupply(sink, -total);
  return net;
}

// The matching module's richer shape: openings behind employer caps, pinned
// pairs (lower bound 1), candidates needing two placements.
TEST(MinCostFlowTest, LayeredMatchingWithPinsUsesShortestPathsAndIsExact) {
  for (uint64_t seed = 0; seed < 300; ++seed) {
    Rng rng(seed + 4242);
    const int candidates = static_cast<int>(rng.Uniform(1, 30));
    const int openings = static_cast<int>(rng.Uniform(1, 8));
    const int employers = static_cast<int>(rng.Uniform(1, 3));
    const Network net = RandomLayeredNetwork(rng, candidates, openings, employers,
                                             {.picks = 3, .pin_rate = 0.05, .unplaced_cost = 0, .seats = 4, .employer_cap = 5});
    const Solution fast = MinCostFlowSolver().Solve(net);
    ASSERT_EQ(fast.algorithm, Algorithm::kSuccessiveShortestPaths);
    ExpectMatchesOracle(net, fast, "layered seed " + std::to_string(seed));
    if (::testing::Test::HasFailure()) return;
  }
}

// Node parts (SolverOptions::node_parts) only reorder the simplex's work: whatever the
// parts, shared nodes and empty parts, the result is the oracle's optimum.
std::vector<int32_t> RandomParts(Rng& rng, NodeIndex nodes, int parts) {
  std::vector<int32_t> out(nodes);
  for (int32_t& p : out) p = static_cast<int32_t>(rng.Uniform(-1, parts - 1));
  return out;
}

TEST(MinCostFlowTest, NodePartsNeverChangeTheOptimum) {
  int optimal = 0;
  for (uint64_t seed = 0; seed < 1500; ++seed) {
    Rng rng(seed + 777);
    const Network net = RandomNetwork(rng, /*allow_infinite=*/false);
    const Solution solution = MinCostFlowSolver()
                                  .set_algorithm(Algorithm::kNetworkSimplex)
                                  .set_options({.node_parts = RandomParts(rng, net.num_nodes(), 1 + static_cast<int>(seed % 5))})
                                  .Solve(net);
    ExpectMatchesOracle(net, solution, "parts, seed " + std::to_string(seed));
    optimal += solution.status == SolveStatus::kOptimal;
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(optimal, 1000);
  for (uint64_t seed = 0; seed < 200; ++seed) {
    Rng rng(seed + 9090);
    const int candidates = static_cast<int>(rng.Uniform(1, 60));
    const int openings = static_cast<int>(rng.Uniform(1, 12));
    const int employers = static_cast<int>(rng.Uniform(1, 4));
    const Network net = RandomLayeredNetwork(rng, candidates, openings, employers,
                                             {.picks = 3, .pin_rate = 0.05, .unplaced_cost = 0, .seats = 4, .employer_cap = 5});
    // Geography-like parts: candidates and openings by index blocks, the
    // sink shared.
    std::vector<int32_t> parts(net.num_nodes());
    for (NodeIndex v = 0; v < net.num_nodes(); ++v) parts[v] = static_cast<int32_t>(v % 3);
    parts[net.num_nodes() - 1] = -1;
    const Solution solution =
        MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).set_options({.node_parts = parts}).Solve(net);
    ExpectMatchesOracle(net, solution, "layered parts, seed " + std::to_string(seed));
    if (::testing::Test::HasFailure()) return;
  }
}

// on_serial_phase: called once per network simplex solve, on the calling
// thread, before the last phase (so after the parts), with or without
// parts, on one thread or several; never by successive shortest paths; the
// answer unchanged. `parallel_min_arcs` = 0 makes these small networks take
// the threaded paths (parts on two threads, the flow array zeroed on
// another), so the callback is checked where threads really run.
TEST(MinCostFlowTest, SerialPhaseCallbackRunsOnceOnTheCallingThread) {
  int with_callback_runs = 0;
  for (uint64_t seed = 0; seed < 60; ++seed) {
    Rng rng(seed + 4242);
    const int candidates = static_cast<int>(rng.Uniform(2, 60));
    const Network net = RandomLayeredNetwork(rng, candidates, static_cast<int>(rng.Uniform(1, 12)), 2,
                                             {.picks = 3, .pin_rate = 0.0, .unplaced_cost = 0, .seats = 4, .employer_cap = 5});
    std::vector<int32_t> parts(net.num_nodes());
    for (NodeIndex v = 0; v < net.num_nodes(); ++v) parts[v] = static_cast<int32_t>(v % 3);
    parts[net.num_nodes() - 1] = -1;
    for (const bool with_parts : {false, true}) {
      int calls = 0;
      std::thread::id caller;
      SolverOptions options{.execution = {.threads = 2}, .parallel_min_arcs = 0};
      if (with_parts) options.node_parts = parts;
      MinCostFlowSolver solver;
      solver.set_algorithm(Algorithm::kNetworkSimplex).set_options(options);
      const Solution plain = solver.Solve(net);
      options.on_serial_phase = [&] {
        ++calls;
        caller = std::this_thread::get_id();
      };
      solver.set_options(options);
      const Solution solution = solver.Solve(net);
      EXPECT_EQ(solution.status, plain.status);
      EXPECT_EQ(solution.flows, plain.flows);
      if (solution.status == SolveStatus::kOptimal) {
        ++with_callback_runs;
        EXPECT_EQ(calls, 1) << "seed " << seed;
        EXPECT_EQ(caller, std::this_thread::get_id());
      }
      calls = 0;
      solver.set_algorithm(Algorithm::kSuccessiveShortestPaths).Solve(net);
      EXPECT_EQ(calls, 0);
    }
  }
  EXPECT_GT(with_callback_runs, 60);
}

TEST(MinCostFlowTest, NodePartsOfTheWrongSizeAreIgnored) {
  Rng rng(5);
  const Network net = RandomLayeredNetwork(rng, 40, 8, 2,
                                           {.picks = 3, .pin_rate = 0, .unplaced_cost = 0, .seats = 3, .employer_cap = 4});
  const Solution plain = MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(net);
  const Solution hinted = MinCostFlowSolver()
                              .set_algorithm(Algorithm::kNetworkSimplex)
                              .set_options({.node_parts = std::vector<int32_t>(3, 0)})
                              .Solve(net);
  ASSERT_EQ(plain.status, SolveStatus::kOptimal);
  EXPECT_EQ(hinted.flows, plain.flows);
  EXPECT_EQ(hinted.potentials, plain.potentials);
  // A part number past the node count (which would size the simplex's
  // tables) is not a numbering of parts either.
  std::vector<int32_t> huge(net.num_nodes(), 0);
  huge[1] = std::numeric_limits<int32_t>::max();
  const Solution ignored =
      MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).set_options({.node_parts = huge}).Solve(net);
  EXPECT_EQ(ignored.flows, plain.flows);
}

// Large enough for the sink to be a hub (degree >= 256 and 8x the average): exercises the
// hub-as-target searches, the internal arc order and warm re-solves on them.
TEST(MinCostFlowTest, MatchingWithHubSinkIsExactColdAndWarm) {
  for (uint64_t seed = 0; seed < 8; ++seed) {
    Rng rng(seed + 777);
    // Even seeds: seats are scarce (searches from the seats); odd seeds: more
    // seats than candidates (searches from the candidates).
    Network net = seed % 2 == 0 ? RandomMatchingNetwork(rng, 1500, 60, 6, rng.Uniform(5, 30))
                                : RandomMatchingNetwork(rng, 300, 250, 6, rng.Uniform(5, 30));
    const Solution fast = MinCostFlowSolver().Solve(net);
    const Solution simplex =
        MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(net);
    ASSERT_EQ(fast.status, SolveStatus::kOptimal);
    EXPECT_EQ(fast.total_cost, simplex.total_cost) << seed;
    const CertificateResult check = CheckOptimality(net, fast);
    ASSERT_TRUE(check.ok) << check.message;
    // Change 5% of the arc costs and a few seat counts, then re-solve warm.
    for (int k = 0; k < net.num_arcs() / 20; ++k) {
      const ArcIndex a = static_cast<ArcIndex>(rng.Uniform(0, net.num_arcs() - 1));
      net.SetCost(a, rng.Uniform(-5, 25));
    }
    for (int k = 0; k < 5; ++k) {
      const ArcIndex a = net.num_arcs() - 1 - static_cast<ArcIndex>(rng.Uniform(0, 59));
      net.SetCapacity(a, rng.Uniform(0, 6));
    }
    const Solution warm = MinCostFlowSolver().Resolve(net, fast);
    const Solution cold =
        MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(net);
    ASSERT_EQ(warm.status, SolveStatus::kOptimal);
    EXPECT_EQ(warm.total_cost, cold.total_cost) << seed;
    const CertificateResult warm_check = CheckOptimality(net, warm);
    ASSERT_TRUE(warm_check.ok) << warm_check.message;
  }
}

TEST(IncrementalMinCostFlowTest, SessionOfChangesStaysExact) {
  for (uint64_t seed = 0; seed < 40; ++seed) {
    Rng rng(seed + 31337);
    const bool big = seed % 4 == 0;  // a hub sink
    Network net = RandomMatchingNetwork(rng, big ? 1200 : 30, big ? 50 : 6, 4, 12);
    IncrementalMinCostFlow session(&net);
    for (int round = 0; round < 5; ++round) {
      const Solution& solution = session.Solve();
      const Solution reference =
          MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(net);
      ASSERT_EQ(solution.status, reference.status) << seed << " round " << round;
      if (solution.status == SolveStatus::kOptimal) {
        EXPECT_EQ(solution.total_cost, reference.total_cost) << seed << " round " << round;
        const CertificateResult check = CheckOptimality(net, solution);
        ASSERT_TRUE(check.ok) << seed << " round " << round << ": " << check.message;
      }
      for (int k = 0; k < 1 + net.num_arcs() / 50; ++k) {
        const ArcIndex a = static_cast<ArcIndex>(rng.Uniform(0, net.num_arcs() - 1));
        if (rng.Bernoulli(0.7)) {
          net.SetCost(a, rng.Uniform(-5, 25));
        } else {
          net.SetCapacity(a, rng.Uniform(0, 3));
        }
      }
      if (rng.Bernoulli(0.3)) {  // a candidate needs a second placement
        const NodeIndex c = static_cast<NodeIndex>(rng.Uniform(0, 9));
        const NodeIndex sink = net.num_nodes() - 1;
        net.SetSupply(c, net.supply(c) + 1);
        net.SetSupply(sink, net.supply(sink) - 1);
      }
    }
  }
}

TEST(MinCostFlowTest, WarmResolveAfterChangesIsExact) {
  for (uint64_t seed = 0; seed < 1500; ++seed) {
    Rng rng(seed + 50000);
    Network net = RandomNetwork(rng, /*allow_infinite=*/false);
    const Solution first = MinCostFlowSolver().Solve(net);
    // Change a few costs, capacities and supplies; maybe append arcs/nodes.
    for (int k = 0; k < 3 && net.num_arcs() > 0; ++k) {
      const ArcIndex a = static_cast<ArcIndex>(rng.Uniform(0, net.num_arcs() - 1));
      switch (rng.Uniform(0, 2)) {
        case 0:
          net.SetCost(a, rng.Uniform(-5, 10));
          break;
        case 1:
          net.SetCapacity(a, net.lower(a) + rng.Uniform(0, 5));
          break;
        default: {
          const NodeIndex u = net.tail(a), v = net.head(a);
          net.SetSupply(u, net.supply(u) + 1);
          net.SetSupply(v, net.supply(v) - 1);
        }
      }
    }
    if (rng.Bernoulli(0.3)) {
      const NodeIndex w = net.AddNode();
      net.AddArc(w, 0, 0, 3, rng.Uniform(-4, 4));
      net.AddArc(0, w, 0, 3, rng.Uniform(-4, 4));
    }
    const Solution warm = MinCostFlowSolver().Resolve(net, first);
    ExpectMatchesOracle(net, warm, "warm seed " + std::to_string(seed));
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(MinCostFlowTest, SolvesHandCaseWithKnownOptimum) {
  // s=0 -> 1 -> 3, s -> 2 -> 3: 4 units; cheap path capacity 3.
  Network net(4);
  net.AddArc(0, 1, 3, 1);
  net.AddArc(1, 3, 5, 1);
  net.AddArc(0, 2, 5, 4);
  net.AddArc(2, 3, 5, 1);
  net.SetSupply(0, 4);
  net.SetSupply(3, -4);
  for (const Algorithm algorithm : kAlgorithms) {
    const Solution s = MinCostFlowSolver().set_algorithm(algorithm).Solve(net);
    ASSERT_EQ(s.status, SolveStatus::kOptimal);
    EXPECT_EQ(s.total_cost, 3 * 2 + 1 * 5);
    EXPECT_EQ(s.flows, (std::vector<Flow>{3, 3, 1, 1}));
    EXPECT_TRUE(CheckOptimality(net, s).ok);
  }
}

TEST(MinCostFlowTest, LowerBoundForcesExpensiveArc) {
  Network net(2);
  net.AddArc(0, 1, 0, 10, 1);
  net.AddArc(0, 1, 2, 10, 7);
  net.SetSupply(0, 5);
  net.SetSupply(1, -5);
  const Solution s = SolveMinCostFlow(net);
  ASSERT_EQ(s.status, SolveStatus::kOptimal);
  EXPECT_EQ(s.total_cost, 3 * 1 + 2 * 7);
}

TEST(MinCostFlowTest, NegativeCycleOfFiniteCapacityIsSaturated) {
  Network net(3);
  net.AddArc(0, 1, 4, -3);
  net.AddArc(1, 2, 2, 1);
  net.AddArc(2, 0, 9, 1);
  const Solution s = SolveMinCostFlow(net);
  ASSERT_EQ(s.status, SolveStatus::kOptimal);
  EXPECT_EQ(s.total_cost, -2);
  EXPECT_EQ(s.flows, (std::vector<Flow>{2, 2, 2}));
}

TEST(MinCostFlowTest, ReportsUnboundedForNegativeInfiniteCycle) {
  Network net(2);
  net.AddArc(0, 1, kInfiniteCapacity, -1);
  net.AddArc(1, 0, kInfiniteCapacity, 0);
  EXPECT_EQ(SolveMinCostFlow(net).status, SolveStatus::kUnbounded);
}

TEST(MinCostFlowTest, ReportsInfeasibleWhenSupplyExceedsCapacity) {
  Network net(2);
  net.AddArc(0, 1, 3, 1);
  net.SetSupply(0, 4);
  net.SetSupply(1, -4);
  for (const Algorithm algorithm : kAlgorithms) {
    EXPECT_EQ(MinCostFlowSolver().set_algorithm(algorithm).Solve(net).status,
              SolveStatus::kInfeasible);
  }
}

TEST(MinCostFlowTest, ReportsInfeasibleWhenSuppliesDoNotSumToZero) {
  Network net(2);
  net.AddArc(0, 1, 10, 1);
  net.SetSupply(0, 4);
  net.SetSupply(1, -3);
  EXPECT_EQ(SolveMinCostFlow(net).status, SolveStatus::kInfeasible);
}

TEST(MinCostFlowTest, ReportsOverflowRiskInsteadOfWrapping) {
  Network net(2);
  net.AddArc(0, 1, int64_t{1} << 40, int64_t{1} << 30);
  net.SetSupply(0, 1);
  net.SetSupply(1, -1);
  EXPECT_EQ(SolveMinCostFlow(net).status, SolveStatus::kOverflowRisk);
}

// Costs times 2^50, just inside the overflow checks: the same flows stay
// optimal, so the optimum scales exactly. Exercises the simplex's potential
// shifts (subtree or complement, and the root's drift) near the limits.
TEST(MinCostFlowTest, CostsNearTheOverflowLimitScaleTheOptimumExactly) {
  constexpr Cost kScale = Cost{1} << 50;
  int compared = 0;
  for (uint64_t seed = 0; seed < 1500; ++seed) {
    Rng rng(seed);
    const Network net = RandomNetwork(rng, /*allow_infinite=*/false);
    Network scaled = net;
    for (ArcIndex a = 0; a < scaled.num_arcs(); ++a) scaled.SetCost(a, net.cost(a) * kScale);
    const Solution base = MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(net);
    const Solution big = MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(scaled);
    ASSERT_EQ(big.status, base.status) << "seed " << seed;
    if (base.status != SolveStatus::kOptimal) continue;
    ++compared;
    EXPECT_EQ(big.total_cost, base.total_cost * kScale) << "seed " << seed;
    const CertificateResult check = CheckOptimality(scaled, big);
    EXPECT_TRUE(check.ok) << "seed " << seed << ": " << check.message;
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(compared, 1000);
}

TEST(MinCostFlowTest, EmptyNetworkIsOptimalWithZeroCost) {
  const Solution s = SolveMinCostFlow(Network());
  EXPECT_EQ(s.status, SolveStatus::kOptimal);
  EXPECT_EQ(s.total_cost, 0);
}

TEST(NetworkTest, RejectsBadArcsWithNamedField) {
  Network net(2);
  EXPECT_THROW(net.AddArc(0, 2, 1, 1), InvalidArgumentError);
  EXPECT_THROW(net.AddArc(0, 1, 3, 2, 1), InvalidArgumentError);
  EXPECT_THROW(net.AddArc(0, 1, -1, 2, 1), InvalidArgumentError);
  EXPECT_THROW(net.SetSupply(5, 1), InvalidArgumentError);
  try {
    net.AddArc(0, 1, 3, 2, 1);
  } catch (const InvalidArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("arcs[0].capacity"), std::string::npos) << e.what();
  }
}

TEST(NetworkTest, LowerBoundsTakeNoMemoryUntilUsed) {
  Network net(2);
  net.AddArc(0, 1, 5, 1);
  EXPECT_FALSE(net.has_lower_bounds());
  net.AddArc(0, 1, 2, 5, 1);
  EXPECT_TRUE(net.has_lower_bounds());
  EXPECT_EQ(net.lower(0), 0);
  EXPECT_EQ(net.lower(1), 2);
}

// Found by the flow fuzzer: an infinite-capacity arc whose lower bound
// exceeds every supply and finite capacity (here a self-loop) must carry at
// least its lower bound, whatever the algorithm.
TEST(MinCostFlowTest, InfiniteArcWithALargeLowerBoundCarriesIt) {
  for (const Algorithm algorithm :
       {Algorithm::kAuto, Algorithm::kNetworkSimplex, Algorithm::kSuccessiveShortestPaths,
        Algorithm::kCostScaling}) {
    Network net(2);
    net.AddArc(0, 0, 5, kInfiniteCapacity, 27);
    net.AddArc(0, 1, 7, kInfiniteCapacity, 1);
    net.SetSupply(0, 2);
    net.SetSupply(1, -2);
    const Solution s = MinCostFlowSolver().set_algorithm(algorithm).Solve(net);
    EXPECT_EQ(s.status, SolveStatus::kInfeasible) << ToString(algorithm);  // 7 units must reach node 1, which absorbs 2
    Network loop(1);
    loop.AddArc(0, 0, 5, kInfiniteCapacity, 27);
    const Solution t = MinCostFlowSolver().set_algorithm(algorithm).Solve(loop);
    ASSERT_EQ(t.status, SolveStatus::kOptimal) << ToString(algorithm);
    EXPECT_EQ(t.flows[0], 5) << ToString(algorithm);
    EXPECT_EQ(t.total_cost, 135) << ToString(algorithm);
    EXPECT_TRUE(CheckOptimality(loop, t).ok) << ToString(algorithm);
  }
}

// A time limit so short that every check finds it past: the solver stops at
// its first check. On matching networks (acyclic) both algorithms hand back
// a feasible flow, never better than the optimum (network simplex's with its
// artificial arcs dropped and repaired).
TEST(MinCostFlowTest, TimeLimitReturnsAFeasibleFlowOrSaysThereIsNone) {
  for (uint64_t seed = 0; seed < 12; ++seed) {
    Rng rng(seed + 99);
    const Network net = RandomMatchingNetwork(rng, 1500, 80, 6, rng.Uniform(5, 30));
    const Solution optimum = MinCostFlowSolver().Solve(net);
    ASSERT_EQ(optimum.status, SolveStatus::kOptimal);
    const Solution stopped = MinCostFlowSolver().set_time_limit(1e-9).Solve(net);
    ASSERT_EQ(stopped.status, SolveStatus::kFeasible) << seed;
    const CertificateResult check = CheckFeasibility(net, stopped);
    ASSERT_TRUE(check.ok) << seed << ": " << check.message;
    EXPECT_GE(stopped.total_cost, optimum.total_cost) << seed;
    EXPECT_FALSE(CheckOptimality(net, stopped).ok) << "kFeasible is never certified optimal";

    const Solution simplex = MinCostFlowSolver()
                                 .set_algorithm(Algorithm::kNetworkSimplex)
                                 .set_time_limit(1e-9)
                                 .Solve(net);
    ASSERT_EQ(simplex.status, SolveStatus::kFeasible) << ToString(simplex.status);
    EXPECT_TRUE(CheckFeasibility(net, simplex).ok) << seed;
    EXPECT_GE(simplex.total_cost, optimum.total_cost) << seed;
    // A limit that is never reached changes nothing.
    const Solution roomy = MinCostFlowSolver().set_time_limit(1e6).Solve(net);
    ASSERT_EQ(roomy.status, SolveStatus::kOptimal);
    EXPECT_EQ(roomy.flows, optimum.flows);
  }
}

// A cyclic network stopped before its optimum: no repair, no flow.
TEST(MinCostFlowTest, TimeLimitOnACyclicNetworkGivesNoFlow) {
  Rng rng(8);
  Network net(400);
  for (NodeIndex v = 0; v < 400; ++v) {
    net.AddArc(v, (v + 1) % 400, 0, 1000, rng.Uniform(0, 9));
    net.AddArc(v, static_cast<NodeIndex>(rng.Uniform(0, 399)), 0, 5, rng.Uniform(0, 30));
  }
  for (NodeIndex v = 0; v < 200; ++v) {
    net.SetSupply(v, 3);
    net.SetSupply(v + 200, -3);
  }
  const Solution stopped =
      MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).set_time_limit(1e-9).Solve(net);
  ASSERT_EQ(stopped.status, SolveStatus::kTimeLimit);
  EXPECT_TRUE(stopped.flows.empty());
  ASSERT_EQ(MinCostFlowSolver().Solve(net).status, SolveStatus::kOptimal);
}

// Pins (lower bounds) and employer layers: a pinned unit behind a full seat
// needs an augmenting path, not only lowered flows. Every feasible network
// gets a feasible flow back; an infeasible one never gets a flow.
TEST(MinCostFlowTest, TimeLimitOnLayeredMatchingWithPinsNeverReturnsABadFlow) {
  int feasible = 0;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    Rng rng(seed + 5151);
    const int candidates = static_cast<int>(rng.Uniform(300, 600));
    const int openings = static_cast<int>(rng.Uniform(40, 90));
    const int employers = static_cast<int>(rng.Uniform(1, 10));
    const Network net = RandomLayeredNetwork(rng, candidates, openings, employers,
                                             {.picks = 4, .pin_rate = 0.002, .unplaced_cost = 10, .seats = 6, .employer_cap = 15});
    const Solution optimum = MinCostFlowSolver().Solve(net);
    const Solution stopped = MinCostFlowSolver().set_time_limit(1e-9).Solve(net);
    if (optimum.status != SolveStatus::kOptimal) {
      EXPECT_NE(stopped.status, SolveStatus::kOptimal) << seed;
      EXPECT_NE(stopped.status, SolveStatus::kFeasible) << seed;
      continue;
    }
    if (stopped.status == SolveStatus::kOptimal) {
      EXPECT_EQ(stopped.total_cost, optimum.total_cost) << seed;  // solved before the first check
      continue;
    }
    ASSERT_EQ(stopped.status, SolveStatus::kFeasible) << seed;
    ++feasible;
    const CertificateResult check = CheckFeasibility(net, stopped);
    ASSERT_TRUE(check.ok) << seed << ": " << check.message;
    EXPECT_GE(stopped.total_cost, optimum.total_cost) << seed;
  }
  EXPECT_GT(feasible, 100);
}

TEST(IncrementalMinCostFlowTest, SolveAfterATimeLimitIsColdAndExact) {
  Rng rng(2024);
  Network net = RandomMatchingNetwork(rng, 1500, 80, 6, 12);
  IncrementalMinCostFlow session(&net);
  session.set_time_limit(1e-9);
  const Solution stopped = session.Solve();
  ASSERT_EQ(stopped.status, SolveStatus::kFeasible);
  EXPECT_TRUE(CheckFeasibility(net, stopped).ok);
  session.set_time_limit(0);
  net.SetCost(0, net.cost(0) + 7);
  const Solution& exact = session.Solve();
  ASSERT_EQ(exact.status, SolveStatus::kOptimal);
  EXPECT_TRUE(CheckOptimality(net, exact).ok);
  EXPECT_EQ(exact.total_cost, MinCostFlowSolver().Solve(net).total_cost);
}

}  // namespace
}  // namespace passerelle::flow
