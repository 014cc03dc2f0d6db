// Result types of a match, mirroring `passerelle.v1.MatchResponse`.
//
// Produced by the matching module (passerelle/matcher.h), converted to the
// proto by passerelle/proto.h. Ids, not indices, so a response stands on its
// own.
#ifndef PASSERELLE_RESPONSE_H_
#define PASSERELLE_RESPONSE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "passerelle/model.h"

namespace passerelle {

// Per-component scores of a pair, each in [0, 1].
struct ScoreBreakdown {
  double skills = 0;
  double occupation = 0;
  double french = 0;
  double commute = 0;
  double tension = 0;
  double preferences = 0;

  // Weighted mean with `weights` (whose sum must be > 0).
  double Combine(const ScoreWeights& weights) const {
    return (weights.skills * skills + weights.occupation * occupation +
            weights.french * french + weights.commute * commute +
            weights.tension * tension + weights.preferences * preferences) /
           weights.sum();
  }
};

// Why a pair was excluded or a candidate left unplaced. Values match
// `passerelle.v1.ReasonCode`.
enum class ReasonCode : uint8_t {
  kNoRightToWork = 1,
  kDrivingLicenceRequired = 2,
  kVehicleRequired = 3,
  kFrenchLevelTooLow = 4,
  kCommuteTooLong = 5,
  kChildcareSchedule = 6,
  kHealthRestriction = 7,
  kAvailableTooLate = 8,
  kFrenchRouting = 9,
  kBanned = 10,
  kNoOpeningInReach = 11,
  kLostToBetterFit = 12,
  kBelowMinimumScore = 13,
  kEmployerCap = 14,
  kQuota = 15,
  kPartiallyPlaced = 16,
  kSameSector = 17,
  kOutOfProject = 18,
};
inline constexpr int kMaxReasonCode = 18;
// Stable snake_case name, e.g. "commute_too_long".
const char* ToString(ReasonCode code);

struct Reason {
  ReasonCode code = ReasonCode::kNoOpeningInReach;
  std::string detail;
  int32_t count = 0;
  std::vector<std::string> opening_ids;
};

struct Placement {
  std::string candidate_id;
  std::string opening_id;
  double score = 0;
  ScoreBreakdown breakdown;
  std::string explanation;
  double commute_minutes = 0;
  TransportMode commute_mode = TransportMode::kWalk;
  bool pinned = false;
  std::vector<std::string> skills_acquired_abroad;
  std::vector<std::string> skill_gaps;
  // With `Policy::score_model`: the probability of a lasting job (`score`).
  std::optional<double> lasting_probability;
};

struct Unplaced {
  std::string candidate_id;
  // Never empty.
  std::vector<Reason> reasons;
};

struct ShortlistEntry {
  std::string id;
  int32_t rank = 0;
  double score = 0;
  ScoreBreakdown breakdown;
  std::string explanation;
  // With `Policy::score_model`: the probability of a lasting job (`score`).
  std::optional<double> lasting_probability;
};

struct Shortlist {
  // Exactly one of the two is non-empty.
  std::string candidate_id;
  std::string opening_id;
  std::vector<ShortlistEntry> entries;
};

struct OpeningFill {
  std::string opening_id;
  int32_t capacity = 0;
  int32_t filled = 0;
};

struct GroupStats {
  std::string dimension;
  std::string value;
  int64_t total = 0;
  int64_t placed = 0;
  double rate = 0;
  double mean_score = 0;
  double mean_commute_minutes = 0;
};

enum class MatchStatus : uint8_t { kOptimal = 1, kInfeasible = 2, kFeasibleNotProven = 3 };

struct Summary {
  int64_t candidates = 0;
  int64_t placed_candidates = 0;
  int64_t placements = 0;
  double placement_rate = 0;
  double mean_score = 0;
  double mean_commute_minutes = 0;
  int64_t seats = 0;
  int64_t seats_filled = 0;
  double fill_rate = 0;
  double total_score = 0;
  double objective = 0;
  double greedy_objective = 0;
  double greedy_total_score = 0;
  int64_t greedy_placements = 0;
  std::vector<GroupStats> by_kind;
  std::vector<GroupStats> by_occupation;
  std::vector<GroupStats> by_subgroup;
  int64_t pairs_examined = 0;
  int64_t pairs_feasible = 0;
  int64_t network_arcs = 0;
  MatchStatus status = MatchStatus::kOptimal;
  // Against `MatchRequest::previous_placements` (all 0 without them): kept;
  // moved because the change forced it (the candidate or opening left, the
  // pair was banned or became infeasible); moved because the optimum gained
  // more than `Policy::min_gain_to_move` (or lost a seat, as when an
  // opening's capacity shrank); and placements that are new.
  int64_t previous_kept = 0;
  int64_t previous_moved_forced = 0;
  int64_t previous_moved_by_choice = 0;
  int64_t new_placements = 0;
  // With `Policy::score_model`: expected lasting placements (the sum of the
  // placements' probabilities, `total_score`).
  std::optional<double> expected_lasting;
};

// Everything about one (candidate, opening) pair a counsellor may ask,
// mirroring `passerelle.v1.PairExplanation`: made by `DescribePair`
// (passerelle/scoring.h), printed by `passerelle explain`, returned by
// `passerelle.explain`.
struct PairExplanation {
  std::string candidate_id;
  std::string opening_id;
  // No hard constraint violated.
  bool feasible = false;
  // Weighted score, computed for excluded pairs too.
  double score = 0;
  ScoreBreakdown breakdown;
  // The policy's weights, normalised to sum 1: `score` is the sum of each
  // component times its weight. With `Policy::score_model`: the model's
  // coefficients (log-odds), and `score` is sigmoid(intercept + that sum).
  ScoreWeights weights;
  // One per violated hard constraint, in code order: its code, its clause
  // as `detail`, count 1 and the opening's id.
  std::vector<Reason> violations;
  // The pair's sentence (for an excluded pair, why not).
  std::string explanation;
  // Fastest allowed mode and its one-way minutes; +infinity when no mode of
  // the candidate reaches the site.
  double commute_minutes = 0;
  TransportMode commute_mode = TransportMode::kWalk;
  std::vector<std::string> skills_acquired_abroad;
  std::vector<std::string> skill_gaps;
  int32_t required_skills_covered = 0;
  int32_t required_skills_total = 0;
  // With `Policy::score_model`: the probability of a lasting job (`score`).
  std::optional<double> lasting_probability;
};

// What a warning is about. Values match `passerelle.v1.WarningCode`, whose
// comments say when each is given.
enum class WarningCode : uint8_t {
  kClosedOpening = 1,
  kUnknownOccupation = 2,
  kSkillCodeVariant = 3,
  kFrenchLevelMissing = 4,
  kSharedLocation = 5,
  kOverrideOnExcludedPair = 6,
  kMoreWarnings = 7,
};
// Stable snake_case name, e.g. "closed_opening".
const char* ToString(WarningCode code);

// Input that is valid but suspicious (passerelle/warnings.h).
struct Warning {
  WarningCode code = WarningCode::kClosedOpening;
  // The record and field, e.g. `openings[3] (id "o-17").capacity`.
  std::string path;
  // Plain-language detail, in the policy's language.
  std::string detail;
};

struct MatchResponse {
  std::vector<Placement> placements;
  std::vector<Unplaced> unplaced;
  std::vector<Shortlist> shortlists;
  Summary summary;
  std::vector<OpeningFill> opening_fills;
  // `CollectWarnings` of the request (passerelle/warnings.h).
  std::vector<Warning> warnings;
};

}  // namespace passerelle

#endif  // PASSERELLE_RESPONSE_H_
