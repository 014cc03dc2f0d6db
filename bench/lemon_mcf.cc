// lemon_mcf [--cost-scaling] FILE: solves a DIMACS min-cost-flow file with
// LEMON's NetworkSimplex (or CostScaling) and prints `s COST` (or `s INFEASIBLE`) and
// `c solve_seconds X`, like `passerelle mcf`, so that bench/check_mcf.sh can
// compare the two on every instance family.
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <string>

#include "peer_problem.h"
#include "passerelle/flow/dimacs.h"

int main(int argc, char** argv) {
  using namespace passerelle;
  const bool cost_scaling = argc == 3 && std::string(argv[1]) == "--cost-scaling";
  if (argc != 2 && !cost_scaling) {
    std::cerr << "usage: lemon_mcf [--cost-scaling] FILE\n";
    return 2;
  }
  std::ifstream in(argv[argc - 1]);
  const flow::Network net = flow::ReadDimacs(in);
  const bench::PeerProblem p = bench::PeerProblemOf(net);
  const bench::LemonPeer peer(p);
  const auto start = std::chrono::steady_clock::now();
  const std::optional<int64_t> cost = cost_scaling ? peer.RunCostScaling() : peer.RunNetworkSimplex();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (cost) {
    std::cout << "s " << *cost << '\n';
  } else {
    std::cout << "s INFEASIBLE\n";
  }
  std::cout << "c solve_seconds " << std::fixed << std::setprecision(6) << seconds << '\n';
  return 0;
}
