// The Jonker-Volgenant path of `kAuto` on dense assignment networks, against
// network simplex and brute force: same optimum, same infeasibility, a
// certificate that holds on the network as given (parallel arcs, capacities
// above 1, zero capacities, node numbers in any order).
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <vector>

#include "flow_oracle.h"
#include "passerelle/flow/certificate.h"
#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/flow/network.h"

namespace passerelle::flow {
namespace {

using testing::Rng;

struct AssignmentShape {
  int k = 1;
  double density = 1;          // share of the k * k pairs with an arc
  Cost min_cost = 0, max_cost = 100;
  double parallel_rate = 0;    // extra arc on the same pair
  double zero_capacity_rate = 0;
  double big_capacity_rate = 0;  // capacity 2..5 or infinite instead of 1
  int isolated_nodes = 0;      // supply 0, no arc
  bool shuffle = true;         // false: rows, then columns, arcs row by row
};

// Rows and columns get shuffled node numbers; arcs come in shuffled order.
// `cost_of[i * k + j]` (output) is the cheapest real arc of the pair, or
// max() if none.
Network RandomAssignment(Rng& rng, const AssignmentShape& shape, std::vector<Cost>* cost_of = nullptr) {
  const int k = shape.k;
  const int n = 2 * k + shape.isolated_nodes;
  std::vector<NodeIndex> node(n);
  std::iota(node.begin(), node.end(), 0);
  if (shape.shuffle) {
    for (int i = n - 1; i > 0; --i) std::swap(node[i], node[rng.Uniform(0, i)]);
  }
  // node[0, k): rows, node[k, 2k): columns, the rest isolated.
  struct Arc {
    int i, j;
    Flow capacity;
    Cost cost;
  };
  std::vector<Arc> arcs;
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) {
      if (!rng.Bernoulli(shape.density)) continue;
      do {
        Flow capacity = 1;
        if (rng.Bernoulli(shape.zero_capacity_rate)) capacity = 0;
        if (rng.Bernoulli(shape.big_capacity_rate)) {
          capacity = rng.Bernoulli(0.3) ? kInfiniteCapacity : rng.Uniform(2, 5);
        }
        arcs.push_back({i, j, capacity, rng.Uniform(shape.min_cost, shape.max_cost)});
      } while (rng.Bernoulli(shape.parallel_rate));
    }
  }
  if (shape.shuffle) {
    for (size_t a = arcs.size(); a > 1; --a) std::swap(arcs[a - 1], arcs[rng.Uniform(0, a - 1)]);
  }
  Network net(n);
  if (cost_of != nullptr) cost_of->assign(static_cast<size_t>(k) * k, std::numeric_limits<Cost>::max());
  for (const Arc& arc : arcs) {
    net.AddArc(node[arc.i], node[k + arc.j], arc.capacity, arc.cost);
    if (cost_of != nullptr && arc.capacity > 0) {
      Cost& c = (*cost_of)[static_cast<size_t>(arc.i) * k + arc.j];
      c = std::min(c, arc.cost);
    }
  }
  for (int i = 0; i < k; ++i) {
    net.SetSupply(node[i], 1);
    net.SetSupply(node[k + i], -1);
  }
  return net;
}

// Minimum over the permutations, or nullopt if every one uses a missing pair.
std::optional<Cost> BruteForce(const std::vector<Cost>& cost_of, int k) {
  std::vector<int> perm(k);
  std::iota(perm.begin(), perm.end(), 0);
  std::optional<Cost> best;
  do {
    Cost total = 0;
    bool ok = true;
    for (int i = 0; i < k && ok; ++i) {
      const Cost c = cost_of[static_cast<size_t>(i) * k + perm[i]];
      ok = c != std::numeric_limits<Cost>::max();
      total += ok ? c : 0;
    }
    if (ok && (!best || total < *best)) best = total;
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

// Solves with kAuto (which must take the Jonker-Volgenant path) and network
// simplex; both must agree, and an optimal answer must certify.
void ExpectSameAsSimplex(const Network& net, const char* what, uint64_t seed) {
  const Solution jv = MinCostFlowSolver().Solve(net);
  ASSERT_EQ(jv.algorithm, Algorithm::kJonkerVolgenant) << what << " seed " << seed;
  const Solution simplex = MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(net);
  ASSERT_EQ(jv.status, simplex.status) << what << " seed " << seed;
  if (jv.status != SolveStatus::kOptimal) return;
  EXPECT_EQ(jv.total_cost, simplex.total_cost) << what << " seed " << seed;
  const CertificateResult check = CheckOptimality(net, jv);
  ASSERT_TRUE(check.ok) << what << " seed " << seed << ": " << check.message;
}

TEST(JonkerVolgenantTest, CompleteRandomAssignmentsMatchSimplex) {
  for (uint64_t seed = 0; seed < 400; ++seed) {
    Rng rng(seed);
    AssignmentShape shape;
    shape.k = static_cast<int>(rng.Uniform(1, seed < 350 ? 30 : 150));
    shape.max_cost = rng.Bernoulli(0.3) ? rng.Uniform(0, 3) : rng.Uniform(1, 1000000);
    if (rng.Bernoulli(0.3)) shape.min_cost = -shape.max_cost;  // negative costs
    shape.shuffle = rng.Bernoulli(0.5);  // else the arcs are the cost matrix (no copy)
    ExpectSameAsSimplex(RandomAssignment(rng, shape), "complete", seed);
  }
}

TEST(JonkerVolgenantTest, NearlyDenseAssignmentsMatchSimplexIncludingInfeasible) {
  int infeasible = 0;
  for (uint64_t seed = 0; seed < 600; ++seed) {
    Rng rng(seed);
    AssignmentShape shape;
    shape.k = static_cast<int>(rng.Uniform(2, 40));
    // Just above the density threshold, where a perfect matching may be
    // missing on small k.
    shape.density = 0.55 + 0.4 * static_cast<double>(rng.Uniform(0, 100)) / 100;
    shape.max_cost = rng.Uniform(1, 50);
    shape.min_cost = rng.Bernoulli(0.5) ? -shape.max_cost : 0;
    shape.parallel_rate = rng.Bernoulli(0.5) ? 0.2 : 0;
    shape.zero_capacity_rate = rng.Bernoulli(0.3) ? 0.1 : 0;
    shape.big_capacity_rate = rng.Bernoulli(0.3) ? 0.2 : 0;
    shape.isolated_nodes = static_cast<int>(rng.Uniform(0, 2));
    const Network net = RandomAssignment(rng, shape);
    // Below the threshold once zero capacities and collisions are counted:
    // another path solves it; skip.
    if (MinCostFlowSolver().Solve(net).algorithm != Algorithm::kJonkerVolgenant) continue;
    ExpectSameAsSimplex(net, "nearly dense", seed);
    infeasible += MinCostFlowSolver().Solve(net).status == SolveStatus::kInfeasible;
  }
  EXPECT_GE(infeasible, 3);  // the family does exercise infeasibility
}

TEST(JonkerVolgenantTest, SmallAssignmentsMatchBruteForce) {
  int checked = 0;
  for (uint64_t seed = 0; seed < 1500; ++seed) {
    Rng rng(seed);
    AssignmentShape shape;
    shape.k = static_cast<int>(rng.Uniform(1, 7));
    shape.density = rng.Bernoulli(0.5) ? 1.0 : 0.7;
    shape.max_cost = rng.Uniform(0, 20);
    shape.min_cost = -rng.Uniform(0, 20);
    shape.parallel_rate = rng.Bernoulli(0.5) ? 0.1 : 0;
    shape.shuffle = rng.Bernoulli(0.5);
    std::vector<Cost> cost_of;
    const Network net = RandomAssignment(rng, shape, &cost_of);
    const Solution jv = MinCostFlowSolver().Solve(net);
    if (jv.algorithm != Algorithm::kJonkerVolgenant) continue;
    ++checked;
    const std::optional<Cost> best = BruteForce(cost_of, shape.k);
    if (!best) {
      EXPECT_EQ(jv.status, SolveStatus::kInfeasible) << seed;
      continue;
    }
    ASSERT_EQ(jv.status, SolveStatus::kOptimal) << seed;
    EXPECT_EQ(jv.total_cost, *best) << seed;
    const CertificateResult check = CheckOptimality(net, jv);
    ASSERT_TRUE(check.ok) << seed << ": " << check.message;
  }
  EXPECT_GT(checked, 1000);
}

TEST(JonkerVolgenantTest, AllEqualCostsGiveAPerfectMatching) {
  for (const int k : {1, 2, 3, 10, 200}) {
    for (const Cost c : {Cost{0}, Cost{7}, Cost{-3}}) {
      Network net(2 * k);
      for (int i = 0; i < k; ++i) {
        for (int j = 0; j < k; ++j) net.AddArc(i, k + j, 1, c);
        net.SetSupply(i, 1);
        net.SetSupply(k + i, -1);
      }
      const Solution jv = MinCostFlowSolver().Solve(net);
      ASSERT_EQ(jv.algorithm, Algorithm::kJonkerVolgenant);
      ASSERT_EQ(jv.status, SolveStatus::kOptimal) << k << " " << c;
      EXPECT_EQ(jv.total_cost, c * k);
      const CertificateResult check = CheckOptimality(net, jv);
      ASSERT_TRUE(check.ok) << k << " " << c << ": " << check.message;
    }
  }
}

TEST(JonkerVolgenantTest, ReportsInfeasibleForARowWithoutArcs) {
  const int k = 6;
  Network net(2 * k);
  for (int i = 1; i < k; ++i) {
    for (int j = 0; j < k; ++j) net.AddArc(i, k + j, 1, i + j);
  }
  for (int i = 0; i < k; ++i) {
    net.SetSupply(i, 1);
    net.SetSupply(k + i, -1);
  }
  const Solution jv = MinCostFlowSolver().Solve(net);
  EXPECT_EQ(jv.algorithm, Algorithm::kJonkerVolgenant);
  EXPECT_EQ(jv.status, SolveStatus::kInfeasible);
}

TEST(JonkerVolgenantTest, ReportsInfeasibleWhenTwoRowsShareTheirOnlyColumn) {
  // Hall's condition fails for rows {0, 1}; every row and column has an arc.
  const int k = 4;
  Network net(2 * k);
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) {
      if (i >= 2 || j == 0) net.AddArc(i, k + j, 1, (i * 7 + j * 3) % 5 - 2);
    }
    net.SetSupply(i, 1);
    net.SetSupply(k + i, -1);
  }
  const Solution jv = MinCostFlowSolver().Solve(net);
  EXPECT_EQ(jv.algorithm, Algorithm::kJonkerVolgenant);
  EXPECT_EQ(jv.status, SolveStatus::kInfeasible);
}

TEST(JonkerVolgenantTest, OtherShapesTakeTheGeneralSolvers) {
  Rng rng(7);
  AssignmentShape shape;
  shape.k = 20;
  const Network base = RandomAssignment(rng, shape);
  const auto algorithm_of = [](const Network& net) { return MinCostFlowSolver().Solve(net).algorithm; };
  ASSERT_EQ(algorithm_of(base), Algorithm::kJonkerVolgenant);

  Network sparse(40);  // 20 x 20 with 9 arcs a row: below half the pairs
  for (int i = 0; i < 20; ++i) {
    for (int j = 0; j < 9; ++j) sparse.AddArc(i, 20 + (i + j) % 20, 1, j);
    sparse.SetSupply(i, 1);
    sparse.SetSupply(20 + i, -1);
  }
  EXPECT_NE(algorithm_of(sparse), Algorithm::kJonkerVolgenant);

  Network lower = base;  // a lower bound
  lower.SetLower(0, 1);
  EXPECT_NE(algorithm_of(lower), Algorithm::kJonkerVolgenant);

  Network backwards = base;  // an arc from a column to a row
  backwards.AddArc(base.head(0), base.tail(0), 1, 0);
  EXPECT_NE(algorithm_of(backwards), Algorithm::kJonkerVolgenant);

  Network supply_two = base;  // a row of supply 2 (and a column of -2)
  supply_two.SetSupply(base.tail(0), 2);
  supply_two.SetSupply(base.head(0), -2);
  EXPECT_NE(algorithm_of(supply_two), Algorithm::kJonkerVolgenant);

  // Requested explicitly on another shape: solved by kAuto, exactly.
  const Solution asked = MinCostFlowSolver().set_algorithm(Algorithm::kJonkerVolgenant).Solve(sparse);
  const Solution simplex = MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(sparse);
  EXPECT_NE(asked.algorithm, Algorithm::kJonkerVolgenant);
  ASSERT_EQ(asked.status, SolveStatus::kOptimal);
  EXPECT_EQ(asked.total_cost, simplex.total_cost);
}

TEST(JonkerVolgenantTest, DegenerateCostsFallBackToNetworkSimplexExactly) {
  // c_ij = (i + 1) (j + 1): every column's minimum is row 0, and each of the
  // k - 1 other rows needs a search over most of the matrix.
  const int k = 200;
  Network net(2 * k);
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) net.AddArc(i, k + j, 1, Cost{i + 1} * (j + 1));
    net.SetSupply(i, 1);
    net.SetSupply(k + i, -1);
  }
  const Solution simplex = MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(net);
  ASSERT_EQ(simplex.status, SolveStatus::kOptimal);
  for (const Algorithm algorithm : {Algorithm::kAuto, Algorithm::kJonkerVolgenant}) {
    const Solution solution = MinCostFlowSolver().set_algorithm(algorithm).Solve(net);
    EXPECT_EQ(solution.algorithm, Algorithm::kNetworkSimplex);
    ASSERT_EQ(solution.status, SolveStatus::kOptimal);
    EXPECT_EQ(solution.total_cost, simplex.total_cost);
    const CertificateResult check = CheckOptimality(net, solution);
    EXPECT_TRUE(check.ok) << check.message;
  }
}

TEST(JonkerVolgenantTest, CostsNearTheSizeLimitStayExact) {
  // k * (max |cost| + 1) close to 2^52: prices and labels near their bounds.
  for (uint64_t seed = 0; seed < 20; ++seed) {
    Rng rng(seed);
    AssignmentShape shape;
    shape.k = static_cast<int>(rng.Uniform(2, 30));
    shape.max_cost = (Cost{1} << 52) / (shape.k + 1) - 1;
    shape.min_cost = rng.Bernoulli(0.5) ? -shape.max_cost : shape.max_cost - 1000;
    shape.density = rng.Bernoulli(0.5) ? 1.0 : 0.8;
    ExpectSameAsSimplex(RandomAssignment(rng, shape), "large costs", seed);
  }
}

TEST(JonkerVolgenantTest, TimeLimitGivesAFeasibleAssignmentOrNone) {
  for (const double density : {1.0, 0.6}) {
    for (const bool shuffle : {false, true}) {
      Rng rng(3);
      AssignmentShape shape;
      shape.k = 300;
      shape.max_cost = 1000000;
      shape.density = density;
      shape.shuffle = shuffle;
      const Network net = RandomAssignment(rng, shape);
      const Solution limited = MinCostFlowSolver().set_time_limit(1e-9).Solve(net);
      EXPECT_EQ(limited.algorithm, Algorithm::kJonkerVolgenant);
      if (density == 1.0) {
        // Every free row finds a free column: always a feasible answer.
        ASSERT_EQ(limited.status, SolveStatus::kFeasible) << shuffle;
      }
      if (limited.status == SolveStatus::kFeasible) {
        const CertificateResult check = CheckFeasibility(net, limited);
        EXPECT_TRUE(check.ok) << check.message;
        const Solution optimal = MinCostFlowSolver().Solve(net);
        EXPECT_GE(limited.total_cost, optimal.total_cost);
      } else {
        EXPECT_EQ(limited.status, SolveStatus::kTimeLimit);
      }
    }
  }
}

}  // namespace
}  // namespace passerelle::flow
