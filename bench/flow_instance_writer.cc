// flow_instance_writer FAMILY A B > instance.dimacs
// Writes a benchmark instance (matching C O | regional C O | reversed C O |
// cohorts G O | sparse N K | grid W H | dense N | netgen K: NETGEN-8 with 2^K
// nodes)
// in DIMACS, for `passerelle mcf`, LEMON's dimacs-solver and bench/compare.py.
#include <algorithm>
#include <iostream>
#include <string>

#include "flow_generators.h"
#include "passerelle/flow/dimacs.h"

int main(int argc, char** argv) {
  using namespace passerelle;
  if (argc < 3) {
    std::cerr << "usage: flow_instance_writer matching|regional|reversed|cohorts|sparse|grid|dense|netgen A [B]\n";
    return 2;
  }
  const std::string family = argv[1];
  const int a = std::stoi(argv[2]);
  const int b = argc > 3 ? std::stoi(argv[3]) : 0;
  flow::Network net;
  if (family == "matching") {
    net = bench::MatchingNetwork(a, b, /*degree=*/30);
  } else if (family == "regional") {
    net = bench::RegionalBipartiteNetwork(a, b, /*degree=*/30);
  } else if (family == "reversed") {
    net = bench::ReversedBipartiteNetwork(a, b, /*degree=*/std::max(30, 30 * a / std::max(1, b)));
  } else if (family == "cohorts") {
    net = bench::CohortNetwork(a, b, /*degree=*/20);
  } else if (family == "sparse") {
    net = bench::RandomSparseNetwork(a, b);
  } else if (family == "grid") {
    net = bench::GridNetwork(a, b);
  } else if (family == "dense") {
    net = bench::DenseAssignmentNetwork(a);
  } else if (family == "netgen") {
    if (a < 2 || a > 26) {
      std::cerr << "netgen K: K in [2, 26]\n";
      return 2;
    }
    net = bench::Netgen8Network(a);
  } else {
    std::cerr << "unknown family " << family << "\n";
    return 2;
  }
  std::ios::sync_with_stdio(false);
  flow::WriteDimacs(net, std::cout);
  return 0;
}
