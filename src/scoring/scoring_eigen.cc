// ToSparseScores (passerelle/scoring_eigen.h): the CSR rows of a ScoreMatrix
// copied into an Eigen sparse matrix.
#include "passerelle/scoring_eigen.h"

#include <cstdint>
#include <span>

namespace passerelle {

SparseScores ToSparseScores(const ScoreMatrix& matrix) {
  const int32_t num_candidates = matrix.num_candidates();
  const std::span<const int64_t> offsets = matrix.row_offsets();
  SparseScores m(num_candidates, matrix.num_openings());
  m.reserve(Eigen::Matrix<int64_t, Eigen::Dynamic, 1>::NullaryExpr(
      num_candidates, [&](Eigen::Index c) { return offsets[c + 1] - offsets[c]; }));
  for (CandidateIndex c = 0; c < num_candidates; ++c) {
    for (const ScoredPair& p : matrix.row(c)) m.insert(c, p.opening) = p.score;
  }
  m.makeCompressed();
  return m;
}

}  // namespace passerelle
