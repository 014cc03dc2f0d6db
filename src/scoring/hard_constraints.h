// Private to src/scoring: the hard constraints of a pair (docs/scoring.md,
// section 1), decided from the prepared form with no branch and no
// transcendental function: `CheckPair` gives every violated constraint as
// Bit(ReasonCode) flags. Used by `EvaluatePair` and by the portable pass 1
// (the SIMD versions compute the same, several openings at a time, on the
// columns of OpeningHot that pass1.h keeps).
#ifndef PASSERELLE_SRC_SCORING_HARD_CONSTRAINTS_H_
#define PASSERELLE_SRC_SCORING_HARD_CONSTRAINTS_H_

#include <cstdint>
#include <limits>

#include "passerelle/model.h"
#include "passerelle/response.h"
#include "prepared.h"

namespace passerelle::scoring_internal {

// What CheckPair reads of an opening, 12 bytes, kept in dense arrays by
// Pass1Openings (pass1.h). Switched-off constraints and absent values are folded into
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

// Every hard constraint of a pair, as Bit(ReasonCode) flags, branch-free.
// Reach is decided on squared chords against the candidate's reach for the
// site's transit class (the same inequality as minutes <= maximum).
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

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_HARD_CONSTRAINTS_H_
