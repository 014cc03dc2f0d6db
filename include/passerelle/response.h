// Result types of a match, mirroring `passerelle.v1.MatchResponse`.
//
// Produced by the matching module (passerelle/matcher.h), converted to the
// proto by passerelle/proto.h. Ids, not indices, so a response stands on its
// own.
#ifndef PASSERELLE_RESPONSE_H_
#define PASSERELLE_RESPONSE_H_

#include <cstdint>
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
};
inline constexpr int kMaxReasonCode = 17;
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
