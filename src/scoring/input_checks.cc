// The checks of input_checks.h. Messages are part of the API (tests and users
// match them): keep their wording.
#include "input_checks.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "quote.h"

namespace passerelle::scoring_internal {
namespace {

std::string Number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

std::string CandidatePath(const MatchRequest& r, CandidateIndex i) {
  return "candidates[" + std::to_string(i) + "] (id " + Quote(r.candidates[i].id) + ")";
}

std::string OpeningPath(const MatchRequest& r, OpeningIndex j) {
  return "openings[" + std::to_string(j) + "] (id " + Quote(r.openings[j].id) + ")";
}

// `path` builds the field path only when there is a problem to report.
template <typename PathFn>
void CheckPoint(const GeoPoint& p, const PathFn& path, const char* field,
                std::vector<std::string>* problems) {
  if (!std::isfinite(p.latitude) || p.latitude < -90 || p.latitude > 90) {
    problems->push_back(path() + field + ".latitude: " + Number(p.latitude) +
                        " is not a latitude in [-90, 90]");
  }
  if (!std::isfinite(p.longitude) || p.longitude < -180 || p.longitude > 180) {
    problems->push_back(path() + field + ".longitude: " + Number(p.longitude) +
                        " is not a longitude in [-180, 180]");
  }
}

bool ValidCefr(CefrLevel level) {
  return static_cast<int>(level) >= 0 && static_cast<int>(level) <= 6;
}

bool ValidOccupation(const Taxonomy& taxonomy, std::string_view code) {
  return IsRomeCode(code) || taxonomy.Contains(code);
}

}  // namespace

void CollectPolicyProblems(const MatchRequest& request, std::vector<std::string>* problems) {
  const Policy& policy = request.policy;
  const ScoreWeights& w = policy.weights;
  const std::pair<const char*, double> weights[] = {
      {"skills", w.skills},   {"occupation", w.occupation}, {"french", w.french},
      {"commute", w.commute}, {"tension", w.tension},       {"preferences", w.preferences}};
  bool weights_ok = true;
  for (const auto& [name, value] : weights) {
    if (!std::isfinite(value) || value < 0) {
      problems->push_back(std::string("policy.weights.") + name + ": " + Number(value) +
                          " is not a finite weight >= 0");
      weights_ok = false;
    }
  }
  if (weights_ok && !(w.sum() > 0)) problems->push_back("policy.weights: all zero");
  if (!std::isfinite(policy.detour_factor) || policy.detour_factor <= 0) {
    problems->push_back("policy.detour_factor: " + Number(policy.detour_factor) +
                        " is not a positive number");
  }
  if (!std::isfinite(policy.commute_half_life_minutes) || policy.commute_half_life_minutes <= 0) {
    problems->push_back("policy.commute_half_life_minutes: " +
                        Number(policy.commute_half_life_minutes) + " is not a positive number");
  }
  if (policy.max_french_gap < 0) {
    problems->push_back("policy.max_french_gap: " + std::to_string(policy.max_french_gap) +
                        " is negative");
  }
  if (policy.max_pairs_per_candidate <= 0) {
    problems->push_back("policy.max_pairs_per_candidate: " +
                        std::to_string(policy.max_pairs_per_candidate) + " is not positive");
  }
  if (policy.has_job_track_min_french_level && !ValidCefr(policy.job_track_min_french_level)) {
    problems->push_back("policy.job_track_min_french_level: " +
                        std::to_string(static_cast<int>(policy.job_track_min_french_level)) +
                        " is not a CEFR level");
  }
}

void CollectOpeningProblems(const MatchRequest& request, OpeningIndex j,
                            const Taxonomy& taxonomy, std::vector<std::string>* problems) {
  const Opening& o = request.openings[j];
  const auto path = [&] { return OpeningPath(request, j); };
  CheckPoint(o.location, path, ".location", problems);
  if (!o.occupation.empty() && !ValidOccupation(taxonomy, o.occupation)) {
    problems->push_back(path() + ".occupation: " + Quote(o.occupation) + " is not a ROME code");
  }
  // A weight of 0 reads as 1 (as in the proto).
  auto check_list = [&](const std::vector<SkillRequirement>& list, const char* field) {
    for (size_t k = 0; k < list.size(); ++k) {
      const double weight = list[k].weight == 0 ? 1.0 : list[k].weight;
      if (!std::isfinite(weight) || weight < 0) {
        problems->push_back(path() + "." + field + "[" + std::to_string(k) + "].weight: " +
                            Number(list[k].weight) + " is not a finite weight >= 0");
      }
    }
  };
  check_list(o.required_skills, "required_skills");
  check_list(o.optional_skills, "optional_skills");
  if (!std::isfinite(o.tension) || o.tension < 0 || o.tension > 1) {
    problems->push_back(path() + ".tension: " + Number(o.tension) + " is not in [0, 1]");
  }
  if (!ValidCefr(o.min_french_level)) {
    problems->push_back(path() + ".min_french_level: " +
                        std::to_string(static_cast<int>(o.min_french_level)) +
                        " is not a CEFR level");
  }
}

bool CollectCandidateProblems(const MatchRequest& request, CandidateIndex i,
                              const Taxonomy& taxonomy, std::vector<std::string>* problems) {
  const Candidate& c = request.candidates[i];
  const size_t problems_before = problems->size();
  const auto path = [&] { return CandidatePath(request, i); };
  CheckPoint(c.home, path, ".home", problems);
  if (!ValidCefr(c.french_level)) {
    problems->push_back(path() + ".french_level: " +
                        std::to_string(static_cast<int>(c.french_level)) + " is not a CEFR level");
  }
  if (c.mobility.max_commute_minutes <= 0) {
    problems->push_back(path() + ".mobility.max_commute_minutes: " +
                        std::to_string(c.mobility.max_commute_minutes) + " is not positive");
  }
  for (size_t k = 0; k < c.preferred_sectors.size(); ++k) {
    const char letter = c.preferred_sectors[k];
    if (letter < 'A' || letter > 'Z') {
      problems->push_back(path() + ".preferred_sectors[" + std::to_string(k) + "]: " +
                          Quote(std::string(1, letter)) + " is not a ROME domain letter");
    }
  }
  auto check_occupations = [&](const std::vector<std::string>& codes, const char* field) {
    for (size_t k = 0; k < codes.size(); ++k) {
      if (!ValidOccupation(taxonomy, codes[k])) {
        problems->push_back(path() + "." + field + "[" + std::to_string(k) + "]: " +
                            Quote(codes[k]) + " is not a ROME code");
      }
    }
  };
  check_occupations(c.target_occupations, "target_occupations");
  check_occupations(c.past_occupations, "past_occupations");
  for (size_t k = 0; k < c.skills.size(); ++k) {
    const Skill& skill = c.skills[k];
    if (!std::isfinite(skill.level) || skill.level <= 0 || skill.level > 1) {
      problems->push_back(path() + ".skills[" + std::to_string(k) + "].level: " +
                          Number(skill.level) + " is not in (0, 1]");
    }
  }
  return problems->size() == problems_before;
}

}  // namespace passerelle::scoring_internal
