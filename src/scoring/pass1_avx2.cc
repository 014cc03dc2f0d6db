// Pass 1's AVX2 version (pass1.h): 4 openings at a time, constraint checks
// and bounds in vector registers, the feasible ones packed to the front of
// `Found` with permutation tables. Compiled with -mavx2 -mpopcnt and no FMA
// (src/scoring/CMakeLists.txt); called only on processors that have them
// (ChoosePass1Kernel). Why it calls nothing but intrinsics and the helpers
// of pass1_block.h: see there.
#include "pass1.h"

#if PASSERELLE_SCORING_X86
#if !defined(__AVX2__) || !defined(__POPCNT__)
#error "pass1_avx2.cc needs -mavx2 -mpopcnt (src/scoring/CMakeLists.txt)"
#endif

#include <immintrin.h>

#include <cstdint>

#include "pass1_block.h"

namespace passerelle::scoring_internal {
namespace {

// For a 4-bit lane mask, the lanes set, in order, then the others: as 32-bit
// lane indices (pack32) and as pairs of 32-bit halves of 64-bit lanes
// (pack64).
struct PackTables {
  alignas(16) int32_t pack32[16][4];
  alignas(32) int32_t pack64[16][8];
};
constexpr PackTables MakePackTables() {
  PackTables t{};
  for (int mask = 0; mask < 16; ++mask) {
    int at = 0;
    for (int pass = 0; pass < 2; ++pass) {
      for (int lane = 0; lane < 4; ++lane) {
        if (((mask >> lane) & 1) == (pass == 0 ? 1 : 0)) {
          t.pack32[mask][at] = lane;
          t.pack64[mask][2 * at] = 2 * lane;
          t.pack64[mask][2 * at + 1] = 2 * lane + 1;
          ++at;
        }
      }
    }
  }
  return t;
}
alignas(32) constexpr PackTables kPackTables = MakePackTables();

inline __m256d Permute64(__m256d x, __m256i halves) {
  return _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(x), halves));
}

// 64-bit lane masks to 32-bit lane masks.
inline __m128i Narrow(__m256d m) {
  const __m128 lo = _mm256_castps256_ps128(_mm256_castpd_ps(m));
  const __m128 hi = _mm256_extractf128_ps(_mm256_castpd_ps(m), 1);
  return _mm_castps_si128(_mm_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0)));
}

inline __m128i Load4(const int32_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
inline __m128i Load4(const uint32_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// table[index[j]] for the 4 lanes: 4 loads (faster here than the gather
// instruction, measured).
inline __m256d Gather4(const double* table, __m128i index) {
  alignas(16) int32_t i[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(i), index);
  return _mm256_set_pd(table[i[3]], table[i[2]], table[i[1]], table[i[0]]);
}

// The same for a table of int32.
inline __m128i Gather4(const int32_t* table, __m128i index) {
  alignas(16) int32_t i[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(i), index);
  return _mm_setr_epi32(table[i[0]], table[i[1]], table[i[2]], table[i[3]]);
}

// PreferenceMatch on 4 lanes.
inline __m128i PreferenceMatch4(__m128i preferred, __m128i bit) {
  const __m128i zero = _mm_setzero_si128();
  const __m128i none = _mm_cmpeq_epi32(bit, zero);
  const __m128i miss = _mm_cmpeq_epi32(_mm_and_si128(bit, preferred), zero);
  const __m128i match = _mm_andnot_si128(miss, _mm_set1_epi32(1));
  return _mm_blendv_epi8(match, _mm_set1_epi32(2), none);
}

}  // namespace

void Pass1Avx2(const Pass1Layout o, const BoundLayout w, const Pass1Candidate& pc,
               const BoundCandidate& bc, const int32_t* blocks, int32_t num_blocks,
               const Found found, Pass1Result* result) {
  const __m256d hx = _mm256_set1_pd(pc.x), hy = _mm256_set1_pd(pc.y), hz = _mm256_set1_pd(pc.z);
  const __m256d search = _mm256_set1_pd(pc.search_chord2);
  const __m256d band_from = _mm256_set1_pd(pc.band_from);
  const __m256d car = _mm256_set1_pd(pc.reach2_car);
  const __m128i blocked = _mm_set1_epi32(static_cast<int32_t>(pc.blocked));
  const __m128i french = _mm_set1_epi32(pc.french);
  const __m128i available = _mm_set1_epi32(pc.available);
  const __m128i commute_checked = _mm_set1_epi32(pc.commute_checked ? -1 : 0);
  const __m128i car_would_help = _mm_set1_epi32(pc.car_would_help ? -1 : 0);
  const __m128i low16 = _mm_set1_epi32(0xffff);
  const __m128i zero = _mm_setzero_si128();
  const __m128i health_bit = _mm_set1_epi32(kHealthRestrictionBit);
  const __m128i french_bit = _mm_set1_epi32(kFrenchLevelTooLowBit);
  const __m128i available_bit = _mm_set1_epi32(kAvailableTooLateBit);
  const __m128i vehicle_bit = _mm_set1_epi32(kVehicleRequiredBit);
  const __m128i commute_bit = _mm_set1_epi32(kCommuteTooLongBit);
  const __m128i reason_mask = _mm_set1_epi32(static_cast<int32_t>(kLaneReasonMask));
  const __m128i project_bit = _mm_set1_epi32(kRuleProject);
  const __m128i teaching_bit = _mm_set1_epi32(kRuleTeaching);
  // Bound.
  const __m128i preferred_sectors = _mm_set1_epi32(static_cast<int32_t>(bc.preferred_sectors));
  const __m128i preferred_contracts =
      _mm_set1_epi32(static_cast<int32_t>(bc.preferred_contracts));
  const __m256i skill_mask = _mm256_set1_epi64x(static_cast<int64_t>(bc.skill_mask));
  const __m256d skills_weight = _mm256_set1_pd(bc.skills_weight);
  const __m256d commute_weight = _mm256_set1_pd(bc.commute_weight);
  const __m256d car_intercept0 = _mm256_set1_pd(bc.commute->car_intercept[0]);
  const __m256d car_intercept1 = _mm256_set1_pd(bc.commute->car_intercept[1]);
  const __m256d car_intercept2 = _mm256_set1_pd(bc.commute->car_intercept[2]);
  const __m256d car_slope0 = _mm256_set1_pd(bc.commute->car_slope[0]);
  const __m256d car_slope1 = _mm256_set1_pd(bc.commute->car_slope[1]);
  const __m256d car_slope2 = _mm256_set1_pd(bc.commute->car_slope[2]);
  const __m256d hair_below = _mm256_set1_pd(1 - 1e-9);
  const __m256d steps_per_minute = _mm256_set1_pd(kCommuteBoundStepsPerMinute);
  const __m256d last_step = _mm256_set1_pd(kCommuteBoundSteps - 1);
  const __m128i lane_index = _mm_setr_epi32(0, 1, 2, 3);
  // Whole blocks: the padding (NaN positions) is never inside a circle.
  auto examine = [&](int32_t begin, int32_t, Pass1Counts& counts) {
    int32_t band = 0;
    for (int32_t k = begin; k < begin + kBlock; k += 4) {
      const __m256d dx = _mm256_sub_pd(hx, _mm256_loadu_pd(o.x + k));
      const __m256d dy = _mm256_sub_pd(hy, _mm256_loadu_pd(o.y + k));
      const __m256d dz = _mm256_sub_pd(hz, _mm256_loadu_pd(o.z + k));
      const __m256d true_chord2 = _mm256_add_pd(
          _mm256_add_pd(_mm256_mul_pd(dx, dx), _mm256_mul_pd(dy, dy)), _mm256_mul_pd(dz, dz));
      const __m256d in_circle = _mm256_cmp_pd(true_chord2, search, _CMP_LE_OQ);
      const __m256d checked =
          _mm256_and_pd(in_circle, _mm256_cmp_pd(true_chord2, band_from, _CMP_LE_OQ));
      const int checked_mask = _mm256_movemask_pd(checked);
      if (checked_mask == 0) {  // beyond the circle, or in the car-only band
        const int in_band = _mm_popcnt_u32(static_cast<uint32_t>(_mm256_movemask_pd(in_circle)));
        counts.examined += in_band;
        band += in_band;
        continue;
      }
      const __m128i transit = Load4(o.transit + k);
      // FlooredChord2 (max returns its second operand, NaN padding, on NaN).
      const __m256d chord2 =
          pc.floored ? _mm256_max_pd(Gather4(pc.floor2_by_site, transit), true_chord2)
                     : true_chord2;
      const __m256d reach = _mm256_cmp_pd(chord2, Gather4(pc.reach2_by_site, transit), _CMP_LE_OQ);
      const __m256d by_car = _mm256_cmp_pd(chord2, car, _CMP_LE_OQ);
      const int in_mask = _mm256_movemask_pd(in_circle);
      counts.examined += _mm_popcnt_u32(static_cast<uint32_t>(in_mask));
      band += _mm_popcnt_u32(static_cast<uint32_t>(in_mask & ~checked_mask));
      counts.reach_bits |= static_cast<uint32_t>(_mm256_movemask_pd(_mm256_and_pd(reach, checked)));
      const __m128i checked32 = Narrow(checked);
      const __m128i reach32 = Narrow(reach);
      const __m128i car32 = Narrow(by_car);
      // CheckPair.
      const __m128i needs = _mm_and_si128(blocked, Load4(o.needs + k));
      __m128i v = _mm_and_si128(needs, low16);
      v = _mm_or_si128(
          v, _mm_andnot_si128(_mm_cmpeq_epi32(_mm_srli_epi32(needs, 16), zero), health_bit));
      v = _mm_or_si128(
          v, _mm_and_si128(_mm_cmpgt_epi32(Load4(o.min_accepted_key + k), french), french_bit));
      v = _mm_or_si128(
          v, _mm_and_si128(_mm_cmpgt_epi32(available, Load4(o.start_key + k)), available_bit));
      const __m128i out = _mm_andnot_si128(reach32, commute_checked);
      const __m128i vehicle = _mm_and_si128(_mm_and_si128(out, car_would_help), car32);
      v = _mm_or_si128(v, _mm_and_si128(vehicle, vehicle_bit));
      v = _mm_or_si128(v, _mm_and_si128(_mm_andnot_si128(vehicle, out), commute_bit));
      v = _mm_and_si128(_mm_and_si128(v, checked32), reason_mask);
      alignas(16) uint32_t vs[4];
      _mm_store_si128(reinterpret_cast<__m128i*>(vs), v);
      counts.lanes += kReasonLanes.lanes[vs[0]] + kReasonLanes.lanes[vs[1]] +
                      kReasonLanes.lanes[vs[2]] + kReasonLanes.lanes[vs[3]];
      int feasible_mask =
          checked_mask & _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v, zero)));
      if (feasible_mask == 0) continue;
      // The rules on the candidate's occupations (RuleKey).
      const __m128i rule = Load4(w.rule + k);
      const __m128i rule_bits =
          _mm_and_si128(Gather4(bc.rules, _mm_srli_epi32(rule, kRuleColumnShift)), rule);
      const int outside = feasible_mask & _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(
                                              _mm_and_si128(rule_bits, project_bit), project_bit)));
      counts.out_of_project += _mm_popcnt_u32(static_cast<uint32_t>(outside));
      feasible_mask &= ~outside;
      if (feasible_mask == 0) continue;
      const __m256d taught_and_practised = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(
          _mm_cmpeq_epi32(_mm_and_si128(rule_bits, teaching_bit), teaching_bit)));
      // The bound of the 4 (used for the feasible ones only).
      const __m128i pref = _mm_add_epi32(
          _mm_add_epi32(
              _mm_mullo_epi32(PreferenceMatch4(preferred_sectors, Load4(w.sector_bit + k)),
                              _mm_set1_epi32(12)),
              _mm_slli_epi32(PreferenceMatch4(preferred_contracts, Load4(w.contract_bit + k)),
                             2)),
          Load4(w.trial_short + k));
      const __m256d cheap = _mm256_add_pd(
          _mm256_add_pd(_mm256_add_pd(Gather4(bc.occupation, Load4(w.occupation_slot + k)),
                                      Gather4(bc.french, Load4(w.french_class + k))),
                        _mm256_loadu_pd(w.weighted_tension + k)),
          Gather4(bc.preferences, pref));
      const __m256d no_overlap = _mm256_castsi256_pd(_mm256_cmpeq_epi64(
          _mm256_and_si256(
              _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w.skill_mask + k)),
              skill_mask),
          _mm256_setzero_si256()));
      const __m256d skills = _mm256_andnot_pd(
          taught_and_practised, _mm256_and_pd(_mm256_loadu_pd(w.skills_if_none + k), no_overlap));
      const int overlap_mask = feasible_mask & ~_mm256_movemask_pd(no_overlap);
      // CommuteBound.
      const __m256d chord = _mm256_sqrt_pd(chord2);
      const __m256d minutes = _mm256_min_pd(
          _mm256_min_pd(
              _mm256_min_pd(_mm256_add_pd(Gather4(bc.commute->plain_access, transit),
                                          _mm256_mul_pd(chord, Gather4(bc.commute->plain, transit))),
                            _mm256_add_pd(car_intercept0, _mm256_mul_pd(chord, car_slope0))),
              _mm256_add_pd(car_intercept1, _mm256_mul_pd(chord, car_slope1))),
          _mm256_add_pd(car_intercept2, _mm256_mul_pd(chord, car_slope2)));
      // min(x, last) is `last` when x is NaN (padding): a valid index.
      const __m256d step = _mm256_min_pd(
          _mm256_mul_pd(_mm256_mul_pd(minutes, hair_below), steps_per_minute), last_step);
      const __m256d commute = Gather4(bc.commute_table, _mm256_cvttpd_epi32(step));
      const __m128 bound = _mm256_cvtpd_ps(_mm256_add_pd(
          _mm256_add_pd(cheap, _mm256_mul_pd(skills_weight, skills)),
          _mm256_mul_pd(commute_weight, commute)));
      // The feasible lanes, packed to the front (all 4 stored: `found` has
      // room beyond the last pair).
      const int32_t f = counts.num_found;
      const __m128i pack32 =
          _mm_load_si128(reinterpret_cast<const __m128i*>(kPackTables.pack32[feasible_mask]));
      const __m256i pack64 =
          _mm256_load_si256(reinterpret_cast<const __m256i*>(kPackTables.pack64[feasible_mask]));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(found.k + f),
                       _mm_castps_si128(_mm_permutevar_ps(
                           _mm_castsi128_ps(_mm_add_epi32(_mm_set1_epi32(k), lane_index)),
                           pack32)));
      _mm_storeu_ps(found.bound + f, _mm_permutevar_ps(bound, pack32));
      _mm256_storeu_pd(found.chord2 + f, Permute64(chord2, pack64));
      _mm256_storeu_pd(found.cheap + f, Permute64(cheap, pack64));
      _mm256_storeu_pd(found.skills + f, Permute64(skills, pack64));
      if (overlap_mask != 0) {
        for (int j = 0, at = f; j < 4; ++j) {
          if ((overlap_mask >> j) & 1) found.overlap[counts.num_overlap++] = at;
          at += (feasible_mask >> j) & 1;
        }
      }
      counts.num_found += _mm_popcnt_u32(static_cast<uint32_t>(feasible_mask));
    }
    counts.vehicle += band;
  };
  WalkBlocks(o, blocks, num_blocks, examine, result);
}

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SCORING_X86
