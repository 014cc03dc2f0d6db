// Adapter from passerelle/scoring.h to the matcher.
#include "internal.h"
#include "passerelle/taxonomy.h"

namespace passerelle::matching {

const Taxonomy& DefaultTaxonomy() { return Taxonomy::BuiltIn(); }

ScoreMatrix ScoreAll(const MatchRequest& request, const Taxonomy& taxonomy) {
  ScoringOptions options;
  options.threads = request.policy.threads;
  options.taxonomy = &taxonomy;
  return ScoreRequest(request, options);
}

OwnedRow ScoreOne(const MatchRequest& request, CandidateIndex candidate, const Taxonomy& taxonomy) {
  // Same code path as ScoreAll (same spatial search, same pruning), on a
  // request holding only this candidate.
  MatchRequest single;
  single.candidates.push_back(request.candidates[candidate]);
  single.openings = request.openings;
  single.employers = request.employers;
  single.policy = request.policy;
  ScoringOptions options;
  options.threads = 1;
  options.taxonomy = &taxonomy;
  const ScoreMatrix matrix = ScoreRequest(single, options);
  OwnedRow row;
  row.pairs.assign(matrix.row(0).begin(), matrix.row(0).end());
  row.excluded = matrix.excluded_counts(0);
  row.examined = matrix.examined(0);
  return row;
}

bool EvaluateOne(const MatchRequest& request, CandidateIndex candidate, OpeningIndex opening,
                 const Taxonomy& taxonomy, Pair* pair, std::vector<ReasonCode>* violations) {
  const PairEvaluation e = EvaluatePair(request, candidate, opening, taxonomy);
  *violations = e.violations;
  pair->opening = opening;
  pair->score = static_cast<float>(e.score);
  pair->commute_minutes = static_cast<float>(e.commute_minutes);
  pair->commute_mode = e.commute_mode;
  pair->skills = static_cast<float>(e.breakdown.skills);
  pair->occupation = static_cast<float>(e.breakdown.occupation);
  pair->french = static_cast<float>(e.breakdown.french);
  pair->commute = static_cast<float>(e.breakdown.commute);
  pair->tension = static_cast<float>(e.breakdown.tension);
  pair->preferences = static_cast<float>(e.breakdown.preferences);
  return e.feasible;
}

std::string ExplainPair(const MatchRequest& request, CandidateIndex candidate, OpeningIndex opening,
                        const Taxonomy& taxonomy, std::vector<std::string>* skills_abroad,
                        std::vector<std::string>* skill_gaps) {
  const PairEvaluation e = EvaluatePair(request, candidate, opening, taxonomy);
  if (skills_abroad != nullptr) *skills_abroad = e.skills_acquired_abroad;
  if (skill_gaps != nullptr) *skill_gaps = e.skill_gaps;
  return Explain(request, candidate, opening, e, request.policy.language, taxonomy);
}

}  // namespace passerelle::matching
