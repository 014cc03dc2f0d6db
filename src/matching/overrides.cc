// Counsellors' overrides: pins, locks and bans (see overrides.h).
#include "overrides.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "flow_model.h"
#include "greedy_baseline.h"
#include "internal.h"
#include "match.h"
#include "passerelle/error.h"
#include "passerelle/scoring.h"
#include "passerelle/validate.h"

namespace passerelle::matching {
namespace {

ArcPair* FindArcPair(PairLists& lists, CandidateIndex c, OpeningIndex o) {
  for (ArcPair& ap : lists[c]) {
    if (ap.pair->opening == o) return &ap;
  }
  return nullptr;
}

// Mirrors on the kept network what SelectNetworkPairs and BuildFlowModel
// would do for the changed override; leaves it to a rebuild when the pair
// has no arc that can carry the change.
void EditInPlace(bool ban, CandidateIndex c, OpeningIndex o, bool add, SolveState* state) {
  MatchNetwork& network = state->network;
  if (!network.editable) return;
  ArcPair* ap = FindArcPair(network.pairs.lists, c, o);
  if (ban) {
    const bool in_row = state->scores.HasPair(c, o);
    if (ap == nullptr) {
      // No arc: banning changes nothing in the network; lifting a ban that
      // was applied when the network was built needs the arc back.
      if (!add && in_row) {
        network.editable = false;
      } else if (in_row) {
        ++network.pairs.banned_counts[c];
      }
      return;
    }
    if (in_row) network.pairs.banned_counts[c] += add ? 1 : -1;
    if (ap->banned != add) network.banned_arcs += add ? 1 : -1;
    // A ban on a pair the baseline did not take changes none of its
    // decisions.
    if (!add || ap->greedy_taken) state->greedy.Invalidate();
    ap->banned = add;
    network.model.net.SetCapacity(ap->arc, add ? 0 : 1);
    return;
  }
  if (ap == nullptr || ap->banned || ap->pin_only) {
    network.editable = false;
    return;
  }
  ap->pinned = add;
  network.model.net.SetLower(ap->arc, add ? 1 : 0);
  state->greedy.Invalidate();
}

// Drops the overrides whose `field` is `index` and renumbers those above.
template <int32_t PairOverride::*field>
void EraseOverridesOf(int32_t index, MatchRequest* request) {
  for (auto* list : {&request->pins, &request->bans, &request->locks}) {
    std::vector<PairOverride> kept;
    for (PairOverride& p : *list) {
      if (p.*field == index) continue;
      if (p.*field > index) --(p.*field);
      kept.push_back(std::move(p));
    }
    *list = std::move(kept);
  }
}

}  // namespace

std::unordered_set<uint64_t> BannedPairKeys(const MatchRequest& request) {
  std::unordered_set<uint64_t> banned;
  for (const PairOverride& b : request.bans) banned.insert(PairKey(b.candidate, b.opening));
  return banned;
}

std::unordered_map<uint64_t, const PairOverride*> PinnedPairKeys(const MatchRequest& request) {
  std::unordered_map<uint64_t, const PairOverride*> pinned;
  for (const auto* list : {&request.pins, &request.locks}) {
    for (const PairOverride& p : *list) pinned.emplace(PairKey(p.candidate, p.opening), &p);
  }
  return pinned;
}

namespace {

std::string PairName(const MatchRequest& request, CandidateIndex c, OpeningIndex o) {
  return "candidate " + QuoteValue(request.candidates[c].id) + " and opening " + QuoteValue(request.openings[o].id);
}

}  // namespace

Pair EvaluatePin(const MatchRequest& request, const Taxonomy& taxonomy, const PairOverride& pin,
                 const std::unordered_set<uint64_t>& banned, const std::string& context) {
  const std::string pair_name = PairName(request, pin.candidate, pin.opening);
  if (banned.count(PairKey(pin.candidate, pin.opening))) {
    throw InvalidArgumentError(context + ": " + pair_name + " are both pinned and banned");
  }
  if (request.openings[pin.opening].capacity == 0) {
    throw InvalidArgumentError(context + ": " + pair_name + ": the opening is closed (capacity 0)");
  }
  const PairEvaluation e = EvaluatePair(request, pin.candidate, pin.opening, taxonomy);
  if (!e.feasible) {
    // Each constraint by its code and in the policy's words.
    std::string why;
    for (ReasonCode r : e.violations) {
      why += std::string(why.empty() ? "" : "; ") + ToString(r) + " (" +
             ExplainViolation(request, pin.candidate, pin.opening, e, r, request.policy.language) + ")";
    }
    throw InvalidArgumentError(context + ": " + pair_name + " violate hard constraints: " + why +
                               " (hard constraints are never overridden; switch one off in "
                               "policy.constraints if the programme allows it)");
  }
  return PairOf(pin.opening, e);
}

void CheckOverrides(const MatchRequest& request, const PairLists& lists) {
  std::vector<int32_t> pins_per_opening(request.openings.size(), 0);
  std::vector<int32_t> pins_per_employer(request.employers.size(), 0);
  for (size_t c = 0; c < lists.size(); ++c) {
    const Candidate& cand = request.candidates[c];
    int32_t pins = 0;
    std::vector<char> sectors;
    for (const ArcPair& ap : lists[c]) {
      if (!ap.pinned) continue;
      ++pins;
      const Opening& o = request.openings[ap.pair->opening];
      ++pins_per_opening[ap.pair->opening];
      if (o.employer != kNoEmployer) ++pins_per_employer[o.employer];
      if (request.policy.distinct_sectors && cand.placements_needed > 1) {
        if (std::find(sectors.begin(), sectors.end(), o.sector()) != sectors.end()) {
          throw InvalidArgumentError("policy: candidate \"" + cand.id + "\" is pinned to two openings of sector " +
                                     std::string(1, o.sector()) + " but policy.distinct_sectors is set");
        }
        sectors.push_back(o.sector());
      }
    }
    if (pins > cand.placements_needed) {
      throw InvalidArgumentError("policy: candidate \"" + cand.id + "\" has " + std::to_string(pins) +
                                 " pins or locks but needs " + std::to_string(cand.placements_needed) +
                                 " placement(s)");
    }
  }
  for (size_t o = 0; o < pins_per_opening.size(); ++o) {
    if (pins_per_opening[o] > request.openings[o].capacity) {
      throw InvalidArgumentError("policy: opening \"" + request.openings[o].id + "\" has " +
                                 std::to_string(pins_per_opening[o]) + " pins or locks but " +
                                 std::to_string(request.openings[o].capacity) + " seat(s)");
    }
  }
  for (size_t e = 0; e < pins_per_employer.size(); ++e) {
    const int32_t cap = EmployerCap(request, static_cast<EmployerIndex>(e));
    if (cap > 0 && pins_per_employer[e] > cap) {
      throw InvalidArgumentError("policy: employer \"" + request.employers[e].id + "\" has " +
                                 std::to_string(pins_per_employer[e]) + " pins or locks but a cap of " +
                                 std::to_string(cap));
    }
  }
}

InvalidArgumentError UnplaceablePinsError() {
  return InvalidArgumentError("policy: pins and locks cannot all be placed together (seats, caps or sectors)");
}

void AddOverride(OverrideKind kind, CandidateIndex c, OpeningIndex o, std::string note, MatchRequest* request,
                 SolveState* state) {
  ClearOverride(c, o, request, state);
  std::vector<PairOverride>& list = kind == OverrideKind::kPin    ? request->pins
                                    : kind == OverrideKind::kLock ? request->locks
                                                                  : request->bans;
  list.push_back({c, o, std::move(note)});
  EditInPlace(/*ban=*/kind == OverrideKind::kBan, c, o, /*add=*/true, state);
}

void ClearOverride(CandidateIndex c, OpeningIndex o, MatchRequest* request, SolveState* state) {
  for (auto* list : {&request->pins, &request->bans, &request->locks}) {
    const auto removed = std::remove_if(list->begin(), list->end(),
                                        [&](const PairOverride& p) { return p.candidate == c && p.opening == o; });
    if (removed != list->end()) EditInPlace(/*ban=*/list == &request->bans, c, o, /*add=*/false, state);
    list->erase(removed, list->end());
  }
}

void EraseCandidateOverrides(CandidateIndex index, MatchRequest* request) {
  EraseOverridesOf<&PairOverride::candidate>(index, request);
}

void EraseOpeningOverrides(OpeningIndex index, MatchRequest* request) {
  EraseOverridesOf<&PairOverride::opening>(index, request);
}

}  // namespace passerelle::matching
