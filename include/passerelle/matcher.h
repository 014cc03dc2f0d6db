// Matching: from a request to the optimal, explained assignment.
//
// Problem. Place candidates into openings (jobs, apprenticeships,
// internships, workplace trials, trainings, French courses) so that the total
// weighted fit is maximal, while every hard constraint holds (scoring removes
// infeasible pairs), no opening exceeds its seats, no employer exceeds its
// cap, pins and locks are placed, bans are not, each candidate gets at most
// `placements_needed` placements (in distinct sectors when the policy asks),
// and quotas on one candidate dimension and one opening dimension hold.
//
// Method. A min-cost-flow network (passerelle/flow) solved exactly:
//
//     c (supply k_c) --1--> [(c, sector) --1-->] o --seats--> [E_e cap | H_h quota] --> T
//     c --k_c--> [U_g quota] --> T          (unplaced flow)
//
// Candidates supply the placements they need (k_c); each feasible pair is an
// arc of capacity 1; seats, employer caps (E_e) and opening-side quotas (H_h)
// bound the flow into the sink T; the unplaced arc takes what is not placed.
// Candidate-side quotas bound a group's placements through its unplaced
// flow (placements_g = needed_g - unplaced_g, node U_g). Without caps,
// quotas, pins or sector tracks this is exactly the bipartite shape the
// optimiser's fast path recognises.
// with cost -round(kScoreScale * priority_c * (score - unplaced_penalty)) on
// each candidate-opening arc, so a placement is made only when it beats
// leaving the candidate unplaced, and vulnerable candidates (priority > 1)
// win contested seats. Pins and locks are lower bounds of 1. Scores are
// scaled to integers with `kScoreScale` = 10^6 (six decimals: ties below
// 10^-6 of a score point are ties). The network lists candidates and openings
// in request order and the solver is deterministic, so equal requests give
// byte-identical responses whatever the thread count.
//
// Quotas are shares of placements. The share's denominator (total
// placements) is itself a result, so quotas are solved by a short fixed-point
// iteration: solve with count bounds derived from the current placement
// total, recompute, until the total is stable (at most 8 rounds); each round
// is an exact min-cost flow. The final shares are checked and a quota that
// cannot be met makes the status kInfeasible with the quota named.
//
// Cost. Scoring O(pairs examined); network O(candidates * pairs kept);
// solve: see passerelle/flow/min_cost_flow.h.
#ifndef PASSERELLE_MATCHER_H_
#define PASSERELLE_MATCHER_H_

#include <memory>
#include <string>
#include <string_view>

#include "passerelle/execution.h"
#include "passerelle/flow/network.h"
#include "passerelle/model.h"
#include "passerelle/response.h"

namespace passerelle {

class Taxonomy;

// Integer scale of scores in the flow network.
inline constexpr double kScoreScale = 1e6;

// Wall-clock seconds of the phases of the last `Matcher::Solve`. Kept out of
// the response so responses stay byte-identical.
struct MatchTimings {
  double scoring = 0;
  double network = 0;
  double solve = 0;
  double report = 0;
};

struct MatchOptions {
  // Occupation taxonomy; null means the built-in one.
  const Taxonomy* taxonomy = nullptr;
  // Threads for scoring, the network, the solve and the report. The response
  // is the same whatever their count.
  ExecutionOptions execution;
  // `Matcher` only: keep what warm re-solves need (the last solution, node
  // and arc keys, explanations). False for a Matcher solved once, e.g. for
  // its `timings()` or `network()`: every solve is cold, and the copies
  // (about 24 bytes per arc: 0.9 GB at 1,000,000 x 100,000) are not made.
  bool keep_warm_state = true;
  // Whether the flow network of the solve outlives it, for inspection and
  // benchmarks (write it with `flow::WriteDimacs`): `Match()` then hands it
  // over in `MatchOutputs::network`, and a `Matcher` without warm state
  // (keep_warm_state = false) keeps it for `network()`. Otherwise its arrays
  // are freed before the report (24 bytes per arc: 0.9 GB at 1,000,000 x
  // 100,000). A session with warm state always keeps it.
  bool keep_network = false;
  // Requests with at least twice this many candidates are cut into
  // geographic parts of about this many candidates (recursive bisection of
  // the map, each cut where the fewest candidate-opening pairs cross it);
  // the cold solve's network simplex optimises each part in turn before
  // pricing every arc, so it works on a small, cache-resident part of its
  // tree (flow::SolverOptions::node_parts). Speed only: the answer is optimal
  // either way. Optimal solutions tied on the objective may differ, so a
  // request gives the same response as long as this value is the same.
  // <= 0: never.
  int32_t candidates_per_part = 30'000;
};

// What a one-shot `Match` hands back besides the response, when asked.
struct MatchOutputs {
  // Phase timings.
  MatchTimings timings;
  // The flow network solved, with `MatchOptions::keep_network`; else empty.
  flow::Network network;
};

// Matches `request`: the optimal, explained assignment.
// - Checks the limits of `request.policy.limits`, then validates
//   (passerelle/validate.h): `LimitExceededError`, `ValidationError`.
// - Throws `InvalidArgumentError` for conflicting overrides (a pin on a pair
//   that violates a hard constraint or on a closed opening, a pin and a ban
//   on the same pair, more pins than seats or than a candidate's
//   placements), naming the records.
// - Zeros that stand for defaults are resolved first (`ResolveDefaults`,
//   passerelle/model.h), on a copy when there are any.
// - `MatchResponse::warnings` lists valid but suspicious input
//   (passerelle/warnings.h).
// - Infeasible quotas are an answer: `summary.status == kInfeasible`, with
//   the quota named in every unplaced reason of kind kQuota.
// - `outputs`, if not null, receives the timings (and the network).
MatchResponse Match(const MatchRequest& request, const MatchOptions& options = {}, MatchOutputs* outputs = nullptr);

// An incremental session: keeps the scores, the network and the last
// solution so that a counsellor's change (a candidate or opening added or
// removed, a pin, a ban, a capacity) re-solves warm. Bans, pins, locks and
// seat changes on pairs already in the network are edited in place; other
// changes rebuild the network (scores of untouched candidates are kept).
// `Solve()` after changes returns an optimal response for the changed
// request: the objective of `Match()` on it. Among equally good assignments
// it may keep a different one, since it starts from the session's previous
// answer; the placement count too may then differ when a placement adds
// nothing to the objective (a score within 10^-6 of the unplaced penalty, or
// a candidate of tiny priority).
class Matcher {
 public:
  explicit Matcher(MatchRequest request, const MatchOptions& options = {});
  ~Matcher();
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;

  // Solves (warm when a previous solution exists) and returns the response.
  const MatchResponse& Solve();

  // Moves the last response out, e.g. to free the matcher before writing a
  // large response. The session is unchanged; the next `Solve()` builds its
  // response anew (without reusing the taken one's placements).
  MatchResponse TakeResponse();

  // Phase timings of the last `Solve()`.
  const MatchTimings& timings() const;

  // The flow network of the last `Solve()` (empty before the first, and
  // after it with keep_warm_state = keep_network = false), for inspection
  // and benchmarks: write it with `flow::WriteDimacs`.
  const flow::Network& network() const;

  // The current request, with all changes applied.
  const MatchRequest& request() const;

  // Changes. Ids are those of the request; unknown ids throw
  // `InvalidArgumentError`. New records are validated.
  void AddCandidate(Candidate candidate);
  void RemoveCandidate(std::string_view candidate_id);
  void AddOpening(Opening opening);
  void RemoveOpening(std::string_view opening_id);
  void SetCapacity(std::string_view opening_id, int32_t capacity);
  // `Pin` and `Lock` check the pair now: a hard constraint excluding it
  // (named by its code and in the policy's words), a closed opening (0
  // seats) or an unknown id throws `InvalidArgumentError` and leaves the
  // session unchanged. The note ends the placement's explanation; a ban's
  // note, the candidate's ban reason.
  void Pin(std::string_view candidate_id, std::string_view opening_id, std::string note = "");
  void Lock(std::string_view candidate_id, std::string_view opening_id, std::string note = "");
  void Ban(std::string_view candidate_id, std::string_view opening_id, std::string note = "");
  // Removes any pin, lock or ban on the pair.
  void ClearOverride(std::string_view candidate_id, std::string_view opening_id);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace passerelle

#endif  // PASSERELLE_MATCHER_H_
