// The solve pipeline (see match.h) and `Match()`, which runs it once:
// scores, the network's pairs and overrides, the network, the optimiser
// (with the time limit's and the quotas' policies), the report.
#include "match.h"

#include <atomic>
#include <functional>
#include <future>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "network_pairs.h"
#include "overrides.h"
#include "passerelle/error.h"
#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/internal/check.h"
#include "passerelle/validate.h"
#include "passerelle/warnings.h"
#include "quotas.h"

namespace passerelle {
namespace matching {

void CheckLimits(const MatchRequest& request) {
  const Limits& l = request.policy.limits;
  if (l.max_candidates > 0 && static_cast<int64_t>(request.candidates.size()) > l.max_candidates) {
    throw LimitExceededError("candidates: " + std::to_string(request.candidates.size()) +
                             " exceed policy.limits.max_candidates = " + std::to_string(l.max_candidates));
  }
  if (l.max_openings > 0 && static_cast<int64_t>(request.openings.size()) > l.max_openings) {
    throw LimitExceededError("openings: " + std::to_string(request.openings.size()) +
                             " exceed policy.limits.max_openings = " + std::to_string(l.max_openings));
  }
}

void PrepareSolve(const MatchRequest& request, const SolveConfig& config, SolveState* state, Stopwatch* watch) {
  CheckLimits(request);
  state->timings = {};
  watch->Lap();
  state->scores.Ensure(request, *config.taxonomy, config.threads);
  state->timings.scoring = watch->Lap();
}

namespace {

// Solves `model`: warm from the session's last solution when there is one,
// else cold. `on_serial_phase`: see flow::SolverOptions::on_serial_phase
// (cold solves only). A session keeps an optimal solution as its next warm
// start.
flow::Solution SolveNetwork(const SolveConfig& config, const FlowModel& model,
                            SolveState* state, std::function<void()> on_serial_phase = {}) {
  flow::MinCostFlowSolver solver = state->deadline.Solver();
  flow::Solution solution;
  if (model.infeasible) {
    solution.status = flow::SolveStatus::kInfeasible;
    return solution;
  }
  if (state->warm_start.has_solution()) {
    solution = solver.Resolve(model.net, state->warm_start.AlignedTo(model));
  } else {
    // Cold: regional networks are not the local kind successive shortest
    // paths is fast on (everyone competes for the same nearby openings:
    // ~200 arc scans per arc against ~3 on random networks), so `kAuto`
    // would spend its scan budget first. Measured in bench/RESULTS.md.
    solver.set_algorithm(flow::Algorithm::kNetworkSimplex);
    solver.set_options({.execution = {.threads = config.threads},
                        .node_parts = model.node_parts,
                        .on_serial_phase = std::move(on_serial_phase),
                        // Built in canonical form (flow_model.cc): nothing to rewrite.
                        .presolve = false});
    solution = solver.Solve(model.net);
  }
  if (config.warm && solution.status == flow::SolveStatus::kOptimal) state->warm_start.Keep(model, solution);
  return solution;
}

// The network's pairs (overrides applied and checked) and the network,
// built anew without quota bounds.
void BuildNetwork(const MatchRequest& request, const SolveConfig& config, const FlowModelOptions& model_options,
                  SolveState* state) {
  const Policy& policy = request.policy;
  MatchNetwork& network = state->network;
  network.editable = false;
  network.banned_arcs = 0;
  network.pairs = SelectNetworkPairs(request, state->scores, *config.taxonomy, model_options.threads);
  state->greedy.Reset();
  CheckOverrides(request, network.pairs.lists);
  const int64_t arcs = PairCount(network.pairs.lists);
  if (policy.limits.max_arcs > 0 && arcs > policy.limits.max_arcs) {
    throw LimitExceededError("network: " + std::to_string(arcs) + " candidate-opening arcs exceed policy.limits.max_arcs = " +
                             std::to_string(policy.limits.max_arcs));
  }
  network.model =
      BuildFlowModel(request, network.pairs.lists, QuotaBounds::None(policy.quotas.size()), model_options);
}

// Solves the network just built into `*solution`, under the time limit's
// policy (at the limit, the better of the optimiser's flow and the greedy
// baseline's; no flow: an error) and the quotas' (a fixed point of
// rebuilds, which replace the network).
QuotaOutcome Optimise(const MatchRequest& request, const SolveConfig& config, const FlowModelOptions& model_options,
                      SolveState* state, flow::Solution* solution) {
  const Policy& policy = request.policy;
  const size_t nq = policy.quotas.size();
  const int threads = model_options.threads;
  MatchNetwork& network = state->network;
  PairLists& pairs = network.pairs.lists;
  // The greedy baseline and the exclusions NameAhead names do not depend on
  // the solve (they read the pairs and the request; the quota rounds below,
  // which build again, write the pairs' arcs): they start when the
  // optimiser goes on with one thread (its last phase), on a core it leaves
  // idle, and the naming stops (between runs) when the solve is done.
  // Otherwise the report computes them.
  state->named_ahead.reset();
  std::atomic<bool> solved{false};
  std::future<void> ahead;
  std::function<void()> start_ahead;
  if (nq == 0 && threads > 1) {
    start_ahead = [&] {
      try {
        ahead = Alongside(threads, [&] {
          if (policy.greedy_baseline) state->greedy.Get(request, pairs);
          state->named_ahead = NameAhead(request, state->scores, pairs, *config.taxonomy, solved);
        });
      } catch (const std::system_error&) {
        // No thread to spare: the report computes them.
      }
    };
  }
  *solution = SolveNetwork(config, network.model, state, std::move(start_ahead));
  solved = true;
  if (ahead.valid()) ahead.get();
  if (solution->status == flow::SolveStatus::kInfeasible) {
    // Without quotas only overrides can make the network infeasible, and
    // CheckOverrides catches those; keep a clear message all the same.
    throw UnplaceablePinsError();
  }
  // The first solve ignores the quotas: stopped by the time limit, its flow
  // is no answer when there are quotas.
  if (solution->status == flow::SolveStatus::kTimeLimit ||
      (nq > 0 && solution->status == flow::SolveStatus::kFeasible)) {
    throw TimeLimitError(policy, /*with_quotas=*/nq > 0);
  }
  // Matching networks have finite capacities and costs within the
  // optimiser's bounds (priorities <= 1000, scores <= 1): neither unbounded
  // nor at risk of overflow.
  PASSERELLE_CHECK(solution->has_flow(), flow::ToString(solution->status));
  QuotaOutcome outcome;
  if (solution->status == flow::SolveStatus::kFeasible) {
    // At the time limit, the best answer in hand: the optimiser's flow or
    // the greedy baseline's, whichever is better.
    outcome.status = MatchStatus::kFeasibleNotProven;
    state->greedy.ReplaceIfCheaper(request, pairs, network.model.net, solution);
  }
  if (nq > 0) {
    const auto solve_under = [&](const QuotaBounds& bounds) {
      SolvedNetwork next;
      next.model = BuildFlowModel(request, pairs, bounds, model_options);
      next.solution = SolveNetwork(config, next.model, state);
      return next;
    };
    outcome = SolveWithQuotas(request, pairs, solve_under, &network.model, solution);
  }
  return outcome;
}

}  // namespace

void SolveAnew(const MatchRequest& request, const SolveConfig& config, const StableIds* ids, SolveState* state,
               Stopwatch* watch) {
  const FlowModelOptions model_options{.keys = config.warm ? ids : nullptr,
                                       .threads = config.threads,
                                       .candidates_per_part = config.candidates_per_part};
  BuildNetwork(request, config, model_options, state);
  state->timings.network = watch->Lap();
  state->deadline.Start(request.policy, watch->start());
  // The report's id orders do not depend on the solve: sort them meanwhile.
  std::future<void> record_index = Alongside(model_options.threads, [&] { state->records.Ensure(request); });
  flow::Solution solution;
  const QuotaOutcome outcome = Optimise(request, config, model_options, state, &solution);
  state->timings.solve = watch->Lap();
  MatchNetwork& network = state->network;
  if (!config.warm && !config.keep_network) {
    // Nothing reads the network's arrays after the solve but `network()`:
    // free them before the report (24 bytes per arc: 0.9 GB nationally).
    network.model.net = flow::Network();
  }
  record_index.get();
  const ReportInput in{.request = request,
                       .taxonomy = *config.taxonomy,
                       .ids = ids,
                       .scores = state->scores,
                       .records = state->records,
                       .network = network,
                       .solution = solution,
                       .status = outcome.status,
                       .infeasible_detail = outcome.infeasible_detail,
                       .threads = config.threads,
                       .named_ahead = state->named_ahead ? &*state->named_ahead : nullptr};
  WriteReport(in, network.pairs.lists, &state->greedy, &state->explanations, /*reuse_placements=*/false,
              &state->last);
  state->named_ahead.reset();  // the report's alone
  state->timings.report = watch->Lap();
  // Quotas re-derive their bounds from the placement total: they always
  // rebuild. Everything else can be edited in place next time, from an
  // optimal answer (one stopped by the time limit is no warm start).
  network.editable = config.warm && request.policy.quotas.empty() && state->warm_start.has_solution() &&
                     outcome.status == MatchStatus::kOptimal;
}

}  // namespace matching

MatchResponse Match(const MatchRequest& given, const MatchOptions& options, MatchOutputs* outputs) {
  // Limits first: they are cheap, and protect what validation would cost.
  matching::CheckLimits(given);
  MatchRequest resolved;
  const MatchRequest& request = Resolved(given, &resolved);
  MatchOptions one_shot = options;
  one_shot.keep_network = options.keep_network && outputs != nullptr;  // nobody else could read it
  const matching::SolveConfig config(one_shot, /*warm=*/false);
  Validate(request, config.validation());
  matching::SolveState state(/*warm=*/false);
  matching::Stopwatch watch;
  matching::PrepareSolve(request, config, &state, &watch);
  matching::SolveAnew(request, config, /*ids=*/nullptr, &state, &watch);
  state.last.response.warnings = CollectWarnings(request, {.taxonomy = config.taxonomy});
  if (outputs != nullptr) {
    outputs->timings = state.timings;
    if (one_shot.keep_network) outputs->network = std::move(state.network.model.net);
  }
  return std::move(state.last.response);
}

}  // namespace passerelle
