// The solve pipeline that `Match()` runs once and a `Matcher` runs at each
// solve whose network cannot be edited in place: what it is configured
// with, the state it works on (which a session keeps between solves), and
// its steps.
#ifndef PASSERELLE_SRC_MATCHING_MATCH_H_
#define PASSERELLE_SRC_MATCHING_MATCH_H_

#include <cstdint>
#include <optional>

#include "passerelle/internal/parallel.h"

#include "explanation_cache.h"
#include "flow_model.h"
#include "greedy_baseline.h"
#include "internal.h"
#include "passerelle/matcher.h"
#include "passerelle/model.h"
#include "passerelle/taxonomy.h"
#include "passerelle/validate.h"
#include "report/record_index.h"
#include "report/report.h"
#include "scores.h"
#include "stable_ids.h"
#include "time_limit.h"
#include "warm_start.h"

namespace passerelle::matching {

struct SolveConfig {
  SolveConfig(const MatchOptions& options, bool warm)
      : taxonomy(options.taxonomy != nullptr ? options.taxonomy : &DefaultTaxonomy()),
        candidates_per_part(options.candidates_per_part),
        threads(internal::ResolveThreads(options.execution.threads)),
        warm(warm),
        keep_network(options.keep_network) {}

  const Taxonomy* taxonomy;
  int32_t candidates_per_part;
  // Threads the host allows (MatchOptions::execution), resolved: >= 1.
  int threads;
  // The request validator's options: occupations of `taxonomy` are known.
  ValidationOptions validation() const {
    return {.is_known_occupation = [t = taxonomy](std::string_view code) { return t->Contains(code); }};
  }
  // A session with warm state (MatchOptions::keep_warm_state): node and
  // arc keys, the last solution, cached explanations, the greedy order.
  bool warm;
  // Without warm state: keep the network after the solve, for `network()`
  // (a session always keeps it; `Match()` never does).
  bool keep_network;
};

// Everything a solve works on but the request, each part with its own
// validity.
struct SolveState {
  explicit SolveState(bool warm) : greedy(/*keep_order=*/warm), explanations(/*cached=*/warm) {}

  ScoreCache scores;
  MatchNetwork network;
  GreedyBaseline greedy;
  RecordIndex records;
  ExplanationCache explanations;
  WarmStart warm_start;
  SolveDeadline deadline;
  LastResponse last;
  MatchTimings timings;
  // Named during the last solve's serial phase (see NameAhead).
  std::optional<NamedAhead> named_ahead;
};

// Throws `LimitExceededError` when the request has more candidates or
// openings than policy.limits allows.
void CheckLimits(const MatchRequest& request);

// The steps before any network: checks the limits, scores what is missing
// and checks the quotas' shape. Restarts the timings.
void PrepareSolve(const MatchRequest& request, const SolveConfig& config, SolveState* state, Stopwatch* watch);

// Builds the network anew, solves it (in a session, warm from the last
// solution where the networks agree) and writes the response into
// `state->last`. `ids`: the records' stable identities (sessions).
void SolveAnew(const MatchRequest& request, const SolveConfig& config, const StableIds* ids, SolveState* state,
               Stopwatch* watch);

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_MATCH_H_
