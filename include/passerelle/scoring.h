// Scoring: how well each candidate fits each opening they can reach, which
// pairs hard constraints rule out, and why, in words a counsellor can repeat.
//
// Problem: a region has 10^5 candidates and 10^4 openings, 10^9 pairs. Most
// are out of reach; of the rest, hard constraints (right to work, licence,
// French level, commute, childcare, health, availability, French routing)
// remove some, and the others get a score in [0, 1], the weighted mean of six
// components (skills, occupation fit, French, commute, tension, preferences;
// weights in `Policy::weights`).
//
// Algorithm: openings are stored in Z-order and blocks of 16 of them go into
// a Boost.Geometry R-tree (packing construction, O(m log m)). Each candidate
// queries the box around a circle whose radius is the farthest distance
// their fastest mode covers within their maximum commute (a car's when the
// `vehicle` constraint is on, so that "needs a vehicle" can be reported);
// only openings in that circle are examined. A sphere around each block
// decides whole blocks at once (beyond the circle; or wholly beyond the
// candidate's own reach, counted as needing a vehicle). The other openings
// are checked against every hard constraint (bit masks and squared-chord
// reach thresholds, O(1), no trigonometry; 4 at a time with AVX2 where
// available), and each feasible pair gets an upper bound of its score (the
// cheap components exactly, skills exactly when the candidate has none of
// the opening's skills, the commute bounded from the chord). Exact scores
// are then computed by decreasing bound until the bound falls below the
// worst of the best `Policy::max_pairs_per_candidate` so far (a bounded heap;
// the bounds hold after float rounding: the kept pairs are exactly the best
// ones). Candidates are visited in Z-order, spread over threads in fixed
// chunks, and rows assembled in candidate order, so the output is identical
// whatever the thread count.
//
// Total cost: O(m log m + n log m + P + F (r + o + k)) for P examined and F
// feasible pairs, k candidate occupations. Memory: 40 bytes per kept pair
// plus about 60 per candidate.
//
// Every formula, speed and constant is documented in docs/scoring.md; the
// constants are also below.
#ifndef PASSERELLE_SCORING_H_
#define PASSERELLE_SCORING_H_

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "passerelle/execution.h"
#include "passerelle/internal/parallel.h"
#include "passerelle/model.h"
#include "passerelle/response.h"
#include "passerelle/taxonomy.h"

namespace passerelle {

// ---- Commute model ------------------------------------------------------
// Door-to-door minutes by mode = overhead + 60 * road_km / speed, with
// road_km = great-circle km * `Policy::detour_factor`.
inline constexpr double kWalkKmh = 4.5;
inline constexpr double kBicycleKmh = 14.0;
// Effective door-to-door speed, waiting included, when both ends have
// `TransitAccess::kFull` (city networks)...
inline constexpr double kPublicTransportCityKmh = 18.0;
// ... and otherwise (daytime-only lines: fewer, slower connections).
inline constexpr double kPublicTransportDaytimeKmh = 12.0;
inline constexpr double kCarKmh = 45.0;
inline constexpr double kCarOverheadMinutes = 5.0;  // parking, walking
inline constexpr double kMopedKmh = 30.0;
// A lift: a car's speed, plus meeting the driver.
inline constexpr double kCarpoolOverheadMinutes = 15.0;

// ---- Score constants ----------------------------------------------------
// Credit for a past occupation relative to a target occupation.
inline constexpr double kPastOccupationDiscount = 0.8;
// Occupation fit when the candidate gave no occupation at all, and for
// French courses without an occupation: neutral.
inline constexpr double kNeutralScore = 0.5;
// Share of a missing essential skill credited when the opening trains
// (`provides_skill_training`, qualifying trainings, apprenticeships).
inline constexpr double kTrainedGapCredit = 0.5;
// Weight of optional skills: skills = R + kOptionalBonus * O * (1 - R).
inline constexpr double kOptionalBonus = 0.25;
// French component: 1 - kFrenchLevelPenalty * (levels below the minimum),
// kFrenchLevelPenaltyTrained when the opening provides French training.
inline constexpr double kFrenchLevelPenalty = 0.35;
inline constexpr double kFrenchLevelPenaltyTrained = 0.20;

// ---- Options ------------------------------------------------------------
struct ScoringOptions {
  // Worker threads. Results never depend on them.
  ExecutionOptions execution;
  // Occupation taxonomy; null: `Taxonomy::BuiltIn()`. Must outlive the call.
  const Taxonomy* taxonomy = nullptr;
};

// ---- One pair -----------------------------------------------------------

// Everything known about one (candidate, opening) pair, feasible or not.
struct PairEvaluation {
  // No hard constraint violated.
  bool feasible = false;
  // Every violated hard constraint, in ReasonCode order; empty when feasible.
  std::vector<ReasonCode> violations;
  // Components, computed for infeasible pairs too (what-if explanations).
  ScoreBreakdown breakdown;
  // breakdown.Combine(policy.weights), up to rounding (the weights are
  // normalised once; `ScoredPair::score` is this value rounded to float).
  double score = 0;
  // Fastest allowed mode and its one-way minutes; +infinity when no mode of
  // the candidate can reach the site at all (then `commute_mode` is kWalk).
  double commute_minutes = std::numeric_limits<double>::infinity();
  TransportMode commute_mode = TransportMode::kWalk;
  // Codes of the candidate's skills that match a required or optional skill
  // of the opening and were acquired abroad.
  std::vector<std::string> skills_acquired_abroad;
  // Codes of the opening's required skills the candidate lacks.
  std::vector<std::string> skill_gaps;
  // Required skills the candidate has (any level), and their number.
  int32_t required_skills_covered = 0;
  int32_t required_skills_total = 0;
};

// Evaluates one pair with exactly the formulas of `ScoreRequest` (the same
// code), without the spatial pruning.
// - Throws `InvalidArgumentError` when the policy, the candidate or the
//   opening is invalid for scoring (see `ScoreRequest`), or an index is out of
//   range.
// - O(T + r + o + s + k) for T occupations in the taxonomy (one column of
//   the proximity table), r required, o optional, s candidate skills and k
//   candidate occupations: about 1.5 µs with the built-in taxonomy.
PairEvaluation EvaluatePair(const MatchRequest& request, CandidateIndex candidate,
                            OpeningIndex opening,
                            const Taxonomy& taxonomy = Taxonomy::BuiltIn());

// A plain-language sentence about a pair, in `language`:
// - feasible: skills covered (with those acquired abroad named), occupation
//   fit, French level against the minimum, commute time and mode, tension,
//   e.g. "Couvre 4 des 5 compétences essentielles, dont CAP cuisine acquis à
//   l'étranger ; à acquérir : HACCP ; projet professionnel : Personnel de
//   cuisine (G1602) ; français A2 pour un poste A2 ; 22 min en transports en
//   commun ; métier en tension (64 % de recrutements difficiles)";
// - infeasible: "why not", one clause per violation, e.g. "Exclu : permis de
//   conduire exigé ; trajet de 85 min à pied, au-delà du maximum de 60 min".
// `evaluation` must come from `EvaluatePair` on the same pair.
std::string Explain(const MatchRequest& request, CandidateIndex candidate,
                    OpeningIndex opening, const PairEvaluation& evaluation,
                    Language language,
                    const Taxonomy& taxonomy = Taxonomy::BuiltIn());
// The clause for one violation alone, e.g. "commute of 85 min on foot beyond
// the 60 min maximum" (for `Reason::detail`).
std::string ExplainViolation(const MatchRequest& request, CandidateIndex candidate,
                             OpeningIndex opening, const PairEvaluation& evaluation,
                             ReasonCode code, Language language);

// ---- The sparse matrix --------------------------------------------------

// One kept (feasible) pair. Scores are stored as float (24 significant bits,
// ample for values in [0, 1]) to halve memory at national scale; `score` is
// the double `breakdown.Combine(weights)` rounded to float once.
struct ScoredPair {
  OpeningIndex opening = 0;
  float score = 0;
  float commute_minutes = 0;
  TransportMode commute_mode = TransportMode::kWalk;
  float skills = 0;
  float occupation = 0;
  float french = 0;
  float commute = 0;
  float tension = 0;
  float preferences = 0;

  ScoreBreakdown breakdown() const {
    return ScoreBreakdown{skills, occupation, french, commute, tension, preferences};
  }
};

// Per-candidate exclusion counts over the examined openings, indexed by
// `ReasonCode` value. Only the pair-level codes 1 (`kNoRightToWork`) to 9
// (`kFrenchRouting`) occur. A pair violating several constraints counts under
// each, except openings that only a car could reach in time for a candidate
// without one: they count under `kVehicleRequired` alone (the search circle
// of such a candidate is a car's, so that this reason can be reported, and
// nothing else is checked for them). Openings beyond the search circle are
// not examined and not counted.
using ExclusionCounts = std::array<int32_t, 10>;


// Feasible pairs, candidate-major (CSR). Row c lists candidate c's kept pairs
// sorted by score descending, then opening index ascending, at most
// `Policy::max_pairs_per_candidate` of them.
// `ToSparseScores` (passerelle/scoring_eigen.h) copies the scores into an
// Eigen sparse matrix.
class ScoreMatrix {
 public:
  ScoreMatrix() = default;

  int32_t num_candidates() const { return static_cast<int32_t>(row_offsets_.size()) - 1; }
  int32_t num_openings() const { return num_openings_; }
  // Kept pairs of candidate `c`.
  std::span<const ScoredPair> row(CandidateIndex c) const {
    return {entries_.data() + row_offsets_[c], entries_.data() + row_offsets_[c + 1]};
  }
  // All kept pairs, row after row, and where each row starts (size
  // num_candidates() + 1).
  std::span<const ScoredPair> entries() const { return entries_; }
  std::span<const int64_t> row_offsets() const { return row_offsets_; }
  int64_t num_entries() const { return static_cast<int64_t>(entries_.size()); }

  // Openings examined for candidate `c` (within the spatial search circle).
  int32_t examined(CandidateIndex c) const { return stats_[c].examined; }
  // Feasible openings of `c` before truncation to max_pairs_per_candidate.
  int32_t feasible(CandidateIndex c) const { return stats_[c].feasible; }
  // Openings examined and excluded, by reason.
  const ExclusionCounts& excluded_counts(CandidateIndex c) const { return stats_[c].excluded; }
  int32_t excluded_count(CandidateIndex c, ReasonCode code) const {
    const int i = static_cast<int>(code);
    return i < static_cast<int>(ExclusionCounts{}.size()) ? stats_[c].excluded[i] : 0;
  }
  // True when no opening at all is within the candidate's maximum commute by
  // their own modes (`ReasonCode::kNoOpeningInReach`).
  bool nothing_in_reach(CandidateIndex c) const { return stats_[c].nothing_in_reach; }

  // Totals over candidates.
  int64_t pairs_examined() const { return pairs_examined_; }
  int64_t pairs_feasible() const { return pairs_feasible_; }

  struct CandidateStats {
    ExclusionCounts excluded{};
    int32_t examined = 0;
    int32_t feasible = 0;
    bool nothing_in_reach = false;
  };

 private:
  friend class ScoreMatrixBuilder;
  int32_t num_openings_ = 0;
  std::vector<int64_t> row_offsets_{0};
  // Sized first, then filled by several threads (ScoreRequest).
  std::vector<ScoredPair, internal::UninitializedAllocator<ScoredPair>> entries_;
  std::vector<CandidateStats> stats_;
  int64_t pairs_examined_ = 0;
  int64_t pairs_feasible_ = 0;
};

// Scores every reachable pair of `request`.
// - Throws `ValidationError` (an `InvalidArgumentError`) listing every
//   problem, each naming its field: NaN or out-of-range coordinates,
//   `policy.weights` negative or not finite, an occupation that is
//   neither ROME-shaped nor in the taxonomy (`openings[3] (id "o-17")
//   .occupation: "X12" is not a ROME code`), skill levels outside [0, 1],
//   negative requirement weights, tension outside [0, 1], non-positive
//   detour factor, half-life, max commute or max pairs per candidate.
// - Deterministic: same request, same matrix, whatever the thread count.
ScoreMatrix ScoreRequest(const MatchRequest& request, const ScoringOptions& options = {});

}  // namespace passerelle

#endif  // PASSERELLE_SCORING_H_
