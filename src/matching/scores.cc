// Scores as the matcher reads them: the adapter over passerelle/scoring.h
// and the cache of a request's scores (see scores.h).
#include "scores.h"

#include "passerelle/taxonomy.h"

namespace passerelle::matching {

const Taxonomy& DefaultTaxonomy() { return Taxonomy::BuiltIn(); }

ScoreRanking ScoreAll(const MatchRequest& request, const Taxonomy& taxonomy, int threads) {
  ScoringOptions options;
  options.execution.threads = threads;
  options.taxonomy = &taxonomy;
  return RankRequest(request, options);
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
  options.execution.threads = 1;
  options.taxonomy = &taxonomy;
  const ScoreRanking matrix = RankRequest(single, options);
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
  *pair = PairOf(opening, e);
  return e.feasible;
}

Pair PairOf(OpeningIndex opening, const PairEvaluation& e) {
  return {opening, static_cast<float>(e.score), static_cast<float>(e.commute_minutes)};
}

ExplainedPair ExplainPair(const MatchRequest& request, CandidateIndex candidate, OpeningIndex opening,
                          const Taxonomy& taxonomy) {
  const PairEvaluation e = EvaluatePair(request, candidate, opening, taxonomy);
  auto kept = [](double x) { return static_cast<double>(static_cast<float>(x)); };
  const ScoreBreakdown& b = e.breakdown;
  return {.text = Explain(request, candidate, opening, e, request.policy.language, taxonomy),
          .skills_abroad = e.skills_acquired_abroad,
          .skill_gaps = e.skill_gaps,
          .breakdown = {kept(b.skills), kept(b.occupation), kept(b.french), kept(b.commute),
                        kept(b.tension), kept(b.preferences)},
          .commute_mode = e.commute_mode};
}

void ScoreCache::Ensure(const MatchRequest& request, const Taxonomy& taxonomy, int threads) {
  const size_t n = request.candidates.size();
  if (!valid_) {
    matrix_ = ScoreAll(request, taxonomy, threads);
    matrix_row_.resize(n);
    for (size_t c = 0; c < n; ++c) matrix_row_[c] = static_cast<int32_t>(c);
    owned_.clear();
    owned_.resize(n);
    pairs_examined_ = matrix_.pairs_examined();
    dirty_.assign(n, 0);
    valid_ = true;
    return;
  }
  for (size_t c = 0; c < n; ++c) {
    if (!dirty_[c]) continue;
    if (owned_[c] == nullptr && matrix_row_[c] >= 0) pairs_examined_ -= matrix_.examined(matrix_row_[c]);
    if (owned_[c] != nullptr) pairs_examined_ -= owned_[c]->examined;
    owned_[c] = std::make_unique<OwnedRow>(ScoreOne(request, static_cast<CandidateIndex>(c), taxonomy));
    pairs_examined_ += owned_[c]->examined;
    dirty_[c] = 0;
  }
}

RowView ScoreCache::Row(CandidateIndex c) const {
  if (owned_[c] != nullptr) return {owned_[c]->pairs, &owned_[c]->excluded, owned_[c]->examined};
  const int32_t row = matrix_row_[c];
  return {matrix_.row(row), &matrix_.excluded_counts(row), matrix_.examined(row)};
}

bool ScoreCache::HasPair(CandidateIndex c, OpeningIndex o) const {
  for (const Pair& p : Row(c).pairs) {
    if (p.opening == o) return true;
  }
  return false;
}

void ScoreCache::AddCandidate() {
  if (!valid_) return;
  matrix_row_.push_back(-1);
  owned_.emplace_back();
  dirty_.push_back(1);
}

void ScoreCache::RemoveCandidate(CandidateIndex c) {
  if (!valid_) return;
  // A candidate added since the last `Ensure` has no row yet: nothing of it
  // was counted.
  if (owned_[c] != nullptr) {
    pairs_examined_ -= owned_[c]->examined;
  } else if (matrix_row_[c] >= 0) {
    pairs_examined_ -= matrix_.examined(matrix_row_[c]);
  }
  matrix_row_.erase(matrix_row_.begin() + c);
  owned_.erase(owned_.begin() + c);
  dirty_.erase(dirty_.begin() + c);
}

}  // namespace passerelle::matching
