// Adapter from passerelle/scoring.h to the matcher's rows.
#include <algorithm>

#include "internal.h"
#include "passerelle/scoring.h"
#include "passerelle/taxonomy.h"

namespace passerelle::matching {
namespace {

Row ToRow(const ScoreMatrix& matrix, CandidateIndex c) {
  Row row;
  const auto entries = matrix.row(c);
  row.pairs.reserve(entries.size());
  for (const ScoredPair& e : entries) {
    row.pairs.push_back({e.opening, e.score, e.breakdown(), e.commute_minutes, e.commute_mode});
  }
  const ExclusionCounts& excluded = matrix.excluded_counts(c);
  for (size_t code = 0; code < excluded.size() && code < row.excluded.size(); ++code) {
    row.excluded[code] = excluded[code];
  }
  row.examined = matrix.examined(c);
  return row;
}

}  // namespace

const Taxonomy& DefaultTaxonomy() { return Taxonomy::BuiltIn(); }

ScoredRows ScoreAll(const MatchRequest& request, const Taxonomy& taxonomy) {
  ScoringOptions options;
  options.threads = request.policy.threads;
  options.taxonomy = &taxonomy;
  const ScoreMatrix matrix = ScoreRequest(request, options);
  ScoredRows out;
  out.rows.reserve(request.candidates.size());
  for (CandidateIndex c = 0; c < static_cast<CandidateIndex>(request.candidates.size()); ++c) {
    out.rows.push_back(ToRow(matrix, c));
  }
  out.pairs_examined = matrix.pairs_examined();
  out.pairs_feasible = matrix.pairs_feasible();
  return out;
}

Row ScoreOne(const MatchRequest& request, CandidateIndex candidate, const Taxonomy& taxonomy) {
  // Same code path as ScoreAll (same spatial search, same pruning), on a
  // request holding only this candidate.
  MatchRequest single;
  single.candidates.push_back(request.candidates[candidate]);
  single.openings = request.openings;
  single.employers = request.employers;
  single.policy = request.policy;
  single.policy.threads = 1;
  ScoringOptions options;
  options.threads = 1;
  options.taxonomy = &taxonomy;
  return ToRow(ScoreRequest(single, options), 0);
}

bool EvaluateOne(const MatchRequest& request, CandidateIndex candidate, OpeningIndex opening,
                 const Taxonomy& taxonomy, Pair* pair, std::vector<ReasonCode>* violations) {
  const PairEvaluation e = EvaluatePair(request, candidate, opening, taxonomy);
  *violations = e.violations;
  pair->opening = opening;
  pair->score = e.score;
  pair->breakdown = e.breakdown;
  pair->commute_minutes = e.commute_minutes;
  pair->mode = e.commute_mode;
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
