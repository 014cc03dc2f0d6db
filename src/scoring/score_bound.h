// Private to src/scoring: upper bounds of a pair's score that `ScoreRequest`'s
// pass 1 computes for every feasible pair, cheaply, so that pass 2 scores
// exactly only the pairs that can still enter a candidate's best ones. The
// cheap components are exact, read from tables of weighted values filled with
// the formulas of components.h; skills are exact when the candidate has none
// of the opening's skills; the commute is bounded from the chord. Each bound
// is summed in the order of `CombineScore`, so it holds after rounding.
#ifndef PASSERELLE_SRC_SCORING_SCORE_BOUND_H_
#define PASSERELLE_SRC_SCORING_SCORE_BOUND_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "components.h"
#include "passerelle/scoring.h"
#include "prepared.h"
#include "unit_sphere.h"

namespace passerelle::scoring_internal {

// ---- Cheap components and skills -----------------------------------------

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
inline constexpr int kFrenchTableWidth = 32;
static_assert(kFrenchTableWidth >= kFrenchClasses);

// `zero_levels`: a level array of zeros (as many as skill ids).
inline OpeningWarm MakeOpeningWarm(const Context& ctx, const OpeningData& o,
                                   const float* zero_levels) {
  OpeningWarm w;
  w.weighted_tension = ctx.weights[4] * o.tension + ctx.model_offset;
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

// Tables of the weighted cheap components, so that ScoreRequest's pass 1
// sums, for any pair, exactly the terms CheapSum sums:
// cheap = ((occupation[slot] + french[class]) + weighted_tension) +
// preferences[sector_match * 12 + contract_match * 4 + trial_short].
// French and preference components depend on few things of a candidate
// (their level; which preferences they expressed): those tables are built
// once per request, the occupation one per candidate.
inline constexpr int kPreferenceClasses = 36;
struct CheapTables {
  // by candidate level; rows padded to 32 (0), which pass 1's AVX-512
  // version reads as four registers
  double french[7][kFrenchTableWidth] = {};
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
// ColumnFit::fit of each column.
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

// ---- Commute bound ---------------------------------------------------------
// An upper bound of CommuteScore from the squared chord alone, with no
// transcendental function per pair: road km >= Earth radius * chord (an arc
// is longer than its chord) and every mode's minutes grow with road km, so
// minutes >= access + travel(Earth radius * chord * detour) for each allowed
// mode; the bound is exp2(-minutes / half-life) read from a table at the
// quarter minute below. Travel by car is concave and piecewise linear in
// road km, hence the minimum of its three lines.
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

// For each transit class of a site: minutes per unit of chord (unit sphere)
// of the candidate's fastest mode other than a car or a lift, and the least
// access time of those modes (kNoMode, 0 when none is allowed); then the
// three lines of a car or a lift, whichever has the shorter access
// (intercepts kNoMode when neither is allowed).
struct CommuteBoundCoefficients {
  double plain[kSiteClasses];
  double plain_access[kSiteClasses];
  double car_intercept[3];
  double car_slope[3];
};

inline CommuteBoundCoefficients MakeCommuteBound(const Context& ctx, const CandidateData& c) {
  const double per_kmh = 60.0 * kEarthRadiusKm * ctx.detour;  // minutes * km/h per chord unit
  CommuteBoundCoefficients b;
  for (uint8_t site = 0; site < kSiteClasses; ++site) {
    double kmh = 0, access = kNoMode;
    auto allow = [&](TransportMode m, double speed) {
      kmh = std::max(kmh, speed);
      access = std::min(access, AccessMinutes(m));
    };
    if (c.modes & ModeBit(TransportMode::kWalk)) allow(TransportMode::kWalk, kWalkKmh);
    if (c.modes & ModeBit(TransportMode::kBicycle)) allow(TransportMode::kBicycle, kBicycleKmh);
    if (c.modes & ModeBit(TransportMode::kMoped)) allow(TransportMode::kMoped, kMopedKmh);
    OpeningData probe;
    probe.transit = site;
    if ((c.modes & ModeBit(TransportMode::kPublicTransport)) && TransitUsable(c, probe)) {
      allow(TransportMode::kPublicTransport, BothEndsFullTransit(c, probe)
                                                 ? kPublicTransportCityKmh
                                                 : kPublicTransportDaytimeKmh);
    }
    b.plain[site] = kmh > 0 ? per_kmh / kmh : kNoMode;
    b.plain_access[site] = kmh > 0 ? access : 0.0;
  }
  double drive_access = kNoMode;
  if (c.modes & ModeBit(TransportMode::kCar)) drive_access = kCarAccessMinutes;
  if (c.modes & ModeBit(TransportMode::kCarpool)) {
    drive_access = std::min(drive_access, kCarpoolAccessMinutes);
  }
  // CarDrivingMinutes(road) = min over its pieces' lines (concave), each line
  // t0 + 60 * (road - r0) / kmh through the start (r0, t0) of its piece.
  const double r0[3] = {0.0, kCarTownKm, kCarRoadKm};
  const double kmh[3] = {kCarTownKmh, kCarRoadKmh, kCarFastKmh};
  for (int i = 0; i < 3; ++i) {
    const double t0 = CarDrivingMinutes(r0[i]);
    b.car_slope[i] = per_kmh / kmh[i];
    b.car_intercept[i] = drive_access == kNoMode
                             ? kNoMode
                             : drive_access + (t0 - 60.0 * r0[i] / kmh[i]);
  }
  return b;
}

// >= CommuteScore(ctx, BestCommute(ctx, c, o, chord2).minutes) for any
// opening of transit class `site`.
inline double CommuteBound(const CommuteBoundCoefficients& b, const double* table, uint8_t site,
                           double chord2) {
  const double chord = std::sqrt(chord2);
  const double minutes = std::min(
      std::min(std::min(b.plain_access[site] + chord * b.plain[site],
                        b.car_intercept[0] + chord * b.car_slope[0]),
               b.car_intercept[1] + chord * b.car_slope[1]),
      b.car_intercept[2] + chord * b.car_slope[2]);
  // A relative hair below, for the rounding of this product against asin.
  // (pass1_avx2.cc and pass1_avx512.cc compute the same, 4 and 8 at a time.)
  double step = minutes * (1 - 1e-9) * kCommuteBoundStepsPerMinute;
  if (!(step < kCommuteBoundSteps - 1)) step = kCommuteBoundSteps - 1;
  return table[static_cast<int>(step)];
}

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_SCORE_BOUND_H_
