// Counsellors' overrides of a request: pins, locks and bans. Their keys, the
// checks that refuse impossible ones, and a session's edits of them, made in
// place on the kept network when it allows.
#ifndef PASSERELLE_SRC_MATCHING_OVERRIDES_H_
#define PASSERELLE_SRC_MATCHING_OVERRIDES_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "network_pairs.h"
#include "passerelle/error.h"
#include "passerelle/model.h"
#include "scores.h"

namespace passerelle::matching {

struct SolveState;

// `PairKey`s of the banned pairs.
std::unordered_set<uint64_t> BannedPairKeys(const MatchRequest& request);
// The pinned and locked pairs by `PairKey` (a pin before a lock of the same
// pair).
std::unordered_map<uint64_t, const PairOverride*> PinnedPairKeys(const MatchRequest& request);

// Scores a pinned or locked pair. Throws `InvalidArgumentError`, its
// message starting with `context` (e.g. "policy", "Pin"), when the pair is
// also banned (`banned`: `BannedPairKeys`), the opening is closed (0 seats)
// or the pair violates a hard constraint (each named by its code and in the
// policy's words).
Pair EvaluatePin(const MatchRequest& request, const Taxonomy& taxonomy, const PairOverride& pin,
                 const std::unordered_set<uint64_t>& banned, const std::string& context = "policy");

// Throws `InvalidArgumentError` when the pinned pairs of `lists` ask more
// than a candidate needs, an opening seats or an employer's cap allows, or
// two pins of a candidate share a sector under policy.distinct_sectors.
void CheckOverrides(const MatchRequest& request, const PairLists& lists);

// The network has no flow: its pins and locks do not fit together.
InvalidArgumentError UnplaceablePinsError();

// A session's edits. Each changes the request's lists and mirrors the change
// on `state`'s kept network in place (a pin, lock or ban of a pair with an
// arc: its bounds), or marks it for a rebuild.
enum class OverrideKind { kPin, kLock, kBan };
// Replaces any override of the pair by one of `kind`.
void AddOverride(OverrideKind kind, CandidateIndex c, OpeningIndex o, std::string note, MatchRequest* request,
                 SolveState* state);
// Removes any pin, lock or ban of the pair.
void ClearOverride(CandidateIndex c, OpeningIndex o, MatchRequest* request, SolveState* state);

// Drops the overrides of a candidate or opening removed from `request` at
// `index`, and renumbers those of the records after it.
void EraseCandidateOverrides(CandidateIndex index, MatchRequest* request);
void EraseOpeningOverrides(OpeningIndex index, MatchRequest* request);

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_OVERRIDES_H_
