// Pass 1 outside its kernels (pass1.h): the openings' dense columns it reads,
// the candidate's inputs, and the choice of kernel for this processor. This
// file is compiled without AVX flags: it runs everywhere, and calls an AVX
// kernel only after the processor has said it has the instructions.
#include "pass1.h"

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>
#include <vector>

#include "hard_constraints.h"
#include "passerelle/internal/check.h"
#include "prepared.h"
#include "score_bound.h"
#include "spatial_index.h"

namespace passerelle::scoring_internal {
namespace {

std::atomic<int> simd_level{static_cast<int>(SimdLevel::kAvx512)};

}  // namespace

void SetSimdLevel(SimdLevel level) {
  simd_level.store(static_cast<int>(level), std::memory_order_relaxed);
}
void SetSimdAllowed(bool allowed) {
  SetSimdLevel(allowed ? SimdLevel::kAvx512 : SimdLevel::kPortable);
}

Pass1Kernel ChoosePass1Kernel() {
#if PASSERELLE_SCORING_X86
  const int level = simd_level.load(std::memory_order_relaxed);
  const bool use_avx2 = level >= static_cast<int>(SimdLevel::kAvx2) &&
                        __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
  const bool use_avx512 =
      use_avx2 && level >= static_cast<int>(SimdLevel::kAvx512) &&
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
  if (use_avx512) return Pass1Avx512;
  if (use_avx2) return Pass1Avx2;
#endif
  return Pass1Portable;
}

int32_t RuleKey(const OpeningData& o) {
  if (o.occ_column < 0) return 0;
  // Columns are the request's distinct occupations: far below 2^29.
  PASSERELLE_CHECK(o.occ_column < (int32_t{1} << (31 - kRuleColumnShift)) - 1, "occupation column");
  return (o.occ_column + 1) << kRuleColumnShift | (o.outside_project_rule ? 0 : kRuleProject) |
         (o.teaches ? kRuleTeaching : 0);
}

Pass1Openings::Pass1Openings(const Context& ctx, std::span<const OpeningData> openings) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const auto num_openings = static_cast<int32_t>(openings.size());
  const int32_t padded = (num_openings + kBlock - 1) / kBlock * kBlock;
  for (std::vector<double>* v : {&pos_x_, &pos_y_, &pos_z_}) v->assign(padded, kNaN);
  for (std::vector<double>* v : {&warm_tension_, &warm_skills_if_none_}) v->assign(padded, 0.0);
  for (std::vector<int32_t>* v : {&hot_start_, &hot_min_accepted_, &hot_transit_, &warm_slot_,
                                  &warm_french_class_, &warm_trial_short_, &warm_rule_}) {
    v->assign(padded, 0);
  }
  for (std::vector<uint32_t>* v : {&hot_needs_, &warm_sector_, &warm_contract_}) {
    v->assign(padded, 0);
  }
  warm_skill_mask_.assign(padded, 0);
  const std::vector<float> zero_levels(ctx.skill_index.size() + 1, 0.0f);
  for (int32_t k = 0; k < num_openings; ++k) {
    const OpeningData& o = openings[k];
    pos_x_[k] = o.p.x;
    pos_y_[k] = o.p.y;
    pos_z_[k] = o.p.z;
    const OpeningHot h = MakeOpeningHot(ctx, o);
    hot_needs_[k] = h.needs;
    hot_start_[k] = h.start_key;
    hot_min_accepted_[k] = h.min_accepted_key;
    hot_transit_[k] = h.transit;
    const OpeningWarm w = MakeOpeningWarm(ctx, o, zero_levels.data());
    warm_slot_[k] = w.occupation_slot;
    warm_french_class_[k] = w.french_class;
    warm_trial_short_[k] = w.trial_short;
    warm_sector_[k] = w.sector_bit;
    warm_contract_[k] = w.contract_bit;
    warm_tension_[k] = w.weighted_tension;
    warm_skills_if_none_[k] = w.skills_if_none;
    warm_skill_mask_[k] = w.skill_mask;
    warm_rule_[k] = RuleKey(o);
  }
  layout_ = {pos_x_.data(),     pos_y_.data(),     pos_z_.data(),
             hot_needs_.data(), hot_start_.data(), hot_min_accepted_.data(),
             hot_transit_.data(), num_openings};
  bound_layout_ = {warm_slot_.data(),        warm_french_class_.data(),
                   warm_sector_.data(),      warm_contract_.data(),
                   warm_trial_short_.data(), warm_tension_.data(),
                   warm_skills_if_none_.data(), warm_skill_mask_.data(),
                   hot_transit_.data(),      warm_rule_.data()};
}

Pass1Candidate MakePass1Candidate(const CandidateData& c, double band_from) {
  bool floored = false;
  for (const double f : c.floor2_by_site) floored |= f > 0;
  return {c.p.x,       c.p.y,    c.p.z,     c.search_chord2,     band_from,
          c.reach2_car, c.reach2_by_site, c.floor2_by_site, floored, c.blocked, c.french,
          c.available, c.commute_checked, c.car_would_help};
}

BoundCandidate MakeBoundCandidate(const Context& ctx, const CandidateData& c,
                                  const double* occupation_table, const CheapTables& t,
                                  const CommuteBoundCoefficients& commute,
                                  const double* commute_table, uint64_t skill_mask,
                                  const int32_t* rules) {
  return {occupation_table,
          t.french[c.french],
          t.preferences[PreferenceProfile(c)],
          &commute,
          commute_table,
          ctx.weights[0],
          ctx.weights[3],
          c.preferred_sectors,
          c.preferred_contracts,
          skill_mask,
          rules};
}

}  // namespace passerelle::scoring_internal
