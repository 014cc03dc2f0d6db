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
// Algorithm: openings are stored in Z-order (O(m log m)) in blocks of 16,
// under a tree of bounding spheres (8 children a node). Each candidate has a
// circle whose radius is the farthest distance their fastest mode covers
// within their maximum commute (a car's when the `vehicle` constraint is on,
// so that "needs a vehicle" can be reported); only openings in that circle
// are examined. Walking the tree decides whole nodes at once (beyond the
// circle; or wholly beyond the candidate's own reach, counted as needing a
// vehicle). The other openings are checked against every hard constraint
// (bit masks and squared-chord reach thresholds, O(1), no trigonometry; 4 or
// 8 at a time with AVX2 or AVX-512 where available), and each feasible pair
// gets an upper bound of its score (the cheap components exactly, skills
// exactly when the candidate has none of the opening's skills, the commute
// bounded from the chord). Exact scores are then computed by decreasing
// bound until the bound falls below the worst of the best
// `Policy::max_pairs_per_candidate` so far (a bounded heap;
// the bounds hold after float rounding: the kept pairs are exactly the best
// ones). Candidates are visited in Z-order, spread over threads in fixed
// chunks, and rows assembled in candidate order, so the output is identical
// whatever the thread count.
//
// Total cost: O(m log m + n log m + P + F (r + o + k)) for P examined and F
// feasible pairs, k candidate occupations. Memory: 40 bytes per kept pair
// (12 with `RankRequest`) plus about 60 per candidate.
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
#include <string_view>
#include <utility>
#include <vector>

#include "passerelle/execution.h"
#include "passerelle/internal/parallel.h"
#include "passerelle/model.h"
#include "passerelle/response.h"
#include "passerelle/taxonomy.h"

namespace passerelle {

// ---- Commute model ------------------------------------------------------
// Door-to-door minutes by mode = access + travel time over road_km, with
// road_km = great-circle km * `Policy::detour_factor`, the great-circle km
// being at least `Policy::town_distance_floor_km` when both ends are
// `GeoPrecision::kTown`. Access is a fixed time whatever the distance;
// travel is 60 * road_km / speed, except by car, whose speed grows with the
// distance (town streets, then main roads, then expressways). Car figures
// are calibrated against published driving times between real towns
// (tests/scoring/commute_calibration.csv); the others are usual figures.
inline constexpr double kWalkKmh = 4.5;
inline constexpr double kBicycleKmh = 14.0;
inline constexpr double kBicycleAccessMinutes = 2.0;  // unlocking, locking
// Walking to the stop and waiting.
inline constexpr double kPublicTransportAccessMinutes = 10.0;
// Speed once on board, connections included, when both ends have
// `TransitAccess::kFull` (city networks)...
inline constexpr double kPublicTransportCityKmh = 20.0;
// ... and otherwise (daytime-only lines: fewer, slower connections).
inline constexpr double kPublicTransportDaytimeKmh = 14.0;
inline constexpr double kCarAccessMinutes = 5.0;  // to the car, parking, walking
// Driving: the first kCarTownKm road km at kCarTownKmh, then up to
// kCarRoadKm at kCarRoadKmh, beyond at kCarFastKmh.
inline constexpr double kCarTownKm = 1.5;
inline constexpr double kCarTownKmh = 24.0;
inline constexpr double kCarRoadKm = 25.0;
inline constexpr double kCarRoadKmh = 65.0;
inline constexpr double kCarFastKmh = 90.0;
inline constexpr double kMopedKmh = 30.0;
inline constexpr double kMopedAccessMinutes = 3.0;
// A lift: a car's driving time, plus meeting the driver.
inline constexpr double kCarpoolAccessMinutes = 15.0;

// Fixed access minutes of `mode` (0 on foot).
constexpr double AccessMinutes(TransportMode mode) {
  switch (mode) {
    case TransportMode::kWalk: return 0.0;
    case TransportMode::kBicycle: return kBicycleAccessMinutes;
    case TransportMode::kPublicTransport: return kPublicTransportAccessMinutes;
    case TransportMode::kCar: return kCarAccessMinutes;
    case TransportMode::kMoped: return kMopedAccessMinutes;
    case TransportMode::kCarpool: return kCarpoolAccessMinutes;
  }
  return 0.0;
}

// Minutes of driving over `road_km` (no access time): continuous, increasing
// and concave (piecewise linear, slopes decreasing).
inline double CarDrivingMinutes(double road_km) {
  constexpr double kTownEnd = 60.0 * kCarTownKm / kCarTownKmh;
  constexpr double kRoadEnd = kTownEnd + 60.0 * (kCarRoadKm - kCarTownKm) / kCarRoadKmh;
  if (road_km <= kCarTownKm) return 60.0 * road_km / kCarTownKmh;
  if (road_km <= kCarRoadKm) return kTownEnd + 60.0 * (road_km - kCarTownKm) / kCarRoadKmh;
  return kRoadEnd + 60.0 * (road_km - kCarRoadKm) / kCarFastKmh;
}

// The inverse of `CarDrivingMinutes`: road km driven in `minutes` (>= 0).
inline double CarDrivingKm(double minutes) {
  constexpr double kTownEnd = 60.0 * kCarTownKm / kCarTownKmh;
  constexpr double kRoadEnd = kTownEnd + 60.0 * (kCarRoadKm - kCarTownKm) / kCarRoadKmh;
  if (minutes <= kTownEnd) return minutes * kCarTownKmh / 60.0;
  if (minutes <= kRoadEnd) return kCarTownKm + (minutes - kTownEnd) * kCarRoadKmh / 60.0;
  return kCarRoadKm + (minutes - kRoadEnd) * kCarFastKmh / 60.0;
}

// ---- Score constants ----------------------------------------------------
// Credit for a past occupation relative to a target occupation.
inline constexpr double kPastOccupationDiscount = 0.8;
// Occupation fit when the candidate gave no occupation at all, and for
// French courses without an occupation: neutral.
inline constexpr double kNeutralScore = 0.5;
// Share of a missing required skill credited when a job, internship or trial
// trains (`provides_skill_training`). Qualifying trainings and
// apprenticeships are scored on what they teach instead: the share of their
// required skills the candidate lacks.
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

// The components of many pairs at once, as `EvaluatePair` computes them
// (hard constraints are not reported): the request is validated and its
// openings prepared once, then pairs are evaluated on
// `options.execution`'s threads. For scoring past placements
// (passerelle/outcomes.h).
// - Throws `ValidationError` as `ScoreRequest`, `InvalidArgumentError` when
//   an index is out of range.
// - O(m + n + P) for P pairs, about 1 µs a pair on one thread.
std::vector<ScoreBreakdown> EvaluatePairs(const MatchRequest& request,
                                          std::span<const std::pair<CandidateIndex, OpeningIndex>> pairs,
                                          const ScoringOptions& options = {});

// A plain-language sentence about a pair, in `language`:
// - feasible: required skills covered (for a training or an
//   apprenticeship: the skills it brings) and to learn, optional skills
//   held, skills acquired abroad, occupation fit, French level against the
//   minimum, commute time and mode, tension, e.g. "Couvre 4 des 5
//   compétences demandées ; à acquérir : HACCP ; compétence acquise à
//   l'étranger : CAP cuisine ; projet professionnel : Personnel de cuisine
//   (G1602) ; français A2 pour un poste demandant A2 ; 22 min en transports
//   en commun ; métier où les employeurs peinent à recruter (64 % de
//   recrutements difficiles)"; numbers as `language` writes them (decimal
//   comma in French);
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
                             ReasonCode code, Language language,
                             const Taxonomy& taxonomy = Taxonomy::BuiltIn());

// The pair (`candidate_id`, `opening_id`) of `request`, in `language`:
// `EvaluatePair`'s answer, the weights, each violation's `ExplainViolation`
// clause and `Explain`'s sentence.
// - Throws `InvalidArgumentError` naming the id when the request has no
//   such candidate or opening, and as `EvaluatePair` otherwise.
// - O(n + m) to find the ids, then as `EvaluatePair` and `Explain`.
PairExplanation DescribePair(const MatchRequest& request, std::string_view candidate_id,
                             std::string_view opening_id, Language language,
                             const Taxonomy& taxonomy = Taxonomy::BuiltIn());

// `explanation` as a text for people, one item a line, in `language`: the
// pair, score and feasibility, each component with its weight, the violated
// constraints (code and sentence), the commute, the sentence.
std::string FormatPairExplanation(const PairExplanation& explanation, Language language);

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
// (`kFrenchRouting`) and 18 (`kOutOfProject`) occur. A pair violating several
// of the codes 1 to 9 counts under each, except openings that only a car
// could reach in time for a candidate without one: they count under
// `kVehicleRequired` alone (the search circle of such a candidate is a car's,
// so that this reason can be reported, and nothing else is checked for
// them). `kOutOfProject` counts the pairs that meet every other constraint
// and are outside the candidate's project. Openings beyond the search circle
// are not examined and not counted.
using ExclusionCounts = std::array<int32_t, kMaxReasonCode + 1>;


// What a ranking keeps of a pair (`RankRequest`): the opening, the score
// and the commute's minutes, 12 bytes instead of `ScoredPair`'s 40. The
// same values as the `ScoredPair` of `ScoreRequest`, to the bit; the
// breakdown and the mode are `EvaluatePair`'s.
struct ScoredOpening {
  OpeningIndex opening = 0;
  float score = 0;
  float commute_minutes = 0;
};

// What scoring counted for one candidate (see `BasicScoreMatrix`).
struct CandidateScoreStats {
  ExclusionCounts excluded{};
  int32_t examined = 0;
  int32_t feasible = 0;
  bool nothing_in_reach = false;
};

// Feasible pairs, candidate-major (CSR). Row c lists candidate c's kept pairs
// sorted by score descending, then opening index ascending, at most
// `Policy::max_pairs_per_candidate` of them. `Entry`: `ScoredPair`
// (`ScoreMatrix`, from `ScoreRequest`) or `ScoredOpening` (`ScoreRanking`,
// from `RankRequest`).
// `ToSparseScores` (passerelle/scoring_eigen.h) copies the scores into an
// Eigen sparse matrix.
template <typename Entry>
class BasicScoreMatrix {
 public:
  BasicScoreMatrix() = default;

  int32_t num_candidates() const { return static_cast<int32_t>(row_offsets_.size()) - 1; }
  int32_t num_openings() const { return num_openings_; }
  // Kept pairs of candidate `c`.
  std::span<const Entry> row(CandidateIndex c) const {
    return {entries_.data() + row_offsets_[c], entries_.data() + row_offsets_[c + 1]};
  }
  // All kept pairs, row after row, and where each row starts (size
  // num_candidates() + 1).
  std::span<const Entry> entries() const { return entries_; }
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

  using CandidateStats = CandidateScoreStats;

 private:
  friend class ScoreMatrixBuilder;
  int32_t num_openings_ = 0;
  std::vector<int64_t> row_offsets_{0};
  // Sized first, then filled by several threads (ScoreRequest).
  std::vector<Entry, internal::UninitializedAllocator<Entry>> entries_;
  std::vector<CandidateStats> stats_;
  int64_t pairs_examined_ = 0;
  int64_t pairs_feasible_ = 0;
};

using ScoreMatrix = BasicScoreMatrix<ScoredPair>;
using ScoreRanking = BasicScoreMatrix<ScoredOpening>;

// ---- Which openings an exclusion count is about ---------------------------

// For some candidates, a few of the openings behind each of their exclusion
// counts (`ScoreMatrix::excluded_counts`): what an unplaced candidate's
// reason names, so that "7 openings reachable only by car" comes with the
// openings.
class ExcludedOpenings {
 public:
  ExcludedOpenings() = default;
  ExcludedOpenings(int32_t num_candidates, int32_t limit);

  int32_t num_candidates() const { return num_candidates_; }
  // At most this many openings per candidate and reason.
  int32_t limit() const { return limit_; }
  // The openings named for the `k`-th candidate asked for and `code`, best
  // first (see `NameExcludedOpenings`); empty for codes that are not
  // exclusion counts.
  std::span<const OpeningIndex> Get(int32_t k, ReasonCode code) const;
  // Appends `opening` to the list of (`k`, `code`) (room permitting).
  void Add(int32_t k, ReasonCode code, OpeningIndex opening);

 private:
  int32_t num_candidates_ = 0;
  int32_t limit_ = 0;
  // (candidate, reason) -> `limit_` slots, and how many are used.
  std::vector<OpeningIndex> slots_;
  std::vector<uint8_t> used_;
};

// At most this many openings named per reason in a response.
inline constexpr int32_t kNamedOpeningsPerReason = 5;

// For each of `candidates`, up to `limit` of the openings that each hard
// constraint excluded, as `ScoreRequest` counts them (the same examined
// openings, the same checks; an opening only a car reaches in time, for a
// candidate without one, under `kVehicleRequired` alone). The openings named
// are those closest to being open to the candidate:
// - `kFrenchLevelTooLow`: the smallest shortfall between the candidate's
//   French level and the lowest level the opening accepts, then the nearest;
// - `kAvailableTooLate`: the latest start, then the nearest;
// - every other reason: the nearest (a vehicle's or a commute's too);
// ties in opening index order.
// - Every name is an opening whose `EvaluatePair` lists that violation, and
//   there are min(limit, count) names for a count of openings examined
//   within a car's reach (all of them unless the hair of rounding margin
//   around the search circle holds some).
// - Throws `ValidationError` as `ScoreRequest` for a request it would
//   refuse (the policy, the openings and the candidates asked for).
// - Cost: preparing the openings (O(m log m)), then each candidate's examined
//   openings, as pass 1 of `ScoreRequest` without bounds (portable code):
//   run it for the few candidates whose reasons need it.
ExcludedOpenings NameExcludedOpenings(const MatchRequest& request,
                                      std::span<const CandidateIndex> candidates,
                                      int32_t limit = kNamedOpeningsPerReason,
                                      const ScoringOptions& options = {});

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

// `ScoreRequest`'s rows, 12 bytes a pair (`ScoredOpening`): the same
// openings in the same order, the same scores, commute minutes and counts.
// For a caller that needs the breakdown of a few pairs only (a matcher's
// placements), in under a third of the memory.
ScoreRanking RankRequest(const MatchRequest& request, const ScoringOptions& options = {});

}  // namespace passerelle

#endif  // PASSERELLE_SCORING_H_
