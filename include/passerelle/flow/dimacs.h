// DIMACS min-cost-flow format: reading problems, writing problems and
// solutions.
//
// Problem format (first DIMACS implementation challenge, 1991), one record
// per line, nodes numbered 1..N:
//   c <comment>
//   p min <N> <M>
//   n <id> <supply>                       (omitted nodes have supply 0)
//   a <tail> <head> <lower> <capacity> <cost>   (exactly M lines)
// Solution format: `s <cost>` (or `s INFEASIBLE`, `s UNBOUNDED`), then
// optionally `f <tail> <head> <flow>` for arcs with nonzero flow, in input
// arc order. Reading is one pass, O(file size).
#ifndef PASSERELLE_FLOW_DIMACS_H_
#define PASSERELLE_FLOW_DIMACS_H_

#include <cstdint>
#include <istream>
#include <ostream>

#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/flow/network.h"

namespace passerelle::flow {

// Parses a DIMACS min-cost-flow problem.
// - Throws `InvalidArgumentError` whose message starts with `line <k>: ` and
//   says what is wrong (unknown record, missing or repeated `p` line, bad
//   number, node out of range, lower > capacity, arc count not M, ...).
// Sizes a DIMACS file may declare on its `p` line. The node count is
// allocated when the `p` line is read (supplies are per node), so a file
// declaring two billion nodes would ask for tens of gigabytes before any data:
// beyond these limits reading stops with `LimitExceededError` naming the line.
// Arcs are never reserved beyond what the file really holds.
// The default node limit, 2^22, is four times the largest network passerelle
// builds (the national matching network has about 1.1 million nodes). A node
// costs about 100 bytes once solved, so that a few bytes declaring isolated
// nodes cannot cost more than about 0.4 GB; raise it for larger networks.
struct DimacsLimits {
  int64_t max_nodes = int64_t{1} << 22;
  int64_t max_arcs = 500'000'000;
};

Network ReadDimacs(std::istream& in, const DimacsLimits& limits);
Network ReadDimacs(std::istream& in);

// Writes `network` in the DIMACS problem format.
void WriteDimacs(const Network& network, std::ostream& out);

// Writes the `s` line and, if `with_flows`, the `f` lines of nonzero flows.
// Optimal: `s COST`; a feasible flow stopped by the time limit:
// `s FEASIBLE COST`; no flow: `s <STATUS>` (e.g. `s INFEASIBLE`,
// `s OVERFLOW_RISK`, `s TIME_LIMIT`).
void WriteDimacsSolution(const Network& network, const Solution& solution,
                         bool with_flows, std::ostream& out);

}  // namespace passerelle::flow

#endif  // PASSERELLE_FLOW_DIMACS_H_
