// Private to src/scoring: the score formulas, in one place. Each of the six
// components of a pair (skills, occupation fit, French, commute, tension,
// preferences) and the weighted score are computed here, on the prepared
// form (prepared.h), for `EvaluatePair`, for `ScoreRequest`'s exact scores,
// and for the tables its score bounds read (score_bound.h), so that all of
// them compute the same numbers. docs/scoring.md states the formulas.
#ifndef PASSERELLE_SRC_SCORING_COMPONENTS_H_
#define PASSERELLE_SRC_SCORING_COMPONENTS_H_

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "passerelle/scoring.h"
#include "passerelle/taxonomy.h"
#include "prepared.h"
#include "unit_sphere.h"

namespace passerelle::scoring_internal {

// ---- Commute -------------------------------------------------------------

struct Commute {
  double minutes = kInfinity;
  TransportMode mode = TransportMode::kWalk;
};

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

// The squared chord a pair is scored and checked on: the true one, or the
// town floor when both ends are town-level and closer than it. `transit` is
// the site's class (OpeningData::transit).
inline double FlooredChord2(const CandidateData& c, uint8_t transit, double chord2) {
  return std::max(chord2, c.floor2_by_site[transit]);
}

// Fastest allowed mode and its door-to-door minutes (access, then travel),
// for a floored chord (FlooredChord2).
inline Commute BestCommute(const Context& ctx, const CandidateData& c, const OpeningData& o,
                           double chord2) {
  const double road_km = ChordToKm(chord2) * ctx.detour;
  const double h = 60.0 * road_km;  // road km * 60
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
  consider(TransportMode::kBicycle, [&] { return kBicycleAccessMinutes + h / kBicycleKmh; });
  if (TransitUsable(c, o)) {
    consider(TransportMode::kPublicTransport, [&] {
      return kPublicTransportAccessMinutes +
             h / (BothEndsFullTransit(c, o) ? kPublicTransportCityKmh : kPublicTransportDaytimeKmh);
    });
  }
  consider(TransportMode::kCar, [&] { return kCarAccessMinutes + CarDrivingMinutes(road_km); });
  consider(TransportMode::kMoped, [&] { return kMopedAccessMinutes + h / kMopedKmh; });
  consider(TransportMode::kCarpool,
           [&] { return kCarpoolAccessMinutes + CarDrivingMinutes(road_km); });
  return best;
}

// Commute component: halves every half-life.
inline double CommuteScore(const Context& ctx, double minutes) {
  return minutes == kInfinity ? 0.0 : std::exp2(-minutes / ctx.half_life);
}

// ---- Skills --------------------------------------------------------------

// Skills component. `level` holds the candidate's levels by skill id;
// `practised`: the candidate's past occupations include the opening's (see
// Practised), which for a training or apprenticeship means they already hold
// what it teaches, whatever skills were recorded.
inline double SkillsScore(const Context& ctx, const OpeningData& o, const float* level,
                          bool practised = false) {
  double opt = 0;
  for (int32_t i = o.opt_begin; i < o.opt_end; ++i) {
    const Requirement& q = ctx.requirements[i];
    opt += q.weight * level[q.skill];
  }
  if (o.teaches && practised) return std::min(1.0, kOptionalBonus * opt);
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
  // A training or apprenticeship is worth what it teaches: its required
  // skills are those it teaches, so the fit is the share the candidate still
  // lacks (a novice 1, someone who already holds them all 0). Optional
  // skills stay a bonus (prerequisites that help).
  if (o.teaches) r = std::max(0.0, 1.0 - r);
  return std::min(1.0, r + kOptionalBonus * opt * (1.0 - r));
}

// ---- Occupation fit ------------------------------------------------------

// The taxonomy's prefix rule on packed ROME codes (PackRome), for candidate
// occupations the taxonomy does not list.
inline double PackedPrefixProximity(uint32_t a, uint32_t b) {
  if (a == 0 || b == 0) return 0.0;
  if (a == b) return kProximitySame;
  if (a / 100 == b / 100) return kProximitySameSubdomain;
  if (a / 10000 == b / 10000) return kProximitySameDomain;
  return 0.0;
}

// Taxonomy proximity of one of the candidate's occupations to the
// occupation of column `column` (packed ROME code `packed`): from the table,
// or by the prefix rule for an occupation the taxonomy does not list.
inline double Proximity(const Context& ctx, const CandidateOccupation& k, int32_t column, uint32_t packed) {
  return k.row >= 0 ? ctx.occ_table[static_cast<size_t>(k.row) * ctx.num_columns + column]
                    : PackedPrefixProximity(k.packed, packed);
}

// What the candidate's occupations say of the occupation of column `column`
// (packed ROME code `packed`), in one pass over them:
struct ColumnFit {
  // the occupation fit before the French-course floor: the best proximity
  // weighted by target (1) or past (kPastOccupationDiscount);
  double fit = 0;
  // the proximity to the project, for its rule: the best proximity,
  // undiscounted (a past trade is part of the project);
  double project = 0;
  // one of the past occupations is that very occupation (for a training:
  // the candidate holds what it teaches).
  bool practised = false;
};

inline ColumnFit FitColumn(const Context& ctx, const CandidateData& c, int32_t column,
                                       uint32_t packed) {
  ColumnFit m;
  for (const CandidateOccupation& k : c.occupations) {
    const double p = Proximity(ctx, k, column, packed);
    m.fit = std::max(m.fit, k.weight * p);
    m.project = std::max(m.project, p);
    m.practised |= k.past && p >= kProximitySame;
  }
  return m;
}

// The project rule (HardConstraints::project) for a pair, given the
// opening's `ColumnFit::project`: true when the pair breaks it.
inline bool OutOfProject(const Context& ctx, const CandidateData& c, const OpeningData& o,
                         double proximity) {
  return !c.project_exempt && !o.outside_project_rule &&
         static_cast<float>(proximity) < ctx.project_min_proximity;
}

// Occupation component from the raw fit: neutral without an occupation on
// either side, at least neutral for French courses.
inline double OccupationComponent(const CandidateData& c, int32_t column, bool french_course,
                                  double raw_fit) {
  if (column < 0 || c.occupations.empty()) return kNeutralScore;
  return french_course ? std::max(raw_fit, kNeutralScore) : raw_fit;
}

// ---- French and preferences ----------------------------------------------

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

// ---- The score -----------------------------------------------------------

// Weighted sum of the cheap components, always in this order (see
// CombineScore).
// `model_offset` joins the tension term, as in OpeningWarm::weighted_tension
// (0 without a model, where adding it changes no bit).
inline double CheapSum(const Context& ctx, double occupation, double french, double tension,
                       double preferences) {
  return ctx.weights[1] * occupation + ctx.weights[2] * french +
         (ctx.weights[4] * tension + ctx.model_offset) + ctx.weights[5] * preferences;
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

// The score, always summed in this order, so that replacing `skills` or
// `commute` by 1 bounds it from above after rounding too (rounding is
// monotone): ScoreRequest prunes with such bounds.
inline double CombineScore(const Context& ctx, double cheap, double skills, double commute) {
  return cheap + ctx.weights[0] * skills + ctx.weights[3] * commute;
}

// The score a pair is given from its `CombineScore`: itself without a score
// model; with one, the model's probability of a lasting job (see
// Context::model), increasing in `combined`.
inline double ModelScore(const Context& ctx, double combined) {
  if (!ctx.model) return combined;
  const double eta = ctx.model_intercept + ctx.model_scale * (combined - ctx.model_offset);
  return 1.0 / (1.0 + std::exp(-eta));
}

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_COMPONENTS_H_
