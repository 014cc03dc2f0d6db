#include "passerelle/flow/min_cost_flow.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "internal.h"
#include "jonker_volgenant.h"
#include "passerelle/internal/memory.h"
#include "passerelle/internal/parallel.h"

namespace passerelle::flow {
namespace {

using Int128 = __int128;
constexpr Int128 kLimit = Int128{1} << 62;

Int128 Abs(Int128 x) { return x < 0 ? -x : x; }

}  // namespace

SolveStatus internal::Prepare(const Network& net, internal::Prepared& problem) {
  const NodeIndex n = net.num_nodes();
  const ArcIndex m = net.num_arcs();
  problem.network = &net;
  problem.supply.assign(net.supplies().begin(), net.supplies().end());

  Int128 supply_sum = 0, abs_supply = 0, finite_caps = 0, lowers = 0;
  bool has_infinite = false;
  Cost max_cost = 0;
  for (NodeIndex v = 0; v < n; ++v) {
    supply_sum += net.supply(v);
    abs_supply += Abs(net.supply(v));
  }
  // sum |cost| * capacity in floating point (fast, relative error far below
  // the margin), the infinite arcs' part counted once their stand-in is known.
  double finite_products = 0, infinite_costs = 0;
  for (ArcIndex a = 0; a < m; ++a) {
    const double abs_cost = std::fabs(static_cast<double>(net.cost(a)));
    if (net.capacity(a) == kInfiniteCapacity) {
      has_infinite = true;
      infinite_costs += abs_cost;
    } else {
      finite_caps += net.capacity(a);
      finite_products += abs_cost * static_cast<double>(net.capacity(a));
    }
    lowers += net.lower(a);
    max_cost = std::max<Cost>(max_cost, std::llabs(net.cost(a)));
  }
  problem.max_abs_cost = max_cost;
  problem.has_infinite_capacity = has_infinite;
  problem.small_costs = max_cost <= std::numeric_limits<int32_t>::max();
  problem.small_flows = !has_infinite && !net.has_lower_bounds() && abs_supply + finite_caps < kSmallFlowBound;
  // Stand-in for an infinite capacity: more than any optimal flow of a
  // bounded problem carries on one arc. Lower bounds count too: they shift
  // supplies, and an infinite arc's own lower bound must fit below it.
  const Int128 infinite_bound = abs_supply + finite_caps + 2 * lowers + 1;
  if (infinite_bound > kLimit) return SolveStatus::kOverflowRisk;
  if (Int128{8} * (n + 2) * (Int128{max_cost} + 1) > kLimit) {
    return SolveStatus::kOverflowRisk;
  }
  // sum |cost| * capacity: exactly only near the limit.
  const double approximate = finite_products + infinite_costs * static_cast<double>(infinite_bound);
  if (approximate > 0x1p60) {
    Int128 cost_bound = 0;
    for (ArcIndex a = 0; a < m; ++a) {
      const Int128 cap = net.capacity(a) == kInfiniteCapacity
                             ? infinite_bound
                             : Int128{net.capacity(a)};
      cost_bound += Abs(net.cost(a)) * cap;
      if (cost_bound > kLimit) return SolveStatus::kOverflowRisk;
    }
  }
  if (supply_sum != 0) return SolveStatus::kInfeasible;

  if (!has_infinite && !net.has_lower_bounds()) {
    problem.capacity = net.capacities().data();
  } else {
    problem.owned_capacity.resize(m);
    for (ArcIndex a = 0; a < m; ++a) {
      const Flow lower = net.lower(a);
      const Flow cap = net.capacity(a) == kInfiniteCapacity
                           ? static_cast<Flow>(infinite_bound)
                           : net.capacity(a);
      problem.owned_capacity[a] = cap - lower;
      problem.supply[net.tail(a)] -= lower;
      problem.supply[net.head(a)] += lower;
    }
    problem.capacity = problem.owned_capacity.data();
  }
  return SolveStatus::kNotSolved;
}

bool internal::RepairAcyclic(const Prepared& problem, std::vector<Flow>& flow) {
  const Network& net = *problem.network;
  const NodeIndex n = net.num_nodes();
  const ArcIndex m = net.num_arcs();
  if (static_cast<ArcIndex>(flow.size()) != m) return false;
  // Out- and in-incidence (CSR) and a topological order (Kahn).
  std::vector<int64_t> out_start(n + 1, 0), in_start(n + 1, 0);
  for (ArcIndex a = 0; a < m; ++a) {
    ++out_start[net.tail(a) + 1];
    ++in_start[net.head(a) + 1];
  }
  for (NodeIndex v = 0; v < n; ++v) {
    out_start[v + 1] += out_start[v];
    in_start[v + 1] += in_start[v];
  }
  std::vector<ArcIndex> out(m), in(m);
  {
    std::vector<int64_t> out_fill(out_start.begin(), out_start.end() - 1);
    std::vector<int64_t> in_fill(in_start.begin(), in_start.end() - 1);
    for (ArcIndex a = 0; a < m; ++a) {
      out[out_fill[net.tail(a)]++] = a;
      in[in_fill[net.head(a)]++] = a;
    }
  }
  std::vector<int64_t> pending(n);
  std::vector<NodeIndex> order;
  order.reserve(n);
  for (NodeIndex v = 0; v < n; ++v) {
    pending[v] = in_start[v + 1] - in_start[v];
    if (pending[v] == 0) order.push_back(v);
  }
  for (size_t i = 0; i < order.size(); ++i) {
    const NodeIndex u = order[i];
    for (int64_t k = out_start[u]; k < out_start[u + 1]; ++k) {
      const NodeIndex h = net.head(out[k]);
      if (--pending[h] == 0) order.push_back(h);
    }
  }
  if (static_cast<NodeIndex>(order.size()) != n) return false;  // a cycle

  // balance = supply + inflow - outflow: > 0 surplus, < 0 deficit.
  std::vector<Flow> balance(problem.supply.begin(), problem.supply.end());
  for (ArcIndex a = 0; a < m; ++a) {
    if (flow[a] < 0 || flow[a] > problem.capacity[a]) return false;
    balance[net.tail(a)] -= flow[a];
    balance[net.head(a)] += flow[a];
  }
  const auto is_sink = [&](NodeIndex v) {
    return problem.supply[v] < 0 && out_start[v + 1] == out_start[v];
  };
  // Surpluses, from the sinks up: first into a sink (a free seat), then back
  // along the inflows, which moves the surplus to a node later in this pass.
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const NodeIndex v = *it;
    if (balance[v] <= 0 || is_sink(v)) continue;
    for (int64_t k = out_start[v]; k < out_start[v + 1] && balance[v] > 0; ++k) {
      const ArcIndex a = out[k];
      if (!is_sink(net.head(a))) continue;
      const Flow delta = std::min(balance[v], problem.capacity[a] - flow[a]);
      flow[a] += delta;
      balance[v] -= delta;
      balance[net.head(a)] += delta;
    }
    for (int64_t k = in_start[v]; k < in_start[v + 1] && balance[v] > 0; ++k) {
      const ArcIndex a = in[k];
      const Flow delta = std::min(balance[v], flow[a]);
      flow[a] -= delta;
      balance[v] -= delta;
      balance[net.tail(a)] += delta;
    }
  }
  // What the pass could not place (a pinned unit behind a full seat, say):
  // augmenting paths in the residual network to a sink or a deficit, which
  // exist when the network is feasible; one search per remaining unit of
  // surplus at worst (few: the pass settles the rest).
  std::vector<ArcIndex> via(n);  // arc reaching the node; ~a when used backwards
  std::vector<NodeIndex> queue;
  std::vector<char> seen(n);
  for (const NodeIndex s : order) {
    while (balance[s] > 0 && !is_sink(s)) {
      for (const NodeIndex w : queue) seen[w] = 0;  // only what the last search marked
      queue.assign(1, s);
      seen[s] = 1;
      NodeIndex target = -1;
      for (size_t i = 0; i < queue.size() && target < 0; ++i) {
        const NodeIndex u = queue[i];
        const auto visit = [&](NodeIndex w, ArcIndex code) {
          if (seen[w]) return;
          seen[w] = 1;
          via[w] = code;
          queue.push_back(w);
          if (is_sink(w) || balance[w] < 0) target = w;
        };
        for (int64_t k = out_start[u]; k < out_start[u + 1] && target < 0; ++k) {
          if (flow[out[k]] < problem.capacity[out[k]]) visit(net.head(out[k]), out[k]);
        }
        for (int64_t k = in_start[u]; k < in_start[u + 1] && target < 0; ++k) {
          if (flow[in[k]] > 0) visit(net.tail(in[k]), ~in[k]);
        }
      }
      if (target < 0) return false;
      Flow delta = is_sink(target) ? balance[s] : std::min(balance[s], -balance[target]);
      for (NodeIndex w = target; w != s;) {
        const ArcIndex code = via[w];
        const ArcIndex a = code >= 0 ? code : ~code;
        delta = std::min(delta, code >= 0 ? problem.capacity[a] - flow[a] : flow[a]);
        w = code >= 0 ? net.tail(a) : net.head(a);
      }
      for (NodeIndex w = target; w != s;) {
        const ArcIndex code = via[w];
        const ArcIndex a = code >= 0 ? code : ~code;
        flow[a] += code >= 0 ? delta : -delta;
        w = code >= 0 ? net.tail(a) : net.head(a);
      }
      balance[s] -= delta;
      balance[target] += delta;
    }
  }
  // Deficits, from the sources down: lower the outflows (arcs into a sink
  // first: an unplaced arc before a placement), which moves the deficit to a
  // node later in this pass.
  for (const NodeIndex v : order) {
    if (balance[v] >= 0 || is_sink(v)) continue;
    for (const bool to_sink : {true, false}) {
      for (int64_t k = out_start[v]; k < out_start[v + 1] && balance[v] < 0; ++k) {
        const ArcIndex a = out[k];
        if (is_sink(net.head(a)) != to_sink) continue;
        const Flow delta = std::min(-balance[v], flow[a]);
        flow[a] -= delta;
        balance[v] += delta;
        balance[net.head(a)] -= delta;
      }
    }
  }
  for (NodeIndex v = 0; v < n; ++v) {
    if (balance[v] != 0) return false;
  }
  return true;
}

namespace {

// True if the arcs of infinite capacity hold a negative-cost cycle
// (Bellman-Ford from a virtual source joined to every node).
bool HasNegativeInfiniteCycle(const Network& net) {
  std::vector<ArcIndex> arcs;
  for (ArcIndex a = 0; a < net.num_arcs(); ++a) {
    if (net.capacity(a) == kInfiniteCapacity) arcs.push_back(a);
  }
  if (arcs.empty()) return false;
  std::vector<Int128> dist(net.num_nodes(), 0);
  for (NodeIndex round = 0; round <= net.num_nodes(); ++round) {
    bool changed = false;
    for (const ArcIndex a : arcs) {
      const Int128 nd = dist[net.tail(a)] + net.cost(a);
      if (nd < dist[net.head(a)]) {
        dist[net.head(a)] = nd;
        changed = true;
      }
    }
    if (!changed) return false;
  }
  return true;
}

Solution Finish(const Network& net, SolveStatus status, Algorithm algorithm,
                std::vector<Flow> flow, std::vector<Cost> potential,
                std::vector<std::string> notes = {}) {
  Solution solution;
  solution.status = status;
  solution.notes = std::move(notes);
  solution.algorithm = algorithm;
  if (status != SolveStatus::kOptimal && status != SolveStatus::kFeasible) return solution;
  // Prepare bounded sum |cost| * capacity by 2^62: 64 bits cannot overflow.
  Cost total = 0;
  const Cost* cost = net.costs().data();
  if (net.has_lower_bounds()) {
    for (ArcIndex a = 0; a < net.num_arcs(); ++a) flow[a] += net.lower(a);
  }
  for (ArcIndex a = 0; a < net.num_arcs(); ++a) total += cost[a] * flow[a];
  solution.total_cost = total;
  solution.flows = std::move(flow);
  solution.potentials = std::move(potential);
  return solution;
}

// A time limit leaves a pseudo-flow (successive shortest paths: its own;
// network simplex: without its artificial arcs): feasible after
// `RepairAcyclic`, or no answer.
SolveStatus AfterTimeLimit(const internal::Prepared& problem, SolveStatus status,
                     std::vector<Flow>& flow) {
  if (status != SolveStatus::kTimeLimit) return status;
  return internal::RepairAcyclic(problem, flow) ? SolveStatus::kFeasible
                                                : SolveStatus::kTimeLimit;
}

std::chrono::steady_clock::time_point DeadlineAfter(double seconds) {
  const auto now = std::chrono::steady_clock::now();
  if (!(seconds > 0) || !std::isfinite(seconds) ||
      seconds > 1e9) {  // beyond 30 years: no limit (and no overflow)
    return std::chrono::steady_clock::time_point::max();
  }
  return now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                   std::chrono::duration<double>(seconds));
}

// kAuto on a network without the matching shape: cost scaling from 2^15
// nodes when the sources are few enough (S^2 <= 4 n) for its global price
// updates (every n + S^2 relabels) to run; network simplex otherwise.
// Measured (bench/RESULTS.md, "Cost scaling and NETGEN-8 (issue 22)"): cost
// scaling 1.4x faster on NETGEN-8 2^15, 1.1x on grid 180 x 180, slower below
// 2^15 nodes and on the sparse family (n / 20 sources: 1.5x slower at
// 40,000 nodes, where global updates never run).
bool PreferCostScaling(const internal::Prepared& problem) {
  const NodeIndex n = problem.num_nodes();
  if (n < (NodeIndex{1} << 15)) return false;
  int64_t sources = 0;
  for (NodeIndex v = 0; v < n; ++v) sources += problem.supply[v] > 0;
  return sources * sources <= 4 * static_cast<int64_t>(n);
}

Solution SolveImpl(const Network& net, Algorithm algorithm,
                   const Solution* previous,
                   std::chrono::steady_clock::time_point deadline,
                   const SolverOptions* options = nullptr, bool presolved = false) {
  internal::Prepared problem;
  problem.deadline = deadline;
  if (options != nullptr) {
    problem.on_serial_phase = options->on_serial_phase;
    problem.threads = passerelle::internal::ResolveThreads(options->execution.threads);
    problem.parallel_min_arcs = options->parallel_min_arcs;
    if (!options->node_parts.empty()) problem.node_parts = &options->node_parts;
  }
  const SolveStatus early = internal::Prepare(net, problem);
  if (early != SolveStatus::kNotSolved) {
    return Finish(net, early, algorithm, {}, {});
  }
  if (problem.has_infinite_capacity && HasNegativeInfiniteCycle(net)) {
    // Unbounded if feasible at all: decide feasibility with zero costs.
    Network zero = net;
    for (ArcIndex a = 0; a < zero.num_arcs(); ++a) zero.SetCost(a, 0);
    const Solution feasible =
        SolveImpl(zero, Algorithm::kNetworkSimplex, nullptr, deadline);
    // Any flow proves feasibility: kFeasible (time limit) is as good here.
    return Finish(net,
                  feasible.has_flow() ? SolveStatus::kUnbounded : feasible.status,
                  algorithm, {}, {});
  }
  if (previous == nullptr && !presolved && (options == nullptr || options->presolve)) {
    internal::Presolved pre;
    const auto t0 = std::chrono::steady_clock::now();
    if (internal::Presolve(net, problem, pre, /*turn_mirrored=*/algorithm == Algorithm::kCostScaling)) {
      const auto t1 = std::chrono::steady_clock::now();
      SolverOptions inner = options != nullptr ? *options : SolverOptions();
      if (!inner.node_parts.empty()) {
        std::vector<int32_t> parts(pre.network.num_nodes(), -1);
        if (inner.node_parts.size() == static_cast<size_t>(net.num_nodes())) {
          for (NodeIndex v = 0; v < net.num_nodes(); ++v) {
            if (pre.node[v] >= 0) parts[pre.node[v]] = inner.node_parts[v];
          }
        }
        inner.node_parts = std::move(parts);
      }
      Solution reduced = SolveImpl(pre.network, algorithm, nullptr, deadline, &inner, /*presolved=*/true);
      // Summed costs of bypassed nodes could in principle cross a limit the
      // network itself does not: then solve it as given.
      if (reduced.status != SolveStatus::kOverflowRisk) {
        const auto t2 = std::chrono::steady_clock::now();
        Solution solution = internal::Restore(net, pre, std::move(reduced));
        if (std::getenv("PASSERELLE_FLOW_DEBUG")) {
          const auto t3 = std::chrono::steady_clock::now();
          const auto s = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
          std::fprintf(stderr, "presolve %.3f s, solve %.3f s, restore %.3f s\n", s(t0, t1), s(t1, t2), s(t2, t3));
        }
        return solution;
      }
    }
  }
  std::vector<Flow> flow;
  std::vector<Cost> potential;
  if (previous != nullptr) {
    // Warm start: previous flows (shifted by lower bounds) and potentials on
    // the common prefix of arcs and nodes.
    flow.assign(net.num_arcs(), 0);
    potential.assign(net.num_nodes(), 0);
    const ArcIndex common_arcs = std::min<ArcIndex>(
        net.num_arcs(), static_cast<ArcIndex>(previous->flows.size()));
    for (ArcIndex a = 0; a < common_arcs; ++a) {
      flow[a] = previous->flows[a] - net.lower(a);
    }
    const NodeIndex common_nodes = std::min<NodeIndex>(
        net.num_nodes(), static_cast<NodeIndex>(previous->potentials.size()));
    std::copy(previous->potentials.begin(),
              previous->potentials.begin() + common_nodes, potential.begin());
    const SolveStatus status = AfterTimeLimit(problem, internal::RunSuccessiveShortestPaths(
        problem, flow, potential, /*warm=*/true), flow);
    return Finish(net, status, Algorithm::kSuccessiveShortestPaths,
                  std::move(flow), std::move(potential));
  }
  std::vector<std::string> notes;
  // Dense assignment networks: Jonker-Volgenant (jonker_volgenant.h); the
  // test of the shape is O(n + m) and allocates O(n) at most when it fails.
  if (algorithm == Algorithm::kAuto || algorithm == Algorithm::kJonkerVolgenant) {
    const SolveStatus status = internal::RunJonkerVolgenant(problem, flow, potential);
    if (status != SolveStatus::kNotSolved) {
      return Finish(net, AfterTimeLimit(problem, status, flow), Algorithm::kJonkerVolgenant,
                    std::move(flow), std::move(potential));
    }
    if (algorithm == Algorithm::kJonkerVolgenant) {
      notes.push_back("fallback jonker_volgenant -> auto: not a dense assignment network, or its costs made "
                      "the searches degenerate");
    }
    algorithm = Algorithm::kAuto;
  }
  // Network simplex only needs to know the shape (for its block size), not
  // the starting flow, whose adjacency and order take a second nationally.
  const bool matching_shape = algorithm == Algorithm::kAuto ? internal::InitMatchingShape(problem, flow, potential)
                              : algorithm == Algorithm::kNetworkSimplex && internal::LooksLikeMatching(problem);
  if (matching_shape) problem.simplex_block_factor = 0.1;
  if (algorithm == Algorithm::kAuto) {
    if (matching_shape) {
      // Searches are local on random matching networks (about 3 scans per
      // arc in all), but not on every network of that shape: the matcher's
      // regional networks, where everyone competes for the same nearby
      // openings, need about 200. Past 8 scans per arc (or a projection past
      // 12) the simplex is the better bet, and the time spent so far is a
      // small fraction of a simplex solve.
      const int64_t budget = 8 * static_cast<int64_t>(net.num_arcs()) + (int64_t{1} << 20);
      const SolveStatus status = AfterTimeLimit(problem, internal::RunSuccessiveShortestPaths(
          problem, flow, potential, /*warm=*/false, budget), flow);
      if (status != SolveStatus::kNotSolved) {
        return Finish(net, status, Algorithm::kSuccessiveShortestPaths, std::move(flow),
                      std::move(potential), std::move(notes));
      }
      if (std::getenv("PASSERELLE_FLOW_DEBUG")) {
        std::fprintf(stderr, "auto: successive shortest paths gave up (scan budget %lld), network simplex\n",
                     static_cast<long long>(budget));
      }
    } else if (PreferCostScaling(problem)) {
      algorithm = Algorithm::kCostScaling;
    } else if (std::getenv("PASSERELLE_FLOW_DEBUG")) {
      std::fprintf(stderr, "auto: not the matching shape, network simplex\n");
    }
    if (algorithm == Algorithm::kAuto) algorithm = Algorithm::kNetworkSimplex;
  }
  if (algorithm == Algorithm::kCostScaling) {
    const SolveStatus status = internal::RunCostScaling(problem, flow, potential);
    if (status != SolveStatus::kNotSolved) {
      return Finish(net, AfterTimeLimit(problem, status, flow), Algorithm::kCostScaling,
                    std::move(flow), std::move(potential), std::move(notes));
    }
    // Prices outside the range cost scaling allows itself: network simplex
    // decides (the solution names the algorithm that solved it).
    if (std::getenv("PASSERELLE_FLOW_DEBUG")) {
      std::fprintf(stderr, "cost scaling gave up, falling back to network simplex\n");
    }
    flow.clear();
    potential.clear();
    notes.push_back("fallback cost_scaling -> network_simplex: scaled costs beyond 64-bit range");
    algorithm = Algorithm::kNetworkSimplex;
  }
  SolveStatus status = SolveStatus::kNotSolved;
  if (algorithm == Algorithm::kSuccessiveShortestPaths) {
    if (!internal::InitMatchingShape(problem, flow, potential)) {
      passerelle::internal::AssignForWriting(flow, static_cast<size_t>(net.num_arcs()), Flow{0});
      potential.assign(net.num_nodes(), 0);
    }
    const int64_t per_arc = options != nullptr ? options->scan_budget_per_arc : SolverOptions().scan_budget_per_arc;
    const int64_t budget = per_arc < 0 ? -1 : per_arc * (static_cast<int64_t>(net.num_arcs()) + 65536);
    status = AfterTimeLimit(problem, internal::RunSuccessiveShortestPaths(
        problem, flow, potential, /*warm=*/false, budget), flow);
    if (status == SolveStatus::kNotSolved) {
      std::string note = "fallback successive_shortest_paths -> network_simplex: searches projected past ";
      note.append(std::to_string(per_arc)).append(" arc scans per arc");
      notes.push_back(std::move(note));
      algorithm = Algorithm::kNetworkSimplex;
      if (internal::LooksLikeMatching(problem)) problem.simplex_block_factor = 0.1;
    }
  }
  if (algorithm == Algorithm::kNetworkSimplex) {
    status = AfterTimeLimit(problem, internal::RunNetworkSimplex(problem, flow, potential), flow);
  }
  return Finish(net, status, algorithm, std::move(flow), std::move(potential), std::move(notes));
}

}  // namespace

const char* ToString(SolveStatus status) {
  switch (status) {
    case SolveStatus::kOptimal:
      return "OPTIMAL";
    case SolveStatus::kInfeasible:
      return "INFEASIBLE";
    case SolveStatus::kUnbounded:
      return "UNBOUNDED";
    case SolveStatus::kOverflowRisk:
      return "OVERFLOW_RISK";
    case SolveStatus::kNotSolved:
      return "NOT_SOLVED";
    case SolveStatus::kFeasible:
      return "FEASIBLE";
    case SolveStatus::kTimeLimit:
      return "TIME_LIMIT";
  }
  return "UNKNOWN";
}

const char* ToString(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kAuto:
      return "auto";
    case Algorithm::kNetworkSimplex:
      return "network_simplex";
    case Algorithm::kSuccessiveShortestPaths:
      return "successive_shortest_paths";
    case Algorithm::kCostScaling:
      return "cost_scaling";
    case Algorithm::kJonkerVolgenant:
      return "jonker_volgenant";
  }
  return "unknown";
}

Solution MinCostFlowSolver::Solve(const Network& network) const {
  return SolveImpl(network, algorithm_, nullptr, DeadlineAfter(time_limit_seconds_), &options_);
}

Solution MinCostFlowSolver::Resolve(const Network& network,
                                    const Solution& previous) const {
  if (previous.status != SolveStatus::kOptimal) return Solve(network);
  return SolveImpl(network, algorithm_, &previous, DeadlineAfter(time_limit_seconds_));
}

Solution SolveMinCostFlow(const Network& network) {
  return MinCostFlowSolver().Solve(network);
}

struct IncrementalMinCostFlow::State {
  NodeIndex num_nodes = 0;
  ArcIndex num_arcs = 0;
  internal::Prepared problem;
  std::unique_ptr<internal::SspEngine> engine;
};

IncrementalMinCostFlow::IncrementalMinCostFlow(const Network* network)
    : network_(network) {}

IncrementalMinCostFlow::~IncrementalMinCostFlow() = default;

const Solution& IncrementalMinCostFlow::Solve() {
  const Network& net = *network_;
  const bool same_topology = state_ != nullptr && state_->engine != nullptr &&
                             state_->num_nodes == net.num_nodes() &&
                             state_->num_arcs == net.num_arcs() &&
                             solution_.status == SolveStatus::kOptimal;
  bool eligible = !net.has_lower_bounds();
  for (ArcIndex a = 0; eligible && a < net.num_arcs(); ++a) {
    eligible = net.capacity(a) != kInfiniteCapacity;
  }
  if (!eligible) {
    state_.reset();
    solution_ = solution_.status == SolveStatus::kOptimal &&
                        static_cast<ArcIndex>(solution_.flows.size()) == net.num_arcs()
                    ? solver_.Resolve(net, solution_)
                    : solver_.Solve(net);
    return solution_;
  }
  if (!same_topology) {
    solution_ = solver_.Solve(net);
    state_ = std::make_unique<State>();
    state_->num_nodes = net.num_nodes();
    state_->num_arcs = net.num_arcs();
    if (solution_.status == SolveStatus::kOptimal &&
        internal::Prepare(net, state_->problem) == SolveStatus::kNotSolved) {
      state_->engine = internal::SspEngine::Create(state_->problem);
    }
    return solution_;
  }
  // Warm: the graph is kept; costs, capacities and supplies are re-read.
  state_->problem = internal::Prepared();
  state_->problem.deadline = DeadlineAfter(solver_.time_limit());
  const SolveStatus early = internal::Prepare(net, state_->problem);
  if (early != SolveStatus::kNotSolved) {
    solution_ = Finish(net, early, Algorithm::kSuccessiveShortestPaths, {}, {});
    return solution_;
  }
  std::vector<Flow> flow = std::move(solution_.flows);
  std::vector<Cost> potential = std::move(solution_.potentials);
  const SolveStatus status =
      AfterTimeLimit(state_->problem, state_->engine->Solve(state_->problem, flow, potential), flow);
  solution_ = Finish(net, status, Algorithm::kSuccessiveShortestPaths, std::move(flow),
                     std::move(potential));
  return solution_;
}

}  // namespace passerelle::flow
