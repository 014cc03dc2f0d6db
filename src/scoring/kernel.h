// Private to src/scoring: the prepared (flattened, interned) form of a
// request and the per-pair kernel shared by `ScoreRequest` and
// `EvaluatePair`, so both compute exactly the same numbers.
#ifndef PASSERELLE_SRC_SCORING_KERNEL_H_
#define PASSERELLE_SRC_SCORING_KERNEL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "passerelle/model.h"
#include "passerelle/response.h"
#include "passerelle/scoring.h"
#include "passerelle/taxonomy.h"

namespace passerelle::scoring_internal {

inline constexpr double kEarthRadiusKm = 6371.0088;  // as DistanceKm
inline constexpr double kDegToRad = 3.14159265358979323846 / 180.0;
inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct Vec3 {
  double x = 0, y = 0, z = 0;
};

inline Vec3 ToUnit(const GeoPoint& p) {
  const double lat = p.latitude * kDegToRad, lon = p.longitude * kDegToRad;
  const double c = std::cos(lat);
  return {c * std::cos(lon), c * std::sin(lon), std::sin(lat)};
}

inline double Chord2(const Vec3& a, const Vec3& b) {
  const double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

// Great-circle km from the squared chord between unit vectors; equal to the
// haversine formula of `DistanceKm` up to rounding.
inline double ChordToKm(double chord2) {
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, 0.5 * std::sqrt(chord2)));
}

// Squared chord of a great-circle distance.
inline double KmToChord2(double km) {
  const double angle = km / kEarthRadiusKm;
  if (angle >= 3.14159265358979323846) return 4.0 + 1e-9;
  const double chord = 2 * std::sin(angle / 2);
  return chord * chord;
}

constexpr uint32_t Bit(ReasonCode code) { return uint32_t{1} << static_cast<int>(code); }
// Physical demands of an opening (and health restrictions of a candidate)
// sit at bits 16..20 of the requirement masks; any overlap is kHealthRestriction.
inline constexpr int kDemandShift = 16;
inline constexpr uint32_t kReasonBits = (uint32_t{1} << 16) - 1;

// Transit bits of an opening.
inline constexpr uint8_t kSiteHasTransit = 1;
inline constexpr uint8_t kSiteFullTransit = 2;
inline constexpr uint8_t kEarlyOrNight = 4;

constexpr uint8_t ModeBit(TransportMode m) { return uint8_t{1} << static_cast<int>(m); }

// ROME code packed as letter * 10000 + number, 0 for none or non-ROME.
inline uint32_t PackRome(std::string_view code) {
  if (!IsRomeCode(code)) return 0;
  return static_cast<uint32_t>(code[0]) * 10000 + (code[1] - '0') * 1000 +
         (code[2] - '0') * 100 + (code[3] - '0') * 10 + (code[4] - '0');
}

inline double PackedPrefixProximity(uint32_t a, uint32_t b) {
  if (a == 0 || b == 0) return 0.0;
  if (a == b) return kProximitySame;
  if (a / 100 == b / 100) return kProximitySameSubdomain;
  if (a / 10000 == b / 10000) return kProximitySameDomain;
  return 0.0;
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
  bool trains_skills = false;
  bool french_training = false;
  bool french_course = false;
  bool trial = false;
  bool short_commitment = false;  // 1 to 6 months
};

struct CandidateOccupation {
  int32_t row = -1;  // taxonomy id, -1: not listed (prefix rule on packed)
  uint32_t packed = 0;
  double weight = 1;
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
  double reach2_by_site[8] = {};
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
  double weights[6] = {};  // normalised, sum 1
  double detour = 1.3;
  double half_life = 30;
  HardConstraints constraints;
  int32_t max_pairs = 50;
  StringIndex skill_index;       // codes required or optional somewhere
  StringIndex occupation_index;  // distinct opening occupations -> column
  int32_t num_columns = 0;
  std::vector<uint32_t> column_packed;  // packed ROME code of each column
  std::vector<float> occ_table;  // taxonomy.size() x num_columns
  std::vector<Requirement> requirements;
};

struct Commute {
  double minutes = kInfinity;
  TransportMode mode = TransportMode::kWalk;
};

inline double SkillsScore(const Context& ctx, const OpeningData& o, const float* level);

// What CheckPair reads of an opening, 12 bytes, kept in a dense array by
// ScoreRequest. Switched-off constraints and absent values are folded into
// the keys so that each check is one comparison.
struct OpeningHot {
  uint32_t needs = 0;
  Date start_key = std::numeric_limits<Date>::max();  // effective start; max: none
  int8_t min_accepted_key = std::numeric_limits<int8_t>::min();  // min: no minimum
  uint8_t transit = 0;
};

inline OpeningHot MakeOpeningHot(const Context& ctx, const OpeningData& o) {
  OpeningHot h;
  h.needs = o.needs;
  if (ctx.constraints.availability && o.start != kNoDate) h.start_key = o.start;
  if (ctx.constraints.french_level && o.min_french > 0) h.min_accepted_key = o.min_accepted;
  h.transit = o.transit;
  return h;
}

// What the score bound of ScoreRequest's pass 1 (cheap components, skills
// when the candidate has none of the opening's skills) reads of an opening,
// kept in dense arrays. The cheap components are read from tables of
// weighted values (CheapTables, FillOccupationTable) indexed by these
// fields, so that the sum is CheapSum's, term by term.
struct OpeningWarm {
  double weighted_tension = 0;  // weights[4] * tension
  double skills_if_none = 0;    // SkillsScore for a candidate with none of its skills
  // Bit (skill id % 64) of each required and optional skill: a candidate
  // whose skills have none of these bits has none of the opening's skills,
  // and then the skills component is `skills_if_none`.
  uint64_t skill_mask = 0;
  uint32_t sector_bit = 0;
  uint32_t contract_bit = 0;
  int32_t occupation_slot = 0;  // see OccupationSlot
  uint8_t french_class = 0;     // see FrenchClass
  uint8_t transit = 0;
  uint8_t trial_short = 0;      // 1: trial, 2: short commitment
};

inline uint64_t SkillBit(int32_t skill) { return uint64_t{1} << (skill & 63); }

// Occupation slot: the column, or num_columns + column for French courses,
// or 2 * num_columns without an occupation.
inline int32_t OccupationSlot(const Context& ctx, int32_t column, bool french_course) {
  return column < 0 ? 2 * ctx.num_columns : (french_course ? ctx.num_columns : 0) + column;
}
// French class: minimum level (0 to 6), + 7 with French training, + 14 for
// French courses.
inline int FrenchClass(int min_french, bool french_training, bool french_course) {
  return min_french + (french_training ? 7 : 0) + (french_course ? 14 : 0);
}
inline constexpr int kFrenchClasses = 28;

// `zero_levels`: a level array of zeros (as many as skill ids).
inline OpeningWarm MakeOpeningWarm(const Context& ctx, const OpeningData& o,
                                   const float* zero_levels) {
  OpeningWarm w;
  w.weighted_tension = ctx.weights[4] * o.tension;
  w.skills_if_none = SkillsScore(ctx, o, zero_levels);
  for (int32_t i = o.req_begin; i < o.req_end; ++i) {
    w.skill_mask |= SkillBit(ctx.requirements[i].skill);
  }
  for (int32_t i = o.opt_begin; i < o.opt_end; ++i) {
    w.skill_mask |= SkillBit(ctx.requirements[i].skill);
  }
  w.sector_bit = o.sector_bit;
  w.contract_bit = o.contract_bit;
  w.occupation_slot = OccupationSlot(ctx, o.occ_column, o.french_course);
  w.french_class =
      static_cast<uint8_t>(FrenchClass(o.min_french, o.french_training, o.french_course));
  w.transit = o.transit;
  w.trial_short = static_cast<uint8_t>((o.trial ? 1 : 0) | (o.short_commitment ? 2 : 0));
  return w;
}

template <typename OpeningFields>
inline bool BothEndsFullTransit(const CandidateData& c, const OpeningFields& o) {
  return c.home_transit == TransitAccess::kFull && (o.transit & kSiteFullTransit);
}

// Public transport usable for this pair: served at both ends, and for early
// or night shifts only with full coverage at both ends.
template <typename OpeningFields>
inline bool TransitUsable(const CandidateData& c, const OpeningFields& o) {
  return c.home_transit != TransitAccess::kNone && (o.transit & kSiteHasTransit) &&
         (!(o.transit & kEarlyOrNight) || BothEndsFullTransit(c, o));
}

// Fastest allowed mode and its door-to-door minutes.
inline Commute BestCommute(const Context& ctx, const CandidateData& c, const OpeningData& o,
                           double chord2) {
  const double h = 60.0 * ChordToKm(chord2) * ctx.detour;  // road km * 60
  Commute best;
  // `minutes` is only computed for the candidate's modes.
  auto consider = [&](TransportMode m, auto minutes) {
    if (c.modes & ModeBit(m)) {
      const double value = minutes();
      if (value < best.minutes) {
        best.minutes = value;
        best.mode = m;
      }
    }
  };
  consider(TransportMode::kWalk, [&] { return h / kWalkKmh; });
  consider(TransportMode::kBicycle, [&] { return h / kBicycleKmh; });
  if (TransitUsable(c, o)) {
    consider(TransportMode::kPublicTransport, [&] {
      return h / (BothEndsFullTransit(c, o) ? kPublicTransportCityKmh : kPublicTransportDaytimeKmh);
    });
  }
  consider(TransportMode::kCar, [&] { return kCarOverheadMinutes + h / kCarKmh; });
  consider(TransportMode::kMoped, [&] { return h / kMopedKmh; });
  consider(TransportMode::kCarpool, [&] { return kCarpoolOverheadMinutes + h / kCarKmh; });
  return best;
}

// Every hard constraint of a pair, as Bit(ReasonCode) flags, branch-free.
// No transcendental function: reach is decided on squared chords against the
// candidate's reach for the site's transit class (the same inequality as
// minutes <= maximum).
inline uint32_t CheckPair(const CandidateData& c, const OpeningHot& o, double chord2,
                          bool* in_reach) {
  uint32_t v = c.blocked & o.needs;
  v = (v & kReasonBits) | (static_cast<uint32_t>((v >> kDemandShift) != 0)
                           << static_cast<int>(ReasonCode::kHealthRestriction));
  v |= static_cast<uint32_t>(c.french < o.min_accepted_key)
       << static_cast<int>(ReasonCode::kFrenchLevelTooLow);
  v |= static_cast<uint32_t>(c.available > o.start_key)
       << static_cast<int>(ReasonCode::kAvailableTooLate);
  const bool reach = chord2 <= c.reach2_by_site[o.transit];
  *in_reach = reach;
  const uint32_t out = static_cast<uint32_t>(!reach) & c.commute_checked;
  const uint32_t vehicle = out & c.car_would_help & static_cast<uint32_t>(chord2 <= c.reach2_car);
  v |= (vehicle << static_cast<int>(ReasonCode::kVehicleRequired)) |
       ((out & ~vehicle) << static_cast<int>(ReasonCode::kCommuteTooLong));
  return v;
}

// Skills component. `level` holds the candidate's levels by skill id.
inline double SkillsScore(const Context& ctx, const OpeningData& o, const float* level) {
  double opt = 0;
  for (int32_t i = o.opt_begin; i < o.opt_end; ++i) {
    const Requirement& q = ctx.requirements[i];
    opt += q.weight * level[q.skill];
  }
  if (o.req_begin == o.req_end) {
    // Nothing required says nothing about fit: neutral, not perfect, so an
    // opening that asks for nothing (an entry training, a French course)
    // never outranks one the candidate's skills really cover. Optional
    // skills still add their bonus.
    return kNeutralScore + kOptionalBonus * opt * (1.0 - kNeutralScore);
  }
  double r = 0;
  for (int32_t i = o.req_begin; i < o.req_end; ++i) {
    const Requirement& q = ctx.requirements[i];
    double l = level[q.skill];
    if (o.trains_skills) l += kTrainedGapCredit * (1.0 - l);
    r += q.weight * l;
  }
  return std::min(1.0, r + kOptionalBonus * opt * (1.0 - r));
}

// Commute component: halves every half-life.
inline double CommuteScore(const Context& ctx, double minutes) {
  return minutes == kInfinity ? 0.0 : std::exp2(-minutes / ctx.half_life);
}

// Occupation fit of the candidate for opening column `column` (packed ROME
// code `packed`), before the French-course floor: the best weighted
// proximity over the candidate's occupations.
inline double RawOccupationFit(const Context& ctx, const CandidateData& c, int32_t column,
                               uint32_t packed) {
  double fit = 0;
  for (const CandidateOccupation& k : c.occupations) {
    const double p = k.row >= 0
                         ? ctx.occ_table[static_cast<size_t>(k.row) * ctx.num_columns + column]
                         : PackedPrefixProximity(k.packed, packed);
    fit = std::max(fit, k.weight * p);
  }
  return fit;
}

// Occupation component from the raw fit: neutral without an occupation on
// either side, at least neutral for French courses.
inline double OccupationComponent(const CandidateData& c, int32_t column, bool french_course,
                                  double raw_fit) {
  if (column < 0 || c.occupations.empty()) return kNeutralScore;
  return french_course ? std::max(raw_fit, kNeutralScore) : raw_fit;
}

// Weighted sum of the cheap components, always in this order (see
// CombineScore).
inline double CheapSum(const Context& ctx, double occupation, double french, double tension,
                       double preferences) {
  return ctx.weights[1] * occupation + ctx.weights[2] * french + ctx.weights[4] * tension +
         ctx.weights[5] * preferences;
}

// French component.
inline double FrenchComponent(const CandidateData& c, int min_french, bool french_training,
                              bool french_course) {
  if (french_course) {
    // Courses serve those with the least French best.
    static constexpr double kCourseFit[] = {1.0, 0.9, 0.7, 0.4, 0.2, 0.1, 0.1};
    return kCourseFit[c.french];
  }
  if (c.french >= min_french) return 1.0;
  const double penalty = french_training ? kFrenchLevelPenaltyTrained : kFrenchLevelPenalty;
  return std::max(0.0, 1.0 - penalty * (min_french - c.french));
}

// Match of a preference: 0 no, 1 yes, 2 the opening says nothing.
inline int PreferenceMatch(uint32_t preferred, uint32_t bit) {
  return bit == 0 ? 2 : ((preferred & bit) != 0 ? 1 : 0);
}

// Preferences component: the mean over what the candidate expressed.
inline double PreferenceComponent(const CandidateData& c, int sector_match, int contract_match,
                                  bool trial, bool short_commitment) {
  static constexpr double kMatchCredit[] = {0.0, 1.0, 0.5};
  double pref_sum = 0;
  int pref_parts = 0;
  if (c.preferred_sectors != 0) {
    ++pref_parts;
    pref_sum += kMatchCredit[sector_match];
  }
  if (c.preferred_contracts != 0) {
    ++pref_parts;
    pref_sum += kMatchCredit[contract_match];
  }
  if (c.prefers_trials) {
    ++pref_parts;
    pref_sum += trial ? 1.0 : 0.5;
  }
  if (c.prefers_short) {
    ++pref_parts;
    pref_sum += short_commitment ? 1.0 : 0.5;
  }
  return pref_parts == 0 ? kNeutralScore : pref_sum / pref_parts;
}

// Occupation (given), French, tension and preference components (cheap:
// comparisons) into `components`, and their weighted sum.
inline double CheapPart(const Context& ctx, const CandidateData& c, const OpeningData& o,
                        double occupation, double components[6]) {
  const double french = FrenchComponent(c, o.min_french, o.french_training, o.french_course);
  const double preferences = PreferenceComponent(
      c, PreferenceMatch(c.preferred_sectors, o.sector_bit),
      PreferenceMatch(c.preferred_contracts, o.contract_bit), o.trial, o.short_commitment);
  components[1] = occupation;
  components[2] = french;
  components[4] = o.tension;
  components[5] = preferences;
  return CheapSum(ctx, occupation, french, o.tension, preferences);
}

// Tables of the weighted cheap components, so that ScoreRequest's pass 1
// sums, for any pair, exactly the terms CheapSum sums:
// cheap = ((occupation[slot] + french[class]) + weighted_tension) +
// preferences[sector_match * 12 + contract_match * 4 + trial_short].
// French and preference components depend on few things of a candidate
// (their level; which preferences they expressed): those tables are built
// once per request, the occupation one per candidate.
inline constexpr int kPreferenceClasses = 36;
struct CheapTables {
  double french[7][kFrenchClasses];                 // by candidate level
  double preferences[16][kPreferenceClasses];       // by PreferenceProfile
};

// Which preferences a candidate expressed, 4 bits.
inline int PreferenceProfile(const CandidateData& c) {
  return (c.preferred_sectors != 0 ? 1 : 0) | (c.preferred_contracts != 0 ? 2 : 0) |
         (c.prefers_trials ? 4 : 0) | (c.prefers_short ? 8 : 0);
}

inline void FillCheapTables(const Context& ctx, CheapTables* t) {
  CandidateData probe;
  for (int level = 0; level < 7; ++level) {
    probe.french = static_cast<int8_t>(level);
    for (int course = 0; course < 2; ++course) {
      for (int training = 0; training < 2; ++training) {
        for (int min_level = 0; min_level < 7; ++min_level) {
          t->french[level][FrenchClass(min_level, training, course)] =
              ctx.weights[2] * FrenchComponent(probe, min_level, training, course);
        }
      }
    }
  }
  for (int profile = 0; profile < 16; ++profile) {
    probe.preferred_sectors = profile & 1;
    probe.preferred_contracts = (profile >> 1) & 1;
    probe.prefers_trials = (profile & 4) != 0;
    probe.prefers_short = (profile & 8) != 0;
    for (int sector = 0; sector < 3; ++sector) {
      for (int contract = 0; contract < 3; ++contract) {
        for (int trial_short = 0; trial_short < 4; ++trial_short) {
          t->preferences[profile][sector * 12 + contract * 4 + trial_short] =
              ctx.weights[5] * PreferenceComponent(probe, sector, contract, trial_short & 1,
                                                   (trial_short & 2) != 0);
        }
      }
    }
  }
}

// weights[1] * occupation component by OccupationSlot. `raw_fit[col]`:
// RawOccupationFit of each column.
inline void FillOccupationTable(const Context& ctx, const CandidateData& c, const double* raw_fit,
                                std::vector<double>* table) {
  const int32_t columns = ctx.num_columns;
  table->resize(2 * static_cast<size_t>(columns) + 1);
  double* t = table->data();
  for (int32_t col = 0; col < columns; ++col) {
    t[col] = ctx.weights[1] * OccupationComponent(c, col, false, raw_fit[col]);
    t[columns + col] = ctx.weights[1] * OccupationComponent(c, col, true, raw_fit[col]);
  }
  t[2 * columns] = ctx.weights[1] * OccupationComponent(c, -1, false, 0.0);
}

// The score, always summed in this order, so that replacing `skills` or
// `commute` by 1 bounds it from above after rounding too (rounding is
// monotone): ScoreRequest prunes with such bounds.
inline double CombineScore(const Context& ctx, double cheap, double skills, double commute) {
  return cheap + ctx.weights[0] * skills + ctx.weights[3] * commute;
}

// ---- Commute bound (ScoreRequest) ------------------------------------------
// An upper bound of CommuteScore from the squared chord alone, with no
// transcendental function per pair: road km >= Earth radius * chord (an arc
// is longer than its chord), so minutes >= overhead + chord * coefficient for
// each allowed mode; the bound is exp2(-minutes / half-life) read from a
// table at the quarter minute below.
inline constexpr int kCommuteBoundSteps = 1024;
inline constexpr double kCommuteBoundStepsPerMinute = 4.0;
// "No such mode": a finite coefficient (0 * infinity would be NaN).
inline constexpr double kNoMode = 1e300;

// exp2(-minutes / half-life) at every quarter minute, a hair above (so that
// it bounds libm's exp2 of any larger minutes whatever its rounding).
inline std::vector<double> CommuteBoundTable(const Context& ctx) {
  std::vector<double> table(kCommuteBoundSteps);
  for (int i = 0; i < kCommuteBoundSteps; ++i) {
    table[i] = std::exp2(-(i / kCommuteBoundStepsPerMinute) / ctx.half_life) * (1 + 1e-9);
  }
  return table;
}

// Minutes per unit of chord (unit sphere) of a candidate's fastest mode
// without overhead for each transit class of a site, and of a car (with
// kCarOverheadMinutes) and a lift (kCarpoolOverheadMinutes), kNoMode when not
// allowed.
struct CommuteBoundCoefficients {
  double plain[8];
  double car;
  double carpool;
};

inline CommuteBoundCoefficients MakeCommuteBound(const Context& ctx, const CandidateData& c) {
  const double per_kmh = 60.0 * kEarthRadiusKm * ctx.detour;  // minutes * km/h per chord unit
  CommuteBoundCoefficients b;
  for (uint8_t site = 0; site < 8; ++site) {
    double kmh = 0;
    if (c.modes & ModeBit(TransportMode::kWalk)) kmh = std::max(kmh, kWalkKmh);
    if (c.modes & ModeBit(TransportMode::kBicycle)) kmh = std::max(kmh, kBicycleKmh);
    if (c.modes & ModeBit(TransportMode::kMoped)) kmh = std::max(kmh, kMopedKmh);
    OpeningData probe;
    probe.transit = site;
    if ((c.modes & ModeBit(TransportMode::kPublicTransport)) && TransitUsable(c, probe)) {
      kmh = std::max(kmh, BothEndsFullTransit(c, probe) ? kPublicTransportCityKmh
                                                        : kPublicTransportDaytimeKmh);
    }
    b.plain[site] = kmh > 0 ? per_kmh / kmh : kNoMode;
  }
  b.car = (c.modes & ModeBit(TransportMode::kCar)) ? per_kmh / kCarKmh : kNoMode;
  b.carpool = (c.modes & ModeBit(TransportMode::kCarpool)) ? per_kmh / kCarKmh : kNoMode;
  return b;
}

// >= CommuteScore(ctx, BestCommute(ctx, c, o, chord2).minutes) for any
// opening of transit class `site`.
inline double CommuteBound(const CommuteBoundCoefficients& b, const double* table, uint8_t site,
                           double chord2) {
  const double chord = std::sqrt(chord2);
  const double minutes =
      std::min(std::min(chord * b.plain[site], kCarOverheadMinutes + chord * b.car),
               kCarpoolOverheadMinutes + chord * b.carpool);
  // A relative hair below, for the rounding of this product against asin.
  // (Pass1Avx2 in scoring.cc computes the same, 4 at a time.)
  double step = minutes * (1 - 1e-9) * kCommuteBoundStepsPerMinute;
  if (!(step < kCommuteBoundSteps - 1)) step = kCommuteBoundSteps - 1;
  return table[static_cast<int>(step)];
}

struct PairOutcome {
  uint32_t violations = 0;  // Bit(ReasonCode)
  bool in_reach = false;    // reachable by the candidate's own modes in time
  double minutes = kInfinity;
  TransportMode mode = TransportMode::kWalk;
  double components[6] = {};  // skills, occupation, french, commute, tension, preferences
  double score = 0;
};

// Everything about one pair (EvaluatePair).
inline void EvaluateFully(const Context& ctx, const CandidateData& c, const OpeningData& o,
                          double chord2, const float* level, PairOutcome* out) {
  out->violations = CheckPair(c, MakeOpeningHot(ctx, o), chord2, &out->in_reach);
  const Commute commute = BestCommute(ctx, c, o, chord2);
  out->minutes = commute.minutes;
  out->mode = commute.mode;
  const double raw_fit =
      o.occ_column >= 0 ? RawOccupationFit(ctx, c, o.occ_column, o.packed_code) : 0.0;
  const double cheap = CheapPart(
      ctx, c, o, OccupationComponent(c, o.occ_column, o.french_course, raw_fit), out->components);
  out->components[0] = SkillsScore(ctx, o, level);
  out->components[3] = CommuteScore(ctx, commute.minutes);
  out->score = CombineScore(ctx, cheap, out->components[0], out->components[3]);
}

// ScoreRequest's pass 1 has a portable version, an AVX2 one and an AVX-512
// one (each used when the processor has it), computing the same.
// SetSimdLevel caps the version used (tests compare all three);
// SetSimdAllowed(false) is kPortable, true kAvx512. Not for use while
// ScoreRequest runs.
enum class SimdLevel { kPortable = 0, kAvx2 = 1, kAvx512 = 2 };
void SetSimdLevel(SimdLevel level);
void SetSimdAllowed(bool allowed);

// ScoreRequest writes each row straight into the matrix, in a slot of
// max_pairs_per_candidate pairs per candidate that it then compacts, when
// those slots take at most this many bytes of address space (default 16 GiB;
// only the pages rows are written to are ever touched); beyond, or if the
// slots cannot be reserved, rows wait in per-thread arenas and are copied
// once all are scored. Tests set it to 0 to compare both ways. Not for use
// while ScoreRequest runs.
void SetDirectRowsLimit(int64_t bytes);

// Preparation (scoring.cc).

// Validates the policy and fills the context's policy-derived fields.
void PreparePolicy(const MatchRequest& request, const Taxonomy& taxonomy, Context* ctx,
                   std::vector<std::string>* problems);
// Adds opening `j`'s skill codes to the skill index and its occupation to the
// column index (columns get their table entries in FinishOccupationTable).
void IndexOpening(const Opening& opening, Context* ctx);
void FinishOccupationTable(Context* ctx);
// Validates and flattens opening `j` into `out`; requirements are appended to
// ctx->requirements.
void PrepareOpening(const MatchRequest& request, OpeningIndex j, Context* ctx, OpeningData* out,
                    std::vector<std::string>* problems);
// Validates and flattens candidate `i`. Thread-safe on a const context.
// Returns false when the candidate has problems.
bool PrepareCandidate(const Context& ctx, CandidateIndex i, CandidateData* out,
                      std::vector<std::string>* problems);

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_KERNEL_H_
