// Fuzz target: the optimiser on small networks built from the fuzz bytes.
//
// Two shapes: general networks (lower bounds, negative costs, self-loops,
// parallel and infinite arcs, unbalanced supplies) and the "matching" shape
// that `kAuto` solves with its specialised start (sources with an unplaced
// arc to the sink, openings with seats). For each network:
// - every algorithm returns the oracle's status and optimal cost, and every
//   optimal solution passes `CheckOptimality`;
// - after a few random changes (capacity, cost, lower bound, supply, an
//   appended arc), `Resolve` from the previous solution is exact too;
// - with a time limit already past, every answer is optimal, or a feasible
//   flow (`CheckFeasibility`) no better than the optimum, or no flow, and
//   never contradicts the oracle's status.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_oracle.h"
#include "passerelle/flow/certificate.h"
#include "passerelle/flow/min_cost_flow.h"

namespace {

using namespace passerelle::flow;
namespace fz = passerelle::fuzz;

Flow Capacity(FuzzedDataProvider& in) {
  return in.ConsumeIntegralInRange<int>(0, 15) == 0 ? kInfiniteCapacity : in.ConsumeIntegralInRange<Flow>(0, 12);
}

Network General(FuzzedDataProvider& in) {
  const int n = in.ConsumeIntegralInRange<int>(1, 9);
  Network net(n);
  const int m = in.ConsumeIntegralInRange<int>(0, 24);
  for (int i = 0; i < m; ++i) {
    const NodeIndex u = in.ConsumeIntegralInRange<int>(0, n - 1);
    const NodeIndex v = in.ConsumeIntegralInRange<int>(0, n - 1);
    const Flow cap = Capacity(in);
    const Flow lower = in.ConsumeIntegralInRange<int>(0, 7) == 0
                           ? in.ConsumeIntegralInRange<Flow>(0, cap == kInfiniteCapacity ? 5 : cap)
                           : 0;
    net.AddArc(u, v, lower, cap, in.ConsumeIntegralInRange<Cost>(-30, 30));
  }
  Flow sum = 0;
  for (int v = 0; v + 1 < n; ++v) {
    const Flow b = in.ConsumeIntegralInRange<Flow>(-8, 8);
    net.SetSupply(v, b);
    sum += b;
  }
  // Mostly balanced; sometimes not, which must be reported infeasible.
  net.SetSupply(n - 1, in.ConsumeIntegralInRange<int>(0, 9) == 0 ? in.ConsumeIntegralInRange<Flow>(-8, 8) : -sum);
  return net;
}

Network Matching(FuzzedDataProvider& in) {
  const int sources = in.ConsumeIntegralInRange<int>(1, 8);
  const int openings = in.ConsumeIntegralInRange<int>(0, 6);
  Network net(sources + openings + 1);
  const NodeIndex sink = sources + openings;
  Flow total = 0;
  for (int s = 0; s < sources; ++s) {
    const Flow b = in.ConsumeIntegralInRange<Flow>(1, 3);
    net.SetSupply(s, b);
    total += b;
    net.AddArc(s, sink, 0, b, in.ConsumeIntegralInRange<Cost>(0, 5));  // unplaced
  }
  for (int o = 0; o < openings; ++o) {
    net.AddArc(sources + o, sink, 0, in.ConsumeIntegralInRange<Flow>(0, 4), 0);  // seats
  }
  if (openings > 0) {
    const int pairs = in.ConsumeIntegralInRange<int>(0, 24);
    for (int i = 0; i < pairs; ++i) {
      const NodeIndex s = in.ConsumeIntegralInRange<int>(0, sources - 1);
      const NodeIndex o = sources + in.ConsumeIntegralInRange<int>(0, openings - 1);
      net.AddArc(s, o, 0, 1, in.ConsumeIntegralInRange<Cost>(-1000, 200));
    }
  }
  net.SetSupply(sink, -total);
  return net;
}

void CheckAgainstOracle(const Network& net, const Solution& s, const char* what) {
  FUZZ_CHECK(s.status != SolveStatus::kOverflowRisk && s.status != SolveStatus::kNotSolved,
             std::string(what) + ": status " + ToString(s.status) + " on a tiny network");
  if (s.status == SolveStatus::kOptimal) {
    const CertificateResult check = CheckOptimality(net, s);
    FUZZ_CHECK(check.ok, std::string(what) + " (" + ToString(s.algorithm) + "): " + check.message);
  }
  const fz::OracleResult oracle = fz::OracleMinCostFlow(net);
  const std::string got = std::string(what) + " (" + ToString(s.algorithm) + ") says " + ToString(s.status) +
                          " " + std::to_string(s.total_cost);
  switch (oracle.status) {
    case fz::OracleStatus::kOptimal:
      FUZZ_CHECK(s.status == SolveStatus::kOptimal && s.total_cost == oracle.cost,
                 got + ", oracle optimum " + std::to_string(oracle.cost));
      break;
    case fz::OracleStatus::kInfeasible:
      FUZZ_CHECK(s.status == SolveStatus::kInfeasible, got + ", oracle infeasible");
      break;
    case fz::OracleStatus::kUnbounded:
      FUZZ_CHECK(s.status == SolveStatus::kUnbounded, got + ", oracle unbounded");
      break;
    case fz::OracleStatus::kGaveUp:
      break;
  }
}

void CheckStoppedAgainstOracle(const Network& net, const Solution& s) {
  const std::string got = std::string("time-limited (") + ToString(s.algorithm) + ") says " +
                          ToString(s.status) + " " + std::to_string(s.total_cost);
  if (s.status == SolveStatus::kOptimal || s.status == SolveStatus::kInfeasible ||
      s.status == SolveStatus::kUnbounded) {
    CheckAgainstOracle(net, s, "time-limited Solve");  // finished before the first check
    return;
  }
  FUZZ_CHECK(s.status == SolveStatus::kFeasible || s.status == SolveStatus::kTimeLimit, got);
  const fz::OracleResult oracle = fz::OracleMinCostFlow(net);
  if (s.status == SolveStatus::kFeasible) {
    const CertificateResult check = CheckFeasibility(net, s);
    FUZZ_CHECK(check.ok, got + ": " + check.message);
    FUZZ_CHECK(oracle.status != fz::OracleStatus::kInfeasible, got + ", oracle infeasible");
    if (oracle.status == fz::OracleStatus::kOptimal) {
      FUZZ_CHECK(s.total_cost >= oracle.cost, got + ", below the oracle optimum " + std::to_string(oracle.cost));
    }
  } else {
    FUZZ_CHECK(s.flows.empty(), got + " with flows");
  }
}

void Perturb(FuzzedDataProvider& in, Network& net) {
  const int changes = in.ConsumeIntegralInRange<int>(1, 4);
  for (int i = 0; i < changes && net.num_arcs() > 0; ++i) {
    const ArcIndex a = in.ConsumeIntegralInRange<int>(0, net.num_arcs() - 1);
    switch (in.ConsumeIntegralInRange<int>(0, 4)) {
      case 0: {
        const Flow cap = Capacity(in);
        if (cap >= net.lower(a)) net.SetCapacity(a, cap);
        break;
      }
      case 1: net.SetCost(a, in.ConsumeIntegralInRange<Cost>(-30, 30)); break;
      case 2: {
        const Flow lower = in.ConsumeIntegralInRange<Flow>(0, 2);
        if (lower <= net.capacity(a)) net.SetLower(a, lower);
        break;
      }
      case 3: {  // move one unit of supply: stays balanced
        const NodeIndex u = in.ConsumeIntegralInRange<int>(0, net.num_nodes() - 1);
        const NodeIndex v = in.ConsumeIntegralInRange<int>(0, net.num_nodes() - 1);
        net.SetSupply(u, net.supply(u) + 1);
        net.SetSupply(v, net.supply(v) - 1);
        break;
      }
      case 4:
        net.AddArc(in.ConsumeIntegralInRange<int>(0, net.num_nodes() - 1), in.ConsumeIntegralInRange<int>(0, net.num_nodes() - 1),
                   in.ConsumeIntegralInRange<Flow>(0, 6), in.ConsumeIntegralInRange<Cost>(-30, 30));
        break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  Network net = in.ConsumeBool() ? Matching(in) : General(in);
  const Algorithm algorithms[] = {Algorithm::kAuto, Algorithm::kNetworkSimplex,
                                  Algorithm::kSuccessiveShortestPaths};
  Solution previous[3];
  for (int i = 0; i < 3; ++i) {
    previous[i] = MinCostFlowSolver().set_algorithm(algorithms[i]).Solve(net);
    CheckAgainstOracle(net, previous[i], "Solve");
    CheckStoppedAgainstOracle(net, MinCostFlowSolver().set_algorithm(algorithms[i]).set_time_limit(1e-12).Solve(net));
  }
  // Node parts only reorder the simplex's work: any parts, same optimum.
  std::vector<int32_t> parts(net.num_nodes());
  for (int32_t& p : parts) p = in.ConsumeIntegralInRange<int32_t>(-1, 3);
  MinCostFlowSolver by_parts;
  by_parts.set_algorithm(Algorithm::kNetworkSimplex).set_options({.node_parts = parts});
  CheckAgainstOracle(net, by_parts.Solve(net), "Solve with node parts");
  CheckStoppedAgainstOracle(net, by_parts.set_time_limit(1e-12).Solve(net));
  Perturb(in, net);
  for (int i = 0; i < 3; ++i) {
    const Solution warm = MinCostFlowSolver().set_algorithm(algorithms[i]).Resolve(net, previous[i]);
    CheckAgainstOracle(net, warm, "Resolve");
  }
  return 0;
}
