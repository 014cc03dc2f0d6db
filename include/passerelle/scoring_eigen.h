// The score matrix as an Eigen sparse matrix, for users who work on scores
// with linear algebra (spectral methods, reweighting, export to other
// solvers). Kept apart from scoring.h so that only its users compile Eigen.
//
// Cost: O(num_entries) time and a copy of the scores (as double) plus the
// indices, built on each call.
#ifndef PASSERELLE_SCORING_EIGEN_H_
#define PASSERELLE_SCORING_EIGEN_H_

#include <cstdint>

#include <Eigen/SparseCore>

#include "passerelle/scoring.h"

namespace passerelle {

// Row-major, 64-bit indices: a national matrix has more than 2^31 entries.
using SparseScores = Eigen::SparseMatrix<double, Eigen::RowMajor, int64_t>;

// The kept scores of `matrix`, `num_candidates()` x `num_openings()`:
// - entry (c, p.opening) is `p.score` for each pair p of `matrix.row(c)`;
// - every other entry (pairs out of reach, infeasible or cut) is not stored;
// - compressed, with each row's columns in ascending order.
SparseScores ToSparseScores(const ScoreMatrix& matrix);

}  // namespace passerelle

#endif  // PASSERELLE_SCORING_EIGEN_H_
