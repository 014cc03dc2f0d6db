// Core value types of passerelle: candidates, openings, employers, and the
// request that groups them.
//
// These mirror `passerelle.v1` (proto/passerelle/v1/passerelle.proto) field by
// field, as plain C++ with no protobuf dependency; conversion lives in one
// place, `passerelle/proto.h`. Types here are already validated: ids unique,
// references resolved to indices, enums specified, numbers in range. Build
// them through `FromProto` (which validates) or fill them yourself and call
// `Validate` (passerelle/validate.h).
#ifndef PASSERELLE_MODEL_H_
#define PASSERELLE_MODEL_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/policy.h"

namespace passerelle {

// Domain index types: positions in `MatchRequest::candidates`, `openings`,
// `employers`.
using CandidateIndex = int32_t;
using OpeningIndex = int32_t;
using EmployerIndex = int32_t;
inline constexpr EmployerIndex kNoEmployer = -1;

// Days since 1970-01-01 (proleptic Gregorian). `kNoDate` means "no
// constraint".
using Date = int32_t;
inline constexpr Date kNoDate = std::numeric_limits<Date>::min();

// Parses "YYYY-MM-DD" (empty gives kNoDate). Returns false on bad syntax or an
// impossible date.
bool ParseDate(std::string_view text, Date* out);
// Formats a date as "YYYY-MM-DD" ("" for kNoDate).
std::string FormatDate(Date date);

// How precisely a `GeoPoint` places someone or something.
enum class GeoPrecision : uint8_t {
  // A street address (or anything as precise): distances are taken as they are.
  kAddress = 0,
  // Only the town is known (its centroid): two town-level points are taken to
  // be at least `Policy::town_distance_floor_km` apart, so that a commute
  // inside one town is never "0 min".
  kTown,
};

// A point on Earth, WGS84 degrees.
struct GeoPoint {
  double latitude = 0;
  double longitude = 0;
  GeoPrecision precision = GeoPrecision::kAddress;
};

// Great-circle distance in kilometres (haversine, mean Earth radius).
double DistanceKm(const GeoPoint& a, const GeoPoint& b);

// CEFR level of French; ordered, so levels compare with < and subtract.
enum class CefrLevel : int8_t { kNone = 0, kA1, kA2, kB1, kB2, kC1, kC2 };
// "none", "A1" ... "C2".
const char* ToString(CefrLevel level);

enum class TransportMode : uint8_t {
  kWalk = 0,
  kBicycle,
  kPublicTransport,
  kCar,
  kMoped,
  kCarpool,
};
inline constexpr int kNumTransportModes = 6;
const char* ToString(TransportMode mode);

enum class TransitAccess : uint8_t { kNone = 0, kDaytime, kFull };

enum class PhysicalDemand : uint8_t {
  kHeavyLoads = 0,
  kProlongedStanding,
  kOutdoorWork,
  kWorkAtHeight,
  kRepetitiveMovements,
};

enum class ContractType : uint8_t {
  kUnspecified = 0,
  kPermanent,
  kFixedTerm,
  kTemporaryAgency,
  kSeasonal,
  kApprenticeship,
  kInternshipAgreement,
  kTrainee,
  kIntegration,
};
inline constexpr int kNumContractTypes = 9;

enum class OpeningKind : uint8_t {
  kJob = 0,
  kApprenticeship,
  kInternship,
  kQualifyingTraining,
  kFrenchCourse,
  kWorkplaceTrial,
};
inline constexpr int kNumOpeningKinds = 6;
// "job", "apprenticeship", ...
const char* ToString(OpeningKind kind);
// True for kinds that are work (job, apprenticeship, internship, trial): the
// kinds closed by the right-to-work constraint, except trials and trainings.
inline bool IsEmployment(OpeningKind kind) {
  return kind == OpeningKind::kJob || kind == OpeningKind::kApprenticeship ||
         kind == OpeningKind::kInternship;
}

enum class RightToWork : uint8_t { kFull = 0, kAuthorised, kNone };
enum class ChildcareConstraint : uint8_t { kNone = 0, kDaytimeWeekdaysOnly };
enum class HousingSituation : uint8_t { kUnspecified = 0, kStable, kTemporary, kNone };
enum class Gender : uint8_t { kUnspecified = 0, kFemale, kMale, kOther };
// "unspecified", "female", "male", "other".
const char* ToString(Gender gender);

// Age group of a candidate, for quotas and the summary's statistics.
enum class AgeGroup : uint8_t {
  kUnknown = 0,  // age not given (0)
  k16To25,
  // Every other age: 26 and over, and the rare ages under 16, which have
  // always been counted here.
  k26Plus,
};
// "unknown", "16-25", "26+".
const char* ToString(AgeGroup group);
inline AgeGroup AgeGroupOf(int32_t age) {
  if (age == 0) return AgeGroup::kUnknown;
  return age >= 16 && age <= 25 ? AgeGroup::k16To25 : AgeGroup::k26Plus;
}

enum class Language : uint8_t { kFrench = 0, kEnglish };

// A small set of enum values stored as bits (transport modes, physical
// demands, contract types).
template <typename Enum>
class EnumSet {
 public:
  constexpr EnumSet() = default;
  constexpr void Add(Enum e) { bits_ |= Bit(e); }
  constexpr bool Has(Enum e) const { return (bits_ & Bit(e)) != 0; }
  constexpr bool Intersects(EnumSet other) const { return (bits_ & other.bits_) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr uint32_t bits() const { return bits_; }
  friend constexpr bool operator==(EnumSet, EnumSet) = default;

 private:
  static constexpr uint32_t Bit(Enum e) { return uint32_t{1} << static_cast<int>(e); }
  uint32_t bits_ = 0;
};
using TransportModeSet = EnumSet<TransportMode>;
using PhysicalDemandSet = EnumSet<PhysicalDemand>;
using ContractTypeSet = EnumSet<ContractType>;

struct Skill {
  std::string code;
  // Assessed level in (0, 1]; 0 means 1 (assessed without a level).
  double level = 1.0;
  bool acquired_abroad = false;
  bool validated = false;
  std::string label;
};

struct Mobility {
  // Minutes, one way; 0 means the policy's `default_max_commute_minutes`.
  int32_t max_commute_minutes = 0;
  // Empty means walking and public transport.
  TransportModeSet modes;
  bool driving_licence = false;
  bool has_vehicle = false;
  TransitAccess home_transit_access = TransitAccess::kDaytime;
};

struct Barriers {
  ChildcareConstraint childcare = ChildcareConstraint::kNone;
  PhysicalDemandSet health_restrictions;
  HousingSituation housing = HousingSituation::kUnspecified;
  bool psychological_fragility = false;
  bool no_cv = false;
};

struct Subgroup {
  Gender gender = Gender::kUnspecified;
  std::string country_of_origin;
  std::string departement;
};

struct Candidate {
  std::string id;
  GeoPoint home;
  CefrLevel french_level = CefrLevel::kNone;
  // The request gave no level (CEFR_LEVEL_UNSPECIFIED): `french_level` is
  // kNone, and the response warns (`WarningCode::kFrenchLevelMissing`).
  bool french_level_missing = false;
  std::vector<Skill> skills;
  std::vector<std::string> target_occupations;
  std::vector<std::string> past_occupations;
  Mobility mobility;
  Barriers barriers;
  RightToWork right_to_work = RightToWork::kFull;
  Date available_from = kNoDate;
  int32_t age = 0;
  Subgroup subgroup;
  // ROME domain letters.
  std::vector<char> preferred_sectors;
  ContractTypeSet preferred_contract_types;
  // In [0, 1000]; 0 means 1, as on the wire.
  double priority = 1.0;
  // In [0, 16]; 0 means the policy's `placements_per_candidate`.
  int32_t placements_needed = 0;
  std::string display_name;
  // Open to occupations outside their project: the project rule
  // (`HardConstraints::project`) does not apply to them.
  bool open_to_other_trades = false;
};

struct SkillRequirement {
  std::string code;
  // > 0; 0 means 1.
  double weight = 1.0;
  std::string label;
};

struct Schedule {
  bool early_shift = false;
  bool night_shift = false;
  bool weekend_shift = false;
};

struct Opening {
  std::string id;
  // Index into `MatchRequest::employers`, or kNoEmployer.
  EmployerIndex employer = kNoEmployer;
  OpeningKind kind = OpeningKind::kJob;
  // ROME code, or empty (French courses).
  std::string occupation;
  GeoPoint location;
  // Seats, >= 0; 0 closes the opening (the response warns). A file without
  // `capacity` means 1 seat too.
  int32_t capacity = 1;
  std::vector<SkillRequirement> required_skills;
  std::vector<SkillRequirement> optional_skills;
  CefrLevel min_french_level = CefrLevel::kNone;
  bool provides_french_training = false;
  bool provides_skill_training = false;
  bool requires_driving_licence = false;
  Schedule schedule;
  ContractType contract_type = ContractType::kUnspecified;
  int32_t duration_months = 0;
  double tension = 0;
  Date start_date = kNoDate;
  PhysicalDemandSet physical_demands;
  TransitAccess site_transit_access = TransitAccess::kDaytime;
  std::string title;
  std::string departement;

  // ROME domain letter of `occupation`, or 0 when it has none.
  char sector() const { return occupation.empty() ? '\0' : occupation[0]; }
};

struct Employer {
  std::string id;
  std::string name;
  std::string sector;
  // 0: no cap of its own.
  int32_t max_candidates = 0;
  std::string network;
};

// A (candidate, opening) pair chosen by a human, resolved to indices.
struct PairOverride {
  CandidateIndex candidate = 0;
  OpeningIndex opening = 0;
  std::string note;
};

// A placement of an earlier run (last week's response), by ids: records may
// have left the request since, which is not an error.
struct PreviousPlacement {
  std::string candidate_id;
  std::string opening_id;
};

struct MatchRequest {
  std::vector<Candidate> candidates;
  std::vector<Opening> openings;
  std::vector<Employer> employers;
  Policy policy;
  std::vector<PairOverride> pins;
  std::vector<PairOverride> bans;
  std::vector<PairOverride> locks;
  std::string description;
  // Kept unless a change forces a move or moving gains more than
  // `Policy::min_gain_to_move` (stable weekly re-runs).
  std::vector<PreviousPlacement> previous_placements;
};

// Defaults (see the top of this file). Each replaces the zeros (and empty
// transport modes, all-zero weights) that stand for a default by that
// default, and leaves every other value, valid or not, as it is:
// - `Policy`: weights (all zero), default commute, unplaced penalty,
//   placements per candidate, shortlist appearances per seat, pairs per
//   candidate, detour factor, commute half-life, quotas' max_share; the
//   defaults are `Policy`'s own initialisers (passerelle/policy.h).
// - `Candidate` (after its policy): max commute, transport modes, skill
//   levels, priority, placements needed.
// - `Opening`: requirement weights.
void ResolveDefaults(Policy* policy);
void ResolveDefaults(const Policy& resolved_policy, Candidate* candidate);
void ResolveDefaults(Opening* opening);
void ResolveDefaults(MatchRequest* request);
// True when `ResolveDefaults` would change something: the entry points that
// take a `const MatchRequest&` then work on a resolved copy.
bool HasDefaultsToResolve(const Policy& policy);
bool HasDefaultsToResolve(const Policy& resolved_policy, const Candidate& candidate);
bool HasDefaultsToResolve(const Opening& opening);
bool HasDefaultsToResolve(const MatchRequest& request);
// `request` when it has no default to resolve; else `*copy`, made a resolved
// copy of it.
const MatchRequest& Resolved(const MatchRequest& request, MatchRequest* copy);
// The same for one pair (indices in range): when its policy, candidate or
// opening has a default to resolve, `*copy` becomes a request of that
// policy and those employers with the candidate and the opening alone,
// resolved, and `*candidate` and `*opening` become 0.
const MatchRequest& ResolvedPair(const MatchRequest& request, CandidateIndex* candidate, OpeningIndex* opening,
                                 MatchRequest* copy);

// True when `code` is ROME-shaped: a letter A-N then four digits.
bool IsRomeCode(std::string_view code);

// Employer `e`'s effective cap: the lower of its own `max_candidates` and
// `policy.max_candidates_per_employer`, 0 meaning none (and for
// `kNoEmployer`).
inline int32_t EmployerCap(const MatchRequest& r, EmployerIndex e) {
  if (e == kNoEmployer) return 0;
  int32_t cap = r.employers[static_cast<size_t>(e)].max_candidates;
  const int32_t policy_cap = r.policy.max_candidates_per_employer;
  if (policy_cap > 0 && (cap == 0 || policy_cap < cap)) cap = policy_cap;
  return cap;
}

}  // namespace passerelle

#endif  // PASSERELLE_MODEL_H_
