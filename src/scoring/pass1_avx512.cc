// Pass 1's AVX-512 version (pass1.h): the AVX2 version's computation 8
// openings at a time (doubles in 512-bit registers, 32-bit fields in 256-bit
// ones, lane masks in mask registers, the feasible ones packed to the front
// of `Found` by compress stores; the candidate's small tables, by site class
// and French class, read by permutes from registers, the larger ones by
// gathers). Compiled with -mavx512f -mavx512vl
// -mavx512dq -mavx512bw -mpopcnt and no FMA (src/scoring/CMakeLists.txt), so
// every product and sum is rounded as in the other two versions; called only
// on processors that have them (ChoosePass1Kernel). Why it calls nothing but
// intrinsics and the helpers of pass1_block.h: see there.
#include "pass1.h"

#if PASSERELLE_SCORING_X86
#if !defined(__AVX512F__) || !defined(__AVX512VL__) || !defined(__AVX512DQ__) || \
    !defined(__AVX512BW__) || !defined(__POPCNT__)
#error "pass1_avx512.cc needs the AVX-512 and POPCNT flags of src/scoring/CMakeLists.txt"
#endif

#include <immintrin.h>

#include <cstdint>

#include "pass1_block.h"

namespace passerelle::scoring_internal {
namespace {

inline __m256i Load8(const int32_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
inline __m256i Load8(const uint32_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// A table of one double per site class (kSiteClasses: 16) in two
// registers, read by lane with one permute instead of a gather (a gather of
// 8 costs several times as much; the tables are the candidate's).
static_assert(kSiteClasses == 16);
struct SiteTable {
  __m512d low, high;
};
inline SiteTable LoadSiteTable(const double* table) {
  return {_mm512_loadu_pd(table), _mm512_loadu_pd(table + 8)};
}
// table[site[j]] for the 8 lanes (`site`: 64-bit indices below 16).
inline __m512d Lookup(const SiteTable& table, __m512i site) {
  return _mm512_permutex2var_pd(table.low, site, table.high);
}

// The same for the candidate's row of French components (kFrenchTableWidth:
// 32, in four registers).
static_assert(kFrenchTableWidth == 32);
struct FrenchTable {
  SiteTable low, high;  // classes 0-15, 16-31
};
inline FrenchTable LoadFrenchTable(const double* table) {
  return {LoadSiteTable(table), LoadSiteTable(table + 16)};
}
// table[index[j]] for the 8 lanes (`index`: 32-bit, below 32).
inline __m512d Lookup(const FrenchTable& table, __m256i index) {
  const __m512i wide = _mm512_cvtepi32_epi64(index);
  const __mmask8 high = _mm512_test_epi64_mask(wide, _mm512_set1_epi64(16));
  return _mm512_mask_blend_pd(high, Lookup(table.low, wide), Lookup(table.high, wide));
}

// PreferenceMatch on 8 lanes.
inline __m256i PreferenceMatch8(__m256i preferred, __m256i bit) {
  const __m256i zero = _mm256_setzero_si256();
  const __m256i none = _mm256_cmpeq_epi32(bit, zero);
  const __m256i miss = _mm256_cmpeq_epi32(_mm256_and_si256(bit, preferred), zero);
  return _mm256_blendv_epi8(_mm256_andnot_si256(miss, _mm256_set1_epi32(1)), _mm256_set1_epi32(2),
                            none);
}

}  // namespace

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
void Pass1Avx512(const Pass1Layout o, const BoundLayout w, const Pass1Candidate& pc,
                 const BoundCandidate& bc, const int32_t* blocks, int32_t num_blocks,
                 const Found found, Pass1Result* result) {
  const __m512d hx = _mm512_set1_pd(pc.x), hy = _mm512_set1_pd(pc.y), hz = _mm512_set1_pd(pc.z);
  const __m512d search = _mm512_set1_pd(pc.search_chord2);
  const __m512d band_from = _mm512_set1_pd(pc.band_from);
  const __m512d car = _mm512_set1_pd(pc.reach2_car);
  const __m256i blocked = _mm256_set1_epi32(static_cast<int32_t>(pc.blocked));
  const __m256i french = _mm256_set1_epi32(pc.french);
  const __m256i available = _mm256_set1_epi32(pc.available);
  const __m256i commute_checked = _mm256_set1_epi32(pc.commute_checked ? -1 : 0);
  const __m256i car_would_help = _mm256_set1_epi32(pc.car_would_help ? -1 : 0);
  const __m256i low16 = _mm256_set1_epi32(0xffff);
  const __m256i zero = _mm256_setzero_si256();
  const __m256i ones = _mm256_set1_epi32(-1);
  const __m256i health_bit = _mm256_set1_epi32(kHealthRestrictionBit);
  const __m256i french_bit = _mm256_set1_epi32(kFrenchLevelTooLowBit);
  const __m256i available_bit = _mm256_set1_epi32(kAvailableTooLateBit);
  const __m256i vehicle_bit = _mm256_set1_epi32(kVehicleRequiredBit);
  const __m256i commute_bit = _mm256_set1_epi32(kCommuteTooLongBit);
  const __m256i reason_mask = _mm256_set1_epi32(static_cast<int32_t>(kLaneReasonMask));
  const __m256i project_bit = _mm256_set1_epi32(kRuleProject);
  const __m256i teaching_bit = _mm256_set1_epi32(kRuleTeaching);
  // Bound.
  const __m256i preferred_sectors = _mm256_set1_epi32(static_cast<int32_t>(bc.preferred_sectors));
  const __m256i preferred_contracts =
      _mm256_set1_epi32(static_cast<int32_t>(bc.preferred_contracts));
  const __m256i twelve = _mm256_set1_epi32(12);
  const __m512i skill_mask = _mm512_set1_epi64(static_cast<int64_t>(bc.skill_mask));
  const __m512d skills_weight = _mm512_set1_pd(bc.skills_weight);
  const __m512d commute_weight = _mm512_set1_pd(bc.commute_weight);
  const __m512d car_intercept0 = _mm512_set1_pd(bc.commute->car_intercept[0]);
  const __m512d car_intercept1 = _mm512_set1_pd(bc.commute->car_intercept[1]);
  const __m512d car_intercept2 = _mm512_set1_pd(bc.commute->car_intercept[2]);
  const __m512d car_slope0 = _mm512_set1_pd(bc.commute->car_slope[0]);
  const __m512d car_slope1 = _mm512_set1_pd(bc.commute->car_slope[1]);
  const __m512d car_slope2 = _mm512_set1_pd(bc.commute->car_slope[2]);
  const __m512d hair_below = _mm512_set1_pd(1 - 1e-9);
  const __m512d steps_per_minute = _mm512_set1_pd(kCommuteBoundStepsPerMinute);
  const __m512d last_step = _mm512_set1_pd(kCommuteBoundSteps - 1);
  const __m256i lane_index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const SiteTable floor2_by_site = LoadSiteTable(pc.floor2_by_site);
  const SiteTable reach2_by_site = LoadSiteTable(pc.reach2_by_site);
  const SiteTable plain_access = LoadSiteTable(bc.commute->plain_access);
  const SiteTable plain = LoadSiteTable(bc.commute->plain);
  const FrenchTable french_table = LoadFrenchTable(bc.french);
  // Whole blocks: the padding (NaN positions) is never inside a circle.
  auto examine = [&](int32_t begin, int32_t, Pass1Counts& counts) {
    int32_t band = 0;
    for (int32_t k = begin; k < begin + kBlock; k += 8) {
      const __m512d dx = _mm512_sub_pd(hx, _mm512_loadu_pd(o.x + k));
      const __m512d dy = _mm512_sub_pd(hy, _mm512_loadu_pd(o.y + k));
      const __m512d dz = _mm512_sub_pd(hz, _mm512_loadu_pd(o.z + k));
      const __m512d true_chord2 = _mm512_add_pd(
          _mm512_add_pd(_mm512_mul_pd(dx, dx), _mm512_mul_pd(dy, dy)), _mm512_mul_pd(dz, dz));
      const __mmask8 in_circle = _mm512_cmp_pd_mask(true_chord2, search, _CMP_LE_OQ);
      const __mmask8 checked =
          in_circle & _mm512_cmp_pd_mask(true_chord2, band_from, _CMP_LE_OQ);
      const int in_count = _mm_popcnt_u32(in_circle);
      counts.examined += in_count;
      if (checked == 0) {  // beyond the circle, or in the car-only band
        band += in_count;
        continue;
      }
      band += _mm_popcnt_u32(static_cast<uint32_t>(in_circle & ~checked) & 0xff);
      const __m512i site = _mm512_cvtepi32_epi64(Load8(o.transit + k));
      // FlooredChord2 (max returns its second operand, NaN padding, on NaN).
      const __m512d chord2 =
          pc.floored ? _mm512_max_pd(Lookup(floor2_by_site, site), true_chord2) : true_chord2;
      const __mmask8 reach = _mm512_cmp_pd_mask(chord2, Lookup(reach2_by_site, site), _CMP_LE_OQ);
      const __mmask8 by_car = _mm512_cmp_pd_mask(chord2, car, _CMP_LE_OQ);
      counts.reach_bits |= reach & checked;
      const __m256i reach32 = _mm256_maskz_mov_epi32(reach, ones);
      const __m256i car32 = _mm256_maskz_mov_epi32(by_car, ones);
      // CheckPair.
      const __m256i needs = _mm256_and_si256(blocked, Load8(o.needs + k));
      __m256i v = _mm256_and_si256(needs, low16);
      v = _mm256_or_si256(
          v,
          _mm256_andnot_si256(_mm256_cmpeq_epi32(_mm256_srli_epi32(needs, 16), zero), health_bit));
      v = _mm256_or_si256(
          v,
          _mm256_and_si256(_mm256_cmpgt_epi32(Load8(o.min_accepted_key + k), french), french_bit));
      v = _mm256_or_si256(v, _mm256_and_si256(_mm256_cmpgt_epi32(available, Load8(o.start_key + k)),
                                              available_bit));
      const __m256i out = _mm256_andnot_si256(reach32, commute_checked);
      const __m256i vehicle32 = _mm256_and_si256(_mm256_and_si256(out, car_would_help), car32);
      v = _mm256_or_si256(v, _mm256_and_si256(vehicle32, vehicle_bit));
      v = _mm256_or_si256(v, _mm256_and_si256(_mm256_andnot_si256(vehicle32, out), commute_bit));
      v = _mm256_and_si256(_mm256_maskz_mov_epi32(checked, v), reason_mask);
      alignas(32) uint32_t vs[8];
      _mm256_store_si256(reinterpret_cast<__m256i*>(vs), v);
      counts.lanes += kReasonLanes.lanes[vs[0]] + kReasonLanes.lanes[vs[1]] +
                      kReasonLanes.lanes[vs[2]] + kReasonLanes.lanes[vs[3]] +
                      kReasonLanes.lanes[vs[4]] + kReasonLanes.lanes[vs[5]] +
                      kReasonLanes.lanes[vs[6]] + kReasonLanes.lanes[vs[7]];
      __mmask8 feasible = checked & _mm256_cmpeq_epi32_mask(v, zero);
      if (feasible == 0) continue;
      // The rules on the candidate's occupations (RuleKey).
      const __m256i rule = Load8(w.rule + k);
      const __m256i rule_bits = _mm256_and_si256(
          _mm256_mmask_i32gather_epi32(zero, feasible, _mm256_srli_epi32(rule, kRuleColumnShift),
                                       bc.rules, 4),
          rule);
      const __mmask8 outside = feasible & _mm256_test_epi32_mask(rule_bits, project_bit);
      counts.out_of_project += _mm_popcnt_u32(outside);
      feasible &= static_cast<__mmask8>(~outside);
      if (feasible == 0) continue;
      const __mmask8 taught_and_practised = _mm256_test_epi32_mask(rule_bits, teaching_bit);
      // The bound of the 8 (used for the feasible ones only).
      const __m256i pref = _mm256_add_epi32(
          _mm256_add_epi32(
              _mm256_mullo_epi32(PreferenceMatch8(preferred_sectors, Load8(w.sector_bit + k)),
                                 twelve),
              _mm256_slli_epi32(PreferenceMatch8(preferred_contracts, Load8(w.contract_bit + k)),
                                2)),
          Load8(w.trial_short + k));
      const __m512d cheap = _mm512_add_pd(
          _mm512_add_pd(
              _mm512_add_pd(_mm512_i32gather_pd(Load8(w.occupation_slot + k), bc.occupation, 8),
                            Lookup(french_table, Load8(w.french_class + k))),
              _mm512_loadu_pd(w.weighted_tension + k)),
          _mm512_i32gather_pd(pref, bc.preferences, 8));
      const __mmask8 overlapping =
          _mm512_test_epi64_mask(_mm512_loadu_si512(w.skill_mask + k), skill_mask);
      const __m512d skills = _mm512_maskz_mov_pd(
          static_cast<__mmask8>(~(overlapping | taught_and_practised)),
          _mm512_loadu_pd(w.skills_if_none + k));
      const uint32_t overlap_mask = feasible & overlapping;
      // CommuteBound.
      const __m512d chord = _mm512_sqrt_pd(chord2);
      const __m512d minutes = _mm512_min_pd(
          _mm512_min_pd(
              _mm512_min_pd(
                  _mm512_add_pd(Lookup(plain_access, site), _mm512_mul_pd(chord, Lookup(plain, site))),
                  _mm512_add_pd(car_intercept0, _mm512_mul_pd(chord, car_slope0))),
              _mm512_add_pd(car_intercept1, _mm512_mul_pd(chord, car_slope1))),
          _mm512_add_pd(car_intercept2, _mm512_mul_pd(chord, car_slope2)));
      // min(x, last) is `last` when x is NaN (padding): a valid index.
      const __m512d step = _mm512_min_pd(
          _mm512_mul_pd(_mm512_mul_pd(minutes, hair_below), steps_per_minute), last_step);
      const __m512d commute = _mm512_i32gather_pd(_mm512_cvttpd_epi32(step), bc.commute_table, 8);
      const __m256 bound =
          _mm512_cvtpd_ps(_mm512_add_pd(_mm512_add_pd(cheap, _mm512_mul_pd(skills_weight, skills)),
                                        _mm512_mul_pd(commute_weight, commute)));
      // The feasible lanes, packed to the front (all 8 stored: `found` has
      // room beyond the last pair).
      const int32_t f = counts.num_found;
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(found.k + f),
                          _mm256_maskz_compress_epi32(
                              feasible, _mm256_add_epi32(_mm256_set1_epi32(k), lane_index)));
      _mm256_storeu_ps(found.bound + f, _mm256_maskz_compress_ps(feasible, bound));
      _mm512_storeu_pd(found.chord2 + f, _mm512_maskz_compress_pd(feasible, chord2));
      _mm512_storeu_pd(found.cheap + f, _mm512_maskz_compress_pd(feasible, cheap));
      _mm512_storeu_pd(found.skills + f, _mm512_maskz_compress_pd(feasible, skills));
      for (uint32_t rest = overlap_mask; rest != 0; rest &= rest - 1) {
        const int j = __builtin_ctz(rest);
        found.overlap[counts.num_overlap++] = f + _mm_popcnt_u32(feasible & ((1u << j) - 1));
      }
      counts.num_found += _mm_popcnt_u32(feasible);
    }
    counts.vehicle += band;
  };
  WalkBlocks(o, blocks, num_blocks, examine, result);
}
#pragma GCC diagnostic pop

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SCORING_X86
