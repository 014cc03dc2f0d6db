// The one resolution of defaults (see passerelle/model.h): a zero that
// stands for a default becomes that default, for requests read from files
// (`FromProto`) and built in C++ alike.
#include <utility>

#include "passerelle/model.h"
#include "passerelle/policy.h"

namespace passerelle {
namespace {

bool AllZero(const ScoreWeights& w) {
  return w.skills == 0 && w.occupation == 0 && w.french == 0 && w.commute == 0 && w.tension == 0 &&
         w.preferences == 0;
}

// Applies `fix(field, default)` to every policy field whose zero means its
// default; `fix` returns false to stop early.
template <typename PolicyRef, typename Fix>
bool ForPolicyDefaults(PolicyRef& p, Fix&& fix) {
  static const Policy defaults;
  return fix(p.default_max_commute_minutes, defaults.default_max_commute_minutes) &&
         fix(p.unplaced_penalty, defaults.unplaced_penalty) &&
         fix(p.placements_per_candidate, defaults.placements_per_candidate) &&
         fix(p.shortlist_appearances_per_seat, defaults.shortlist_appearances_per_seat) &&
         fix(p.max_pairs_per_candidate, defaults.max_pairs_per_candidate) &&
         fix(p.detour_factor, defaults.detour_factor) &&
         fix(p.commute_half_life_minutes, defaults.commute_half_life_minutes);
}

}  // namespace

void ResolveDefaults(Policy* policy) {
  if (AllZero(policy->weights)) policy->weights = ScoreWeights{};
  ForPolicyDefaults(*policy, [](auto& field, auto value) {
    if (field == 0) field = value;
    return true;
  });
  for (Quota& q : policy->quotas) {
    if (q.max_share == 0) q.max_share = 1;
  }
}

bool HasDefaultsToResolve(const Policy& policy) {
  if (AllZero(policy.weights)) return true;
  if (!ForPolicyDefaults(policy, [](const auto& field, auto) { return field != 0; })) return true;
  for (const Quota& q : policy.quotas) {
    if (q.max_share == 0) return true;
  }
  return false;
}

void ResolveDefaults(const Policy& policy, Candidate* c) {
  if (c->french_level_missing) c->french_level = CefrLevel::kNone;
  if (c->mobility.max_commute_minutes == 0) c->mobility.max_commute_minutes = policy.default_max_commute_minutes;
  if (c->mobility.modes.empty()) {
    c->mobility.modes.Add(TransportMode::kWalk);
    c->mobility.modes.Add(TransportMode::kPublicTransport);
  }
  for (Skill& s : c->skills) {
    if (s.level == 0) s.level = 1.0;
  }
  if (c->priority == 0) c->priority = 1.0;
  if (c->placements_needed == 0) c->placements_needed = policy.placements_per_candidate;
}

bool HasDefaultsToResolve(const Policy&, const Candidate& c) {
  if (c.mobility.max_commute_minutes == 0 || c.mobility.modes.empty() || c.priority == 0 ||
      c.placements_needed == 0 || (c.french_level_missing && c.french_level != CefrLevel::kNone)) {
    return true;
  }
  for (const Skill& s : c.skills) {
    if (s.level == 0) return true;
  }
  return false;
}

void ResolveDefaults(Opening* o) {
  for (auto* list : {&o->required_skills, &o->optional_skills}) {
    for (SkillRequirement& s : *list) {
      if (s.weight == 0) s.weight = 1.0;
    }
  }
}

bool HasDefaultsToResolve(const Opening& o) {
  for (const auto* list : {&o.required_skills, &o.optional_skills}) {
    for (const SkillRequirement& s : *list) {
      if (s.weight == 0) return true;
    }
  }
  return false;
}

void ResolveDefaults(MatchRequest* request) {
  ResolveDefaults(&request->policy);
  for (Candidate& c : request->candidates) ResolveDefaults(request->policy, &c);
  for (Opening& o : request->openings) ResolveDefaults(&o);
}

bool HasDefaultsToResolve(const MatchRequest& request) {
  if (HasDefaultsToResolve(request.policy)) return true;
  for (const Candidate& c : request.candidates) {
    if (HasDefaultsToResolve(request.policy, c)) return true;
  }
  for (const Opening& o : request.openings) {
    if (HasDefaultsToResolve(o)) return true;
  }
  return false;
}

const MatchRequest& Resolved(const MatchRequest& request, MatchRequest* copy) {
  if (!HasDefaultsToResolve(request)) return request;
  *copy = request;
  ResolveDefaults(copy);
  return *copy;
}

const MatchRequest& ResolvedPair(const MatchRequest& request, CandidateIndex* candidate, OpeningIndex* opening,
                                 MatchRequest* copy) {
  if (*candidate < 0 || static_cast<size_t>(*candidate) >= request.candidates.size() || *opening < 0 ||
      static_cast<size_t>(*opening) >= request.openings.size()) {
    return request;
  }
  const Candidate& c = request.candidates[static_cast<size_t>(*candidate)];
  const Opening& o = request.openings[static_cast<size_t>(*opening)];
  if (!HasDefaultsToResolve(request.policy) && !HasDefaultsToResolve(request.policy, c) && !HasDefaultsToResolve(o)) {
    return request;
  }
  *copy = MatchRequest();
  copy->policy = request.policy;
  copy->employers = request.employers;
  copy->candidates = {c};
  copy->openings = {o};
  ResolveDefaults(copy);
  *candidate = 0;
  *opening = 0;
  return *copy;
}

}  // namespace passerelle
