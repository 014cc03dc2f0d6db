// The presolve (src/flow/presolve.cc): matchings in disguise reach the
// matching fast path, and every rewrite maps back to an optimal solution of
// the network as given, checked against the Boost oracle and by the
// certificate on the original network.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "flow_oracle.h"
#include "internal.h"  // src/flow: the matching start
#include "passerelle/flow/certificate.h"
#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/flow/network.h"

namespace passerelle::flow {
namespace {

using testing::BigCapacity;
using testing::OracleMinCost;
using testing::Rng;

// How a matching is disguised.
struct Disguise {
  bool super_source = false;  // S feeds the candidates, capacities = their supply
  bool hub = false;           // the unplaced arcs go through a hub node U
  bool reversed = false;      // every arc turned round, supplies negated
  bool zero_arcs = false;     // closed pairs as arcs of capacity 0
  bool parallel = false;      // every placement arc doubled at the same cost
  bool lower = false;         // a few pins (lower bound 1)
};

// A small random matching (candidates with supply 1..2 reaching one opening
// or more, openings with 1..3 seats into a sink, an unplaced arc per
// candidate), disguised. Arcs are
// listed by tail, as files and generators list them.
Network DisguisedMatching(Rng& rng, const Disguise& d) {
  const int candidates = static_cast<int>(rng.Uniform(d.super_source ? 2 : 1, 7));  // a super-source feeds two or more
  const int openings = static_cast<int>(rng.Uniform(1, 5));
  // Nodes: [S], candidates, openings, [U], T.
  const NodeIndex first_candidate = d.super_source ? 1 : 0;
  const NodeIndex first_opening = first_candidate + candidates;
  const NodeIndex hub = first_opening + openings;
  const NodeIndex sink = hub + (d.hub ? 1 : 0);
  struct ArcSpec {
    NodeIndex tail, head;
    Flow lower, capacity;
    Cost cost;
  };
  std::vector<ArcSpec> arcs;
  std::vector<Flow> supply(sink + 1, 0);
  Flow total = 0;
  for (int c = 0; c < candidates; ++c) {
    const NodeIndex v = first_candidate + c;
    const Flow s = rng.Uniform(1, 2);
    total += s;
    if (d.super_source) {
      arcs.push_back({0, v, 0, s, rng.Uniform(0, 3)});
    } else {
      supply[v] = s;
    }
    bool pinned = false;
    const int reached = static_cast<int>(rng.Uniform(0, openings - 1));  // always one
    for (int o = 0; o < openings; ++o) {
      if (o != reached && rng.Bernoulli(0.3)) continue;
      const Cost cost = rng.Uniform(-20, 40);
      const bool pin = d.lower && !pinned && rng.Bernoulli(0.15);
      pinned = pinned || pin;
      arcs.push_back({v, first_opening + o, pin ? 1 : 0, pin ? 1 : 1 + rng.Uniform(0, 1), cost});
      if (d.parallel) arcs.push_back({v, first_opening + o, 0, 1, cost});
      if (d.zero_arcs && rng.Bernoulli(0.3)) arcs.push_back({v, first_opening + o, 0, 0, rng.Uniform(-50, 50)});
    }
    arcs.push_back({v, d.hub ? hub : sink, 0, s, rng.Uniform(10, 60)});
  }
  for (int o = 0; o < openings; ++o) {
    arcs.push_back({first_opening + o, sink, 0, rng.Uniform(1, 3), rng.Uniform(-10, 0)});
  }
  if (d.hub) arcs.push_back({hub, sink, 0, rng.Bernoulli(0.5) ? kInfiniteCapacity : total, rng.Uniform(0, 5)});
  if (d.super_source) supply[0] = total;
  supply[sink] = -total;
  Network net(sink + 1);
  for (const ArcSpec& a : arcs) {
    if (d.reversed) {
      net.AddArc(a.head, a.tail, a.lower, a.capacity, a.cost);
    } else {
      net.AddArc(a.tail, a.head, a.lower, a.capacity, a.cost);
    }
  }
  for (NodeIndex v = 0; v <= sink; ++v) net.SetSupply(v, d.reversed ? -supply[v] : supply[v]);
  return net;
}

// Each disguise with probability `p` (pins half as often).
Disguise RandomDisguise(Rng& rng, double p) {
  Disguise d;
  d.super_source = rng.Bernoulli(p);
  d.hub = rng.Bernoulli(p);
  d.reversed = rng.Bernoulli(p);
  d.zero_arcs = rng.Bernoulli(p);
  d.parallel = rng.Bernoulli(p);
  d.lower = rng.Bernoulli(p / 2);
  return d;
}

bool Mentions(const Solution& solution, const std::string& words) {
  for (const std::string& note : solution.notes) {
    if (note.find(words) != std::string::npos) return true;
  }
  return false;
}

// Checks `solution` of `net` against the oracle's optimum (`expected`;
// none: infeasible) and the certificate on `net`. Returns whether there was
// an optimum to check.
bool MatchesOracle(const Network& net, const Solution& solution, const std::optional<int64_t>& expected,
                   const std::string& context) {
  if (!expected) {
    EXPECT_EQ(solution.status, SolveStatus::kInfeasible) << context;
    return false;
  }
  EXPECT_EQ(solution.status, SolveStatus::kOptimal) << context;
  EXPECT_EQ(solution.total_cost, *expected) << context;
  const CertificateResult check = CheckOptimality(net, solution);
  EXPECT_TRUE(check.ok) << context << ": " << check.message;
  return true;
}

TEST(PresolveTest, DisguisedMatchingsAreExactAndTakeTheMatchingPath) {
  int presolved = 0, feasible = 0;
  for (uint64_t seed = 0; seed < 3000; ++seed) {
    Rng rng(seed);
    const Disguise d = RandomDisguise(rng, 0.45);
    const Network net = DisguisedMatching(rng, d);
    const std::string context = "seed " + std::to_string(seed);
    const std::optional<int64_t> expected = OracleMinCost(net, BigCapacity(net));
    for (const Algorithm algorithm :
         {Algorithm::kAuto, Algorithm::kNetworkSimplex, Algorithm::kSuccessiveShortestPaths}) {
      const Solution solution = MinCostFlowSolver().set_algorithm(algorithm).Solve(net);
      if (!MatchesOracle(net, solution, expected, context + " " + ToString(algorithm))) continue;
      if (algorithm != Algorithm::kAuto) continue;
      ++feasible;
      const bool rewritten = Mentions(solution, "presolve");
      presolved += rewritten;
      NodeIndex demands = 0;
      for (NodeIndex v = 0; v < net.num_nodes(); ++v) demands += net.supply(v) < 0;
      // The disguises that hide the matching shape are seen through. A
      // matching reversed and nothing else is solved as it is, mirrored
      // (MirroredMatchingNeedsNoRewrite); rewritten for another reason, it
      // is turned round too (a reversed matching of one candidate is a
      // matching already).
      // (Pins can leave a candidate nothing to send but its pinned unit: then
      // the shape shows through a hub, mirrored.)
      if (d.super_source || (d.hub && !d.lower)) EXPECT_TRUE(rewritten) << context;
      // Reversed, the super-source is a super-sink.
      if (d.super_source) {
        EXPECT_TRUE(Mentions(solution, d.reversed ? "super-sink" : "super-source")) << context;
      }
      if (rewritten && d.reversed && demands > 1) EXPECT_TRUE(Mentions(solution, "reversed")) << context;
      // ... and every one reaches a fast path: the matching's, or
      // Jonker-Volgenant's when what is left is a dense assignment.
      EXPECT_TRUE(solution.algorithm == Algorithm::kSuccessiveShortestPaths ||
                  solution.algorithm == Algorithm::kJonkerVolgenant)
          << context << " " << (solution.notes.empty() ? "" : solution.notes.front()) << " ss " << d.super_source
          << " hub " << d.hub << " rev " << d.reversed << " lower " << d.lower;
    }
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(feasible, 2500);
  EXPECT_GT(presolved, 2000);
}

// Arcs from the openings to the candidates, one source: the matching path
// reads the network mirrored, with no rewrite and no copy; same optimum as
// the oracle, certificate on the network as given, and the same cost as the
// matching the right way round.
TEST(PresolveTest, MirroredMatchingNeedsNoRewrite) {
  int mirrored = 0;
  for (uint64_t seed = 7000; seed < 7500; ++seed) {
    Rng straight_rng(seed), reversed_rng(seed);
    const Network straight = DisguisedMatching(straight_rng, Disguise{});
    const Network reversed = DisguisedMatching(reversed_rng, Disguise{.reversed = true});
    const std::string context = "seed " + std::to_string(seed);
    const std::optional<int64_t> expected = OracleMinCost(reversed, BigCapacity(reversed));
    for (const Algorithm algorithm : {Algorithm::kAuto, Algorithm::kSuccessiveShortestPaths}) {
      const Solution solution = MinCostFlowSolver().set_algorithm(algorithm).Solve(reversed);
      if (!MatchesOracle(reversed, solution, expected, context + " " + ToString(algorithm))) continue;
      EXPECT_FALSE(Mentions(solution, "presolve")) << context;
      EXPECT_EQ(solution.total_cost, MinCostFlowSolver().set_algorithm(algorithm).Solve(straight).total_cost)
          << context;
      if (algorithm == Algorithm::kAuto) {
        EXPECT_TRUE(solution.algorithm == Algorithm::kSuccessiveShortestPaths ||
                    solution.algorithm == Algorithm::kJonkerVolgenant)
            << context;
        mirrored += solution.algorithm == Algorithm::kSuccessiveShortestPaths;
      }
    }
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(mirrored, 300);
}

// Cost scaling does not read a matching mirrored: the presolve turns it
// round for it (about twice as fast on the reversed family). Same optimum
// and a certificate on the network as given.
TEST(PresolveTest, CostScalingGetsAMirroredMatchingTurnedRound) {
  int turned = 0;
  for (uint64_t seed = 7500; seed < 7700; ++seed) {
    Rng rng(seed);
    const Network reversed = DisguisedMatching(rng, Disguise{.reversed = true});
    const std::string context = "seed " + std::to_string(seed);
    const std::optional<int64_t> expected = OracleMinCost(reversed, BigCapacity(reversed));
    const Solution solution = MinCostFlowSolver().set_algorithm(Algorithm::kCostScaling).Solve(reversed);
    if (!MatchesOracle(reversed, solution, expected, context)) continue;
    turned += Mentions(solution, "reversed");
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(turned, 100);
}

// The matching start read mirrored is the straight start turned round: the
// same flows, the potentials negated (the searches then start from the same
// dual; with the wrong sign they would repair it arc by arc: 3x slower on
// the reversed bench family).
TEST(PresolveTest, MirroredMatchingStartIsTheStraightOneTurnedRound) {
  int started = 0;
  for (uint64_t seed = 8000; seed < 8300; ++seed) {
    Network nets[2];
    internal::Prepared problems[2];
    std::vector<Flow> flows[2];
    std::vector<Cost> pis[2];
    bool ok[2];
    for (const int reversed : {0, 1}) {
      Rng rng(seed);
      nets[reversed] = DisguisedMatching(rng, Disguise{.reversed = reversed == 1});
      ASSERT_EQ(internal::Prepare(nets[reversed], problems[reversed]), SolveStatus::kNotSolved);
      ASSERT_TRUE(internal::LooksLikeMatching(problems[reversed])) << seed;
      ok[reversed] = internal::InitMatchingShape(problems[reversed], flows[reversed], pis[reversed]);
    }
    // With one candidate, the reversed network is a matching the right way
    // round too, and is read that way.
    NodeIndex demands = 0;
    for (NodeIndex v = 0; v < nets[1].num_nodes(); ++v) demands += nets[1].supply(v) < 0;
    if (demands < 2) continue;
    const std::string context = "seed " + std::to_string(seed);
    ASSERT_EQ(ok[0], ok[1]) << context;
    if (!ok[0]) continue;  // more seats than candidates, say
    ++started;
    EXPECT_EQ(flows[1], flows[0]) << context;
    for (Cost& p : pis[1]) p = -p;
    EXPECT_EQ(pis[1], pis[0]) << context;
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(started, 200);
}

// Openings in a cycle (arcs between them both ways): the shape's cheap tests
// pass, but the start needs an acyclic network and says no, whatever the
// order of the arcs; the solve is still exact.
TEST(PresolveTest, MatchingStartRefusesACycle) {
  for (const bool cycle_first : {false, true}) {
    Network net(5);  // candidates 0, 1; openings 2, 3; sink 4
    if (cycle_first) {
      net.AddArc(2, 3, 0, 1, -3);
      net.AddArc(3, 2, 0, 1, -3);
    }
    net.AddArc(0, 2, 0, 1, -5);
    net.AddArc(1, 3, 0, 1, -4);
    net.AddArc(0, 4, 0, 1, 0);
    net.AddArc(1, 4, 0, 1, 0);
    if (!cycle_first) {
      net.AddArc(2, 3, 0, 1, -3);
      net.AddArc(3, 2, 0, 1, -3);
    }
    net.AddArc(2, 4, 0, 1, 0);
    net.AddArc(3, 4, 0, 1, 0);
    net.SetSupply(0, 1);
    net.SetSupply(1, 1);
    net.SetSupply(4, -2);
    internal::Prepared problem;
    ASSERT_EQ(internal::Prepare(net, problem), SolveStatus::kNotSolved);
    EXPECT_TRUE(internal::LooksLikeMatching(problem));
    std::vector<Flow> flow;
    std::vector<Cost> pi;
    EXPECT_FALSE(internal::InitMatchingShape(problem, flow, pi)) << cycle_first;
    const Solution solution = MinCostFlowSolver().Solve(net);
    ASSERT_EQ(solution.status, SolveStatus::kOptimal);
    EXPECT_EQ(solution.total_cost, *OracleMinCost(net, BigCapacity(net)));
    EXPECT_TRUE(CheckOptimality(net, solution).ok);
  }
}

TEST(PresolveTest, SameAnswerWithAndWithoutPresolve) {
  for (uint64_t seed = 5000; seed < 6000; ++seed) {
    Rng rng(seed);
    const Disguise d = RandomDisguise(rng, 0.55);
    const Network net = DisguisedMatching(rng, d);
    SolverOptions plain;
    plain.presolve = false;
    const Solution with = MinCostFlowSolver().Solve(net);
    const Solution without = MinCostFlowSolver().set_options(plain).Solve(net);
    ASSERT_EQ(with.status, without.status) << "seed " << seed;
    if (with.status != SolveStatus::kOptimal) continue;
    EXPECT_EQ(with.total_cost, without.total_cost) << "seed " << seed;
    EXPECT_FALSE(Mentions(without, "presolve")) << "seed " << seed;
    EXPECT_TRUE(CheckOptimality(net, with).ok) << "seed " << seed;
  }
}

TEST(PresolveTest, TimeLimitGivesAFeasibleFlowOfTheNetworkAsGiven) {
  int with_flow = 0;
  for (uint64_t seed = 7000; seed < 7400; ++seed) {
    Rng rng(seed);
    const Disguise d = RandomDisguise(rng, 0.55);
    const Network net = DisguisedMatching(rng, d);
    for (const Algorithm algorithm : {Algorithm::kAuto, Algorithm::kNetworkSimplex}) {
      // Past the deadline at the first check.
      const Solution solution = MinCostFlowSolver().set_algorithm(algorithm).set_time_limit(1e-12).Solve(net);
      ASSERT_TRUE(solution.status == SolveStatus::kFeasible || solution.status == SolveStatus::kTimeLimit ||
                  solution.status == SolveStatus::kOptimal || solution.status == SolveStatus::kInfeasible)
          << "seed " << seed << ": " << ToString(solution.status);
      if (!solution.has_flow()) continue;
      ++with_flow;
      const CertificateResult check = CheckFeasibility(net, solution);
      EXPECT_TRUE(check.ok) << "seed " << seed << ": " << check.message;
    }
  }
  EXPECT_GT(with_flow, 200);
}

TEST(PresolveTest, SuperSourceAndSuperSinkOfATransportationProblem) {
  // S -> rows (capacity = row supply), rows -> columns, columns -> T
  // (capacity = column demand): both ends forced; what is left is a
  // transportation problem between rows and columns.
  Network net(2 + 3 + 3);
  const NodeIndex s = 0, t = 7;
  const Flow row[] = {2, 1, 3}, column[] = {1, 4, 1};
  for (int i = 0; i < 3; ++i) net.AddArc(s, 1 + i, row[i], 5);
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) net.AddArc(1 + i, 4 + j, 3, (i + 1) * (j + 2) % 7);
  }
  for (int j = 0; j < 3; ++j) net.AddArc(4 + j, t, column[j], -2);
  net.SetSupply(s, 6);
  net.SetSupply(t, -6);
  const Solution solution = SolveMinCostFlow(net);
  ASSERT_EQ(solution.status, SolveStatus::kOptimal);
  EXPECT_EQ(solution.total_cost, *OracleMinCost(net, BigCapacity(net)));
  EXPECT_TRUE(CheckOptimality(net, solution).ok) << CheckOptimality(net, solution).message;
  EXPECT_TRUE(Mentions(solution, "1 super-source into supplies; 1 super-sink into demands"))
      << solution.notes.front();
  for (ArcIndex a = 0; a < 3; ++a) EXPECT_EQ(solution.flows[a], row[a]);
}

TEST(PresolveTest, InfeasibleAndUnboundedSurviveTheRewrite) {
  // A super-source whose candidate cannot reach the sink: infeasible.
  Network cut(4);
  cut.AddArc(0, 1, 1, 0);
  cut.AddArc(0, 2, 1, 0);
  cut.AddArc(1, 3, 1, 5);
  cut.SetSupply(0, 2);
  cut.SetSupply(3, -2);
  EXPECT_EQ(SolveMinCostFlow(cut).status, SolveStatus::kInfeasible);
  // A negative cycle of infinite capacity behind a super-source: unbounded.
  Network loop(4);
  loop.AddArc(0, 1, 1, 0);
  loop.AddArc(1, 3, 1, 1);
  loop.AddArc(1, 2, kInfiniteCapacity, -3);
  loop.AddArc(2, 1, kInfiniteCapacity, 1);
  loop.SetSupply(0, 1);
  loop.SetSupply(3, -1);
  EXPECT_EQ(SolveMinCostFlow(loop).status, SolveStatus::kUnbounded);
}

TEST(PresolveTest, ExplicitShortestPathsFallsBackWithANote) {
  // A budget of 0 scans per arc: the first searches exceed it.
  Rng rng(7);
  const Network net = DisguisedMatching(rng, Disguise{});
  SolverOptions options;
  options.scan_budget_per_arc = 0;
  const Solution solution = MinCostFlowSolver()
                                .set_algorithm(Algorithm::kSuccessiveShortestPaths)
                                .set_options(options)
                                .Solve(net);
  ASSERT_EQ(solution.status, SolveStatus::kOptimal);
  EXPECT_EQ(solution.algorithm, Algorithm::kNetworkSimplex);
  EXPECT_TRUE(Mentions(solution, "fallback successive_shortest_paths -> network_simplex"));
  EXPECT_EQ(solution.total_cost, *OracleMinCost(net, BigCapacity(net)));
  // Unbounded budget: no fallback.
  options.scan_budget_per_arc = -1;
  const Solution patient = MinCostFlowSolver()
                               .set_algorithm(Algorithm::kSuccessiveShortestPaths)
                               .set_options(options)
                               .Solve(net);
  EXPECT_EQ(patient.algorithm, Algorithm::kSuccessiveShortestPaths);
  EXPECT_TRUE(patient.notes.empty());
  EXPECT_EQ(patient.total_cost, solution.total_cost);
}

}  // namespace
}  // namespace passerelle::flow
