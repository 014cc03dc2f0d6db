// Private to src/flow: Jonker & Volgenant's assignment algorithm for networks
// that are dense assignment problems.
//
// Shape (tested in O(n + m) before any allocation): no lower bounds; k >= 1
// nodes of supply +1 ("rows"), k of supply -1 ("columns"), every other node
// of supply 0 and without arcs; every arc of positive capacity goes from a row
// to a column (arcs of capacity 0 are ignored: they carry nothing and certify
// with any reduced cost); at least `kJonkerVolgenantMinDensity` of the k * k
// pairs joined; k * k <= 2^26 (the cost matrix, 8 bytes a pair, stays under
// 512 MiB) and k * (max |cost| + 1) <= 2^52 (exact 64-bit prices with room
// for the "missing pair" value). Parallel arcs: the cheapest one counts.
//
// Algorithm [R. Jonker, A. Volgenant, "A shortest augmenting path algorithm
// for dense and sparse linear assignment problems", Computing 38, 1987]:
// column reduction, reduction transfer, two passes of augmenting row
// reduction, then one shortest augmenting path per remaining free row
// (Dijkstra over the dense row-major cost matrix, arrays, no heap). O(k^3)
// in the worst case, close to O(k^2) per free row left by the
// initialisation in practice. Missing pairs cost a value no real path
// reaches: a search whose nearest column lies behind one proves that no
// perfect matching exists (kInfeasible).
#ifndef PASSERELLE_SRC_FLOW_JONKER_VOLGENANT_H_
#define PASSERELLE_SRC_FLOW_JONKER_VOLGENANT_H_

#include <vector>

#include "internal.h"

namespace passerelle::flow::internal {

// Fraction of the k * k pairs an assignment network must join to take this
// path (see bench/RESULTS.md, "Dense assignment: Jonker-Volgenant").
inline constexpr double kJonkerVolgenantMinDensity = 0.5;

// Returns kNotSolved, leaving `flow` and `potential` untouched, when `problem`
// does not have the shape above, or when the searches would read more than
// (64 + sqrt(k)) matrix entries per pair (measured, or projected from the
// paths so far): degenerate instances such as c_ij = i * j, where network
// simplex is several times faster. Otherwise solves it:
// - kOptimal: `flow` (one per arc, input order) and `potential` (one per
//   node) certify optimality; for row i matched to column j, the cheapest
//   arc (i, j) of the lowest index carries 1;
// - kInfeasible: no perfect matching over the joined pairs;
// - kFeasible: `problem.deadline` passed; `flow` is the matching found so far
//   completed greedily (each free row its cheapest free column);
// - kTimeLimit: the same, when the greedy completion finds no free column
//   joined to some row; `flow` holds the partial matching.
SolveStatus RunJonkerVolgenant(const Prepared& problem, std::vector<Flow>& flow,
                               std::vector<Cost>& potential);

}  // namespace passerelle::flow::internal

#endif  // PASSERELLE_SRC_FLOW_JONKER_VOLGENANT_H_
