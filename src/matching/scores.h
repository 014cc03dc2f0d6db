// Scores as the matcher reads them: an adapter over passerelle/scoring.h
// (whole requests, one candidate, one pair, explanations) and the cache of a
// request's scores that a session keeps between solves.
#ifndef PASSERELLE_SRC_MATCHING_SCORES_H_
#define PASSERELLE_SRC_MATCHING_SCORES_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "passerelle/model.h"
#include "passerelle/response.h"
#include "passerelle/scoring.h"

namespace passerelle::matching {

// One feasible (candidate, opening) pair as scoring kept it: the opening, the
// score and the commute minutes (the breakdowns of the few pairs a report
// shows come from `EvaluatePair`, with their explanations).
using Pair = ScoredOpening;

// A candidate's scores rescored alone (incremental sessions).
struct OwnedRow {
  std::vector<Pair> pairs;
  ExclusionCounts excluded{};
  int32_t examined = 0;
};

// A candidate's feasible pairs (best first) and why other openings were
// excluded: a view into the score matrix or an owned row.
struct RowView {
  std::span<const Pair> pairs;
  const ExclusionCounts* excluded = nullptr;
  int32_t examined = 0;

  int32_t excluded_count(ReasonCode code) const {
    const size_t i = static_cast<size_t>(code);
    return i < excluded->size() ? (*excluded)[i] : 0;
  }
};

// Scores every candidate of `request`.
ScoreRanking ScoreAll(const MatchRequest& request, const Taxonomy& taxonomy, int threads);
// Scores one candidate, consistently with `ScoreAll`.
OwnedRow ScoreOne(const MatchRequest& request, CandidateIndex candidate, const Taxonomy& taxonomy);
// Evaluates one pair; returns false and the violated constraints when
// infeasible.
bool EvaluateOne(const MatchRequest& request, CandidateIndex candidate, OpeningIndex opening,
                 const Taxonomy& taxonomy, Pair* pair, std::vector<ReasonCode>* violations);
// The network's pair for an evaluation.
Pair PairOf(OpeningIndex opening, const PairEvaluation& evaluation);
// Plain-language explanation of a pair in the policy's language, and what
// the report shows of its evaluation.
struct ExplainedPair {
  std::string text;
  std::vector<std::string> skills_abroad, skill_gaps;
  // As scoring keeps them: each component rounded to float.
  ScoreBreakdown breakdown;
  TransportMode commute_mode = TransportMode::kWalk;
};
ExplainedPair ExplainPair(const MatchRequest& request, CandidateIndex candidate, OpeningIndex opening,
                          const Taxonomy& taxonomy);
const Taxonomy& DefaultTaxonomy();

// The scores of a request's candidates: the matrix of the last full scoring
// and the rows of candidates scored alone since (added to a session). Rows
// stay valid while the openings do not change.
class ScoreCache {
 public:
  // Scores what is missing: every candidate after `Invalidate` (or at
  // first), else the candidates added since.
  // `threads`: for a full scoring (>= 1).
  void Ensure(const MatchRequest& request, const Taxonomy& taxonomy, int threads);

  // After `Ensure`: candidate `c`'s row.
  RowView Row(CandidateIndex c) const;
  // After `Ensure`: whether scoring kept the pair (feasible, in reach).
  bool HasPair(CandidateIndex c, OpeningIndex o) const;
  // After `Ensure`: the pairs scoring examined for the current candidates.
  int64_t pairs_examined() const { return pairs_examined_; }

  // Every candidate must be scored again (an opening was added or removed:
  // every candidate may reach it).
  void Invalidate() { valid_ = false; }
  // A candidate was appended to the request: score it at the next `Ensure`.
  void AddCandidate();
  // Candidate `c` was removed from the request.
  void RemoveCandidate(CandidateIndex c);

 private:
  ScoreRanking matrix_;
  // Matrix row of each candidate (-1: not in the matrix).
  std::vector<int32_t> matrix_row_;
  // Rows scored alone since the matrix (null: the matrix row is current).
  std::vector<std::unique_ptr<OwnedRow>> owned_;
  // Candidates to score alone at the next `Ensure`.
  std::vector<char> dirty_;
  int64_t pairs_examined_ = 0;
  // False: everything must be scored again.
  bool valid_ = false;
};

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_SCORES_H_
