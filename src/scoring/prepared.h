// Private to src/scoring: the prepared form of a request, what scoring reads
// instead of `MatchRequest`. Skill codes and opening occupations are interned
// as small integers, occupation proximities are read from a table, hard
// constraints become bit masks and reach thresholds become squared chords,
// so that the formulas (components.h) and pass 1 do no string or map work
// per pair. Filled by prepare.cc, after the request validator (passerelle/validate.h) has found no problem.
#ifndef PASSERELLE_SRC_SCORING_PREPARED_H_
#define PASSERELLE_SRC_SCORING_PREPARED_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "passerelle/model.h"
#include "passerelle/response.h"
#include "passerelle/taxonomy.h"
#include "passerelle/validate.h"
#include "unit_sphere.h"

namespace passerelle::scoring_internal {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

constexpr uint32_t Bit(ReasonCode code) { return uint32_t{1} << static_cast<int>(code); }
// Physical demands of an opening (and health restrictions of a candidate)
// sit at bits 16..20 of the requirement masks; any overlap is kHealthRestriction.
inline constexpr int kDemandShift = 16;
inline constexpr uint32_t kReasonBits = (uint32_t{1} << 16) - 1;

// Transit bits of an opening.
inline constexpr uint8_t kSiteHasTransit = 1;
inline constexpr uint8_t kSiteFullTransit = 2;
inline constexpr uint8_t kEarlyOrNight = 4;
// The site is only known at town level (GeoPrecision::kTown).
inline constexpr uint8_t kSiteTownLevel = 8;
// Transit classes of a site: the four bits above.
inline constexpr int kSiteClasses = 16;

constexpr uint8_t ModeBit(TransportMode m) { return uint8_t{1} << static_cast<int>(m); }

// ROME code packed as letter * 10000 + number, 0 for none or non-ROME.
inline uint32_t PackRome(std::string_view code) {
  if (!IsRomeCode(code)) return 0;
  return static_cast<uint32_t>(code[0]) * 10000 + (code[1] - '0') * 1000 +
         (code[2] - '0') * 100 + (code[3] - '0') * 10 + (code[4] - '0');
}

struct Requirement {
  int32_t skill = 0;
  double weight = 0;  // normalised: sums to 1 over its list
};

struct OpeningData {
  Vec3 p;
  uint32_t needs = 0;  // Bit(ReasonCode) and demands << kDemandShift
  Date start = kNoDate;   // effective start date
  int32_t occ_column = -1;  // -1: no occupation
  uint32_t packed_code = 0;
  int32_t req_begin = 0, req_end = 0, opt_begin = 0, opt_end = 0;
  double tension = 0;
  uint32_t sector_bit = 0;    // 1 << (letter - 'A'), 0 when none
  uint32_t contract_bit = 0;  // 1 << contract type, 0 when unspecified
  int8_t min_french = 0;      // CEFR index, 0: no minimum
  int8_t min_accepted = 0;    // min_french - accepted gap
  uint8_t transit = 0;
  bool trains_skills = false;  // a job or placement that trains: gaps half forgiven
  bool teaches = false;        // a qualifying training or apprenticeship: valued for what it teaches
  bool french_training = false;
  bool french_course = false;
  bool trial = false;
  bool short_commitment = false;  // 1 to 6 months
  // The project rule does not apply: a French course, or no occupation.
  bool outside_project_rule = false;
};

struct CandidateOccupation {
  int32_t row = -1;  // taxonomy id, -1: not listed (prefix rule on packed)
  uint32_t packed = 0;
  double weight = 1;
  bool past = false;  // among the past occupations (the trade was practised)
};

struct CandidateData {
  Vec3 p;
  uint32_t blocked = 0;
  Date available = kNoDate;
  double max_minutes = 60;
  double search_chord2 = 0;  // openings farther are not examined
  // Squared chords of the farthest reach within max_minutes: own modes but
  // public transport; public transport at daytime and city speed (-1 when
  // not a mode); a car (for kVehicleRequired).
  double reach2_other = -1;
  double reach2_transit_day = -1;
  double reach2_transit_city = -1;
  double reach2_car = -1;
  double reach2_own = -1;  // max of the three above: farther needs a car
  // Reach by own modes for each transit class of a site (OpeningData::transit).
  double reach2_by_site[kSiteClasses] = {};
  // Smallest squared chord a pair with a site of each class is taken to have:
  // the town floor for town-level sites when the home is town-level too, 0
  // otherwise (see FlooredChord2).
  double floor2_by_site[kSiteClasses] = {};
  uint32_t commute_checked = 0;  // 1: the commute constraint is on
  uint32_t car_would_help = 0;   // 1: vehicle constraint on and no car
  uint8_t modes = 0;         // allowed modes (car only with licence and vehicle)
  TransitAccess home_transit = TransitAccess::kDaytime;
  int8_t french = 0;
  bool has_car = false;
  bool prefers_trials = false;
  bool prefers_short = false;
  uint32_t preferred_sectors = 0;
  uint32_t preferred_contracts = 0;
  // The project rule does not apply: switched off, no occupation given, or
  // open to other trades.
  bool project_exempt = true;
  std::vector<CandidateOccupation> occupations;
  // (skill id, level, abroad) for skills some opening asks for.
  struct SkillRef {
    int32_t skill;
    float level;
    bool abroad;
  };
  std::vector<SkillRef> skills;
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringIndex = std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>>;

// Read-only context shared by all workers.
struct Context {
  const MatchRequest* request = nullptr;
  const Taxonomy* taxonomy = nullptr;
  double weights[6] = {};  // normalised, sum 1 (of absolute values with a model)
  // With `Policy::score_model`: `weights` are its coefficients over
  // `model_scale`, the sum of their absolute values (so any may be
  // negative); `model_offset` is the sum of the negative weights' absolute
  // values, added to every score so that the linear score m stays in
  // [0, 1]; the probability is sigmoid(intercept + scale * (m - offset))
  // (ModelScore), increasing in m, so rows are ranked and pruned on m.
  // Without a model: offset 0, and ModelScore is the identity.
  bool model = false;
  double model_intercept = 0;
  double model_scale = 1;
  double model_offset = 0;
  // Pass 1's bounds hold (skills and commute bounded from above): their
  // weights are >= 0. Otherwise pass 2 scores every feasible pair exactly.
  bool prune = true;
  double detour = 1.3;
  double half_life = 30;
  HardConstraints constraints;
  // Policy::project_min_proximity, compared in float as the table is.
  float project_min_proximity = 0.25f;
  int32_t max_pairs = 50;
  StringIndex skill_index;       // codes required or optional somewhere
  StringIndex occupation_index;  // distinct opening occupations -> column
  int32_t num_columns = 0;
  std::vector<uint32_t> column_packed;  // packed ROME code of each column
  std::vector<float> occ_table;  // taxonomy.size() x num_columns
  std::vector<Requirement> requirements;
};

// Preparation (prepare.cc), in this order: the policy, every opening indexed,
// the occupation table, then openings and candidates flattened. Each expects
// its record to have passed the request validator (on a record with problems it
// stays memory-safe, but its result is meaningless).

// Fills the context's policy-derived fields.
void PreparePolicy(const MatchRequest& request, const Taxonomy& taxonomy, Context* ctx);
// Adds opening `j`'s skill codes to the skill index and its occupation to the
// column index (columns get their table entries in FinishOccupationTable).
void IndexOpening(const Opening& opening, Context* ctx);
void FinishOccupationTable(Context* ctx);
// Flattens opening `j` into `out`; requirements are appended to
// ctx->requirements.
void PrepareOpening(const MatchRequest& request, OpeningIndex j, Context* ctx, OpeningData* out);
// Flattens candidate `i`. Thread-safe on a const context.
void PrepareCandidate(const Context& ctx, CandidateIndex i, CandidateData* out);

// The steps above for the policy and every opening, as `ScoreRequest` and
// `NameExcludedOpenings` start: `ctx` filled, the openings flattened in
// Z-order (memory order follows space, so a candidate's examined openings
// sit close together; `order[k]` is the request index of `openings[k]`),
// and the validator's problems of the policy and of each opening appended
// to `problems`.
void PrepareOpenings(const MatchRequest& request, const Taxonomy& taxonomy, const ValidationOptions& validation,
                     Context* ctx, std::vector<int32_t>* order, std::vector<OpeningData>* openings,
                     std::vector<std::string>* problems);

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_PREPARED_H_
