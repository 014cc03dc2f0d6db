// The details of unplaced candidates' reasons, in the policy's language:
// each one the catalogue's message for its reason (src/text/catalogue.h),
// filled with its numbers.
#ifndef PASSERELLE_SRC_MATCHING_REPORT_REASON_TEXT_H_
#define PASSERELLE_SRC_MATCHING_REPORT_REASON_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "passerelle/model.h"
#include "passerelle/response.h"

namespace passerelle::matching {

// Openings excluded by hard constraint `code` (or banned: kBanned), `count`
// of them; kNoOpeningInReach needs no count. Empty for other codes.
std::string ExcludedText(ReasonCode code, int32_t count, Language lang);
// kPartiallyPlaced.
std::string PartiallyPlacedText(int32_t placed, int32_t needed, Language lang);
// Openings in the network the candidate did not get, by why (kLostToBetterFit
// with their count, kEmployerCap, kQuota, kSameSector).
std::string LostToBetterFitText(int32_t count, Language lang);
std::string EmployerCapText(Language lang);
std::string QuotaLimitText(Language lang);
std::string SameSectorText(Language lang);
// kNoOpeningInReach when the candidate's only feasible openings have no seat.
std::string ClosedOpeningsText(int32_t count, Language lang);
// Appends a counsellor's note of a pin or ban to `out` as one more clause.
void AppendCounsellorNote(const std::string& note, Language lang, std::string* out);
// kBelowMinimumScore: `count` feasible openings, the best scoring `best`.
std::string BelowMinimumScoreText(int32_t count, double best, Language lang);
// kQuota when no assignment meets the quotas: quota `quota` (policy.quotas
// index) needs `needed` placements for `value`.
std::string QuotaShortfallText(size_t quota, int64_t needed, const std::string& value, Language lang);
// Appends `clause` to `out`, after the clause separator unless `out` is empty.
void AppendClause(const std::string& clause, Language lang, std::string* out);

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_REPORT_REASON_TEXT_H_
