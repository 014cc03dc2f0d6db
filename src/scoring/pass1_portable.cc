// Pass 1's portable version (pass1.h): scalar, branch-free constraint checks
// (CheckPair), one opening at a time. The reference the SIMD versions agree
// with to the bit, and the version on processors without AVX2.
#include <cstdint>

#include "components.h"
#include "hard_constraints.h"
#include "pass1.h"
#include "pass1_block.h"
#include "prepared.h"
#include "score_bound.h"

namespace passerelle::scoring_internal {

void Pass1Portable(const Pass1Layout o, const BoundLayout w, const Pass1Candidate& pc,
                   const BoundCandidate& bc, const int32_t* blocks, int32_t num_blocks,
                   const Found found, Pass1Result* result) {
  CandidateData c;  // the fields CheckPair reads
  c.blocked = pc.blocked;
  c.french = static_cast<int8_t>(pc.french);
  c.available = pc.available;
  for (int site = 0; site < kSiteClasses; ++site) {
    c.reach2_by_site[site] = pc.reach2_by_site[site];
    c.floor2_by_site[site] = pc.floor2_by_site[site];
  }
  c.reach2_car = pc.reach2_car;
  c.commute_checked = pc.commute_checked;
  c.car_would_help = pc.car_would_help;
  auto examine = [&](int32_t begin, int32_t end, Pass1Counts& counts) {
    double chord2s[kBlock];
    for (int32_t k = begin; k < end; ++k) {
      const double dx = pc.x - o.x[k], dy = pc.y - o.y[k], dz = pc.z - o.z[k];
      chord2s[k - begin] = dx * dx + dy * dy + dz * dz;
    }
    int32_t band = 0;
    const int32_t first_found = counts.num_found;
    for (int32_t k = begin; k < end; ++k) {
      const double true_chord2 = chord2s[k - begin];
      const bool in_circle = true_chord2 <= pc.search_chord2;
      const bool checked = in_circle & (true_chord2 <= pc.band_from);
      const double chord2 =
          FlooredChord2(c, static_cast<uint8_t>(o.transit[k]), true_chord2);
      counts.examined += in_circle;
      band += in_circle & !checked;
      OpeningHot h;
      h.needs = o.needs[k];
      h.start_key = o.start_key[k];
      h.min_accepted_key = static_cast<int8_t>(o.min_accepted_key[k]);
      h.transit = static_cast<uint8_t>(o.transit[k]);
      bool reach;
      const uint32_t v =
          CheckPair(c, h, chord2, &reach) & (uint32_t{0} - static_cast<uint32_t>(checked));
      counts.reach_bits |= reach & checked;
      counts.lanes += kReasonLanes.lanes[v & kLaneReasonMask];
      const bool feasible = checked & (v == 0);
      const int32_t rule = w.rule[k];
      const bool outside = feasible & ((bc.rules[rule >> kRuleColumnShift] & rule & kRuleProject) != 0);
      counts.out_of_project += outside;
      found.k[counts.num_found] = k;
      found.chord2[counts.num_found] = chord2;
      counts.num_found += feasible & !outside;
    }
    counts.vehicle += band;
    for (int32_t f = first_found; f < counts.num_found; ++f) {
      const int32_t k = found.k[f];
      const int pref = PreferenceMatch(bc.preferred_sectors, w.sector_bit[k]) * 12 +
                       PreferenceMatch(bc.preferred_contracts, w.contract_bit[k]) * 4 +
                       w.trial_short[k];
      // CheapSum's terms, in its order.
      const double cheap =
          ((bc.occupation[w.occupation_slot[k]] + bc.french[w.french_class[k]]) +
           w.weighted_tension[k]) +
          bc.preferences[pref];
      found.cheap[f] = cheap;
      if ((w.skill_mask[k] & bc.skill_mask) != 0) {
        found.skills[f] = 0;
        found.overlap[counts.num_overlap++] = f;
        continue;
      }
      const int32_t rule = w.rule[k];
      const bool taught_and_practised =
          (bc.rules[rule >> kRuleColumnShift] & rule & kRuleTeaching) != 0;
      const double skills = taught_and_practised ? 0.0 : w.skills_if_none[k];
      found.skills[f] = skills;
      const double commute = CommuteBound(*bc.commute, bc.commute_table,
                                          static_cast<uint8_t>(w.transit[k]), found.chord2[f]);
      found.bound[f] =
          static_cast<float>(cheap + bc.skills_weight * skills + bc.commute_weight * commute);
    }
  };
  WalkBlocks(o, blocks, num_blocks, examine, result);
}

}  // namespace passerelle::scoring_internal
