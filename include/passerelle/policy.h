// The programme's rules, with every default in one place and the reasoning
// behind it.
//
// `Policy` mirrors `passerelle.v1.Policy`. In the proto an unset (zero) field
// means "the default below", and so does a zero here: `ResolveDefaults`
// (passerelle/model.h) replaces it by the default, which is the member's
// initialiser below, for every entry point. Zero means the default for the
// weights (all zero), `default_max_commute_minutes`, `unplaced_penalty`,
// `placements_per_candidate`, `shortlist_appearances_per_seat`,
// `max_pairs_per_candidate`, `detour_factor`, `commute_half_life_minutes`
// and a quota's `max_share`.
#ifndef PASSERELLE_POLICY_H_
#define PASSERELLE_POLICY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace passerelle {

// Declared in passerelle/model.h, which includes this header.
enum class AgeGroup : uint8_t;
enum class CefrLevel : int8_t;
enum class Gender : uint8_t;
enum class Language : uint8_t;
enum class OpeningKind : uint8_t;

// Weights of the score components; the score is their weighted mean.
//
// Defaults: skills and occupation fit carry most of the weight because they
// predict whether the placement lasts (GeoMatch, France Travail research);
// French and commute come next (the two barriers the seeds name first);
// tension is a tie-breaker towards scarce-labour jobs; preferences a small
// nudge so the candidate's own wishes count without overriding fit.
struct ScoreWeights {
  double skills = 0.30;
  double occupation = 0.25;
  double french = 0.15;
  double commute = 0.15;
  double tension = 0.10;
  double preferences = 0.05;

  double sum() const {
    return skills + occupation + french + commute + tension + preferences;
  }
};

// A logistic model of lasting employment ("emploi durable", in work six
// months after the placement) on a pair's score components, fitted on past
// placements (passerelle/outcomes.h, docs/outcomes.md). With it, a pair's
// score is probability = sigmoid(intercept + sum of value x component), and
// the matcher maximises expected lasting placements.
struct ModelCoefficient {
  // A component as named in `ScoreBreakdown` (`kScoreModelFeatures`).
  std::string feature;
  // On the log-odds scale; any sign.
  double value = 0;
};
struct ScoreModel {
  double intercept = 0;
  // At most one per feature; a feature absent counts 0.
  std::vector<ModelCoefficient> coefficients;
};
// The features a `ScoreModel` may name, in `ScoreBreakdown`'s order.
inline constexpr const char* kScoreModelFeatures[6] = {"skills",  "occupation", "french",
                                                       "commute", "tension",    "preferences"};

// Hard-constraint switches; all on by default. A violated hard constraint
// removes the pair whatever its score: these are never traded for fit.
struct HardConstraints {
  bool right_to_work = true;
  bool driving_licence = true;
  bool vehicle = true;
  bool french_level = true;
  bool commute = true;
  bool childcare_schedule = true;
  bool health = true;
  bool availability = true;
  // Jobs, apprenticeships, internships, workplace trials and qualifying
  // trainings only within the candidate's professional project: an
  // occupation at least `Policy::project_min_proximity` from one of their
  // target or past occupations. Not applied to French courses, to openings
  // without an occupation, to candidates who gave no occupation and to those
  // open to other trades. Counsellors build a placement on the person's
  // project; a placement outside it rarely lasts, however well it scores.
  bool project = true;
};

enum class QuotaDimension : uint8_t {
  kDepartement = 0,
  kGender,
  kCountryOfOrigin,
  kAgeGroup,
  kOpeningKind,
  kOpeningDepartement,
};
// "departement", "gender", "country_of_origin", "age_group", "opening_kind",
// "opening_departement".
const char* ToString(QuotaDimension dimension);

// The group a quota counts, typed by its dimension so that matching compares
// values, never spellings:
// - kGender: a `Gender`; kAgeGroup: an `AgeGroup`; kOpeningKind: an
//   `OpeningKind`;
// - kDepartement, kCountryOfOrigin, kOpeningDepartement: the text records
//   hold in that field.
// The wire's spellings are read and written by passerelle/proto.h only.
using QuotaValue = std::variant<std::string, Gender, AgeGroup, OpeningKind>;
// The group's name in the summary's statistics: the text, or `ToString` of
// the enum ("female", "16-25", "job").
std::string ToString(const QuotaValue& value);

struct Quota {
  QuotaDimension dimension = QuotaDimension::kDepartement;
  // Of the type `dimension` takes (see `QuotaValue`).
  QuotaValue value;
  double min_share = 0;
  // 1 means no upper bound; 0 means 1, as on the wire.
  double max_share = 1;
  // The value as the request spelled it ("GENDER_FEMALE", "youth"), set by
  // `FromProto`: messages about the quota quote it so that users find it in
  // their file. Matching reads `value` only. Empty: messages quote
  // `ToString(value)`; whoever changes `value` clears it.
  std::string spelling;
};

// What is wrong with `quota.value` for `quota.dimension`, as `Validate`
// words it ("missing", or the type it should hold), or "" when it fits.
std::string QuotaValueProblem(const Quota& quota);

// Most shortlist entries a request may ask for (see
// `Policy::shortlist_size`): 4,000,000, about a gigabyte of response; a
// national request with 3 per record asks for 3.3 million.
inline constexpr int64_t kMaxShortlistEntries = 4'000'000;

struct Limits {
  // 0: no limit. Exceeded: `LimitExceededError` naming the limit.
  int64_t max_candidates = 0;
  int64_t max_openings = 0;
  int64_t max_arcs = 0;
  // Wall-clock limit of the optimisation (scoring and reporting excluded).
  // Reached with a feasible assignment in hand: the response has status
  // `kFeasibleNotProven` and the better of the optimiser's assignment and
  // the greedy baseline's (for quotas: the last fixed-point round's, which
  // meets that round's bounds); without one: `LimitExceededError`. The
  // limit bounds the search; the work linear in the network's size around it
  // (setting up, repairing the flow, the greedy comparison) comes on top
  // (measured in bench/RESULTS.md).
  double max_solve_seconds = 0;
};

struct Policy {
  ScoreWeights weights;
  HardConstraints constraints;
  // CEFR levels below an opening's minimum still accepted. Default 0: the
  // minimum is the minimum. One more level is accepted when the opening
  // provides French training (HOPE: A1 at entry for jobs asking A2-B1).
  int32_t max_french_gap = 0;
  // Commute limit for candidates who gave none. 60 min one way is the upper
  // end of what counsellors in the seeds consider sustainable without a car.
  int32_t default_max_commute_minutes = 60;
  // Score below which a placement is worse than none. 0.2 keeps a pair that
  // is weak on one or two components but rejects pairs weak on all. 0 means
  // 0.2 (as on the wire, where 0 is unset); for almost no penalty, give a
  // tiny one (scores count to 10^-6).
  double unplaced_penalty = 0.2;
  // Routing by French level (Metishima): below it, jobs, apprenticeships
  // and internships are closed. Unset: no routing.
  std::optional<CefrLevel> job_track_min_french_level;
  int32_t placements_per_candidate = 1;
  bool distinct_sectors = false;
  // 0: no cap.
  int32_t max_candidates_per_employer = 0;
  std::vector<Quota> quotas;
  // 0: no shortlists. Each candidate and each opening gets up to this many
  // entries, each with its explanation (a few hundred bytes), so
  // `shortlist_size` x (candidates + openings) may not exceed
  // `kMaxShortlistEntries`.
  int32_t shortlist_size = 0;
  // Anti-congestion: appearances of an opening in candidates' shortlists per
  // seat. 3 proposals per seat is what platforms in the seeds handle.
  int32_t shortlist_appearances_per_seat = 3;
  // Pairs kept per candidate, best first: bounds the network at 50 arcs per
  // candidate, far more than any counsellor reviews.
  int32_t max_pairs_per_candidate = 50;
  Language language{};
  Limits limits;
  // Road distance over great-circle distance; 1.3 is the usual figure for
  // French road networks.
  double detour_factor = 1.3;
  // A `Date` (model.h): openings start no earlier than this day, and those
  // without a start date start on it. Unset: compare each opening's start
  // date with the candidate's availability.
  std::optional<int32_t> reference_date;
  // Minutes at which the commute score halves.
  double commute_half_life_minutes = 30;
  // Great-circle km assumed between two `GeoPrecision::kTown` points closer
  // than this (their true distance is unknown within the town). 1.5 km is
  // about the mean distance between two points of a French town of 10 km2
  // (0.905 times the radius of a disc of that area); 0 turns it off.
  double town_distance_floor_km = 1.5;
  bool greedy_baseline = true;
  // Least taxonomy proximity (taxonomy.h) between an opening's occupation
  // and one of the candidate's target or past occupations for the opening to
  // be within the candidate's project. 0.45 admits the same occupation and
  // ROME mobilities up to two hops (1,427 one-hop and 6,033 two-hop pairs of
  // sheets). Three hops (0.25) reach 83 sheets on average and join a care
  // assistant (J1501) to masonry (F1703), through funeral operations: no
  // longer a project. On generated Loir-et-Cher 1,500 x 300, 0.45 places as
  // many people as 0.25 (963), none three hops from their project.
  double project_min_proximity = 0.45;
  // Stability of re-runs (`MatchRequest::previous_placements`): a previous
  // placement is worth this much more than a new one, in score units per
  // placement, so the optimum moves someone only when the whole change gains
  // more than this for each previous placement it breaks. 0.1 is a tenth of
  // the score scale: a counsellor does not call someone back to swap a job
  // for one that fits a few hundredths better.
  double min_gain_to_move = 0.1;
  // Unset: the score is the weighted mean of `weights`. Set: the score is
  // the model's probability of a lasting job and `weights` are ignored
  // (`unplaced_penalty` and `min_gain_to_move` are then probabilities too).
  std::optional<ScoreModel> score_model;
};

}  // namespace passerelle

#endif  // PASSERELLE_POLICY_H_
