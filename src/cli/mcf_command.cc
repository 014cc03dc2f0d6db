// passerelle mcf [--flows] [--algorithm A] [--check] [--time-limit S] [--threads N] FILE|-
//
// Reads a DIMACS min-cost-flow problem, solves it and prints the DIMACS
// solution: `s COST` (or `s INFEASIBLE`, `s UNBOUNDED`, `s OVERFLOW_RISK`; at
// the time limit `s FEASIBLE COST`, not proven optimal, or `s TIME_LIMIT`),
// `f U V FLOW` per arc with nonzero flow in input order when --flows is given,
// and `c solve_seconds X` with the solve time alone (parsing excluded).
// A malformed file exits 2 with the line number and what is wrong.
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <iomanip>
#include <iostream>
#include <string>

#include "cli.h"
#include "passerelle/error.h"
#include "passerelle/flow/certificate.h"
#include "passerelle/flow/dimacs.h"
#include "passerelle/flow/min_cost_flow.h"

namespace passerelle::cli {

namespace po = boost::program_options;

namespace {

flow::Algorithm ParseAlgorithm(const std::string& name) {
  if (name == "auto") return flow::Algorithm::kAuto;
  if (name == "simplex") return flow::Algorithm::kNetworkSimplex;
  if (name == "ssp") return flow::Algorithm::kSuccessiveShortestPaths;
  if (name == "cs") return flow::Algorithm::kCostScaling;
  if (name == "jv") return flow::Algorithm::kJonkerVolgenant;
  throw UsageError("--algorithm: '" + name + "' is not one of auto, simplex, ssp, cs, jv");
}

}  // namespace

int RunMcf(int argc, char** argv) {
  return RunGuarded("mcf", [&] {
    po::options_description options("Options");
    options.add_options()
        ("file", po::value<std::string>()->required(), "DIMACS min-cost-flow problem, or - for stdin")
        ("flows", po::bool_switch(), "print 'f U V FLOW' for every arc with nonzero flow, in input order")
        ("algorithm", po::value<std::string>()->default_value("auto"), "auto, simplex (network simplex), ssp (successive shortest paths), cs (cost scaling) or jv (Jonker-Volgenant, dense assignment networks)")
        ("check", po::bool_switch(), "verify the optimality certificate and print 'c certificate ok'")
        ("time-limit", po::value<double>()->default_value(0), "stop after this many seconds with the best feasible flow found ('s FEASIBLE COST') or 's TIME_LIMIT'; 0: none")
        ("threads", po::value<int>()->default_value(0), "threads network simplex may use on large networks (0: one per core, at most 4 per core); the answer does not depend on it")
        ("max-nodes", po::value<int64_t>()->default_value(flow::DimacsLimits{}.max_nodes), "refuse files declaring more nodes")
        ("max-arcs", po::value<int64_t>()->default_value(flow::DimacsLimits{}.max_arcs), "refuse files declaring more arcs");
    po::positional_options_description positional;
    positional.add("file", 1);
    po::variables_map vm;
    if (!ParseOptions("mcf", "[--flows] [--algorithm A] [--check] [--time-limit S] [--threads N] FILE|-", argc, argv, options,
                      positional, &vm)) {
      return kExitOk;
    }
    const std::string path = vm["file"].as<std::string>();
    const flow::Algorithm algorithm = ParseAlgorithm(vm["algorithm"].as<std::string>());
    const double time_limit = vm["time-limit"].as<double>();
    if (!(time_limit >= 0) || !std::isfinite(time_limit)) {
      throw UsageError("--time-limit: must be a finite number of seconds >= 0");
    }
    const ExecutionOptions execution = ThreadsOption(vm);
    flow::DimacsLimits limits;
    limits.max_nodes = vm["max-nodes"].as<int64_t>();
    limits.max_arcs = vm["max-arcs"].as<int64_t>();

    flow::Network network;
    try {
      if (path == "-") {
        network = flow::ReadDimacs(std::cin, limits);
      } else {
        std::error_code error;
        if (std::filesystem::is_directory(path, error)) throw IoError(path + ": is a folder, not a file");
        std::ifstream in(path);
        if (!in) throw IoError(path + ": cannot open file (" + std::strerror(errno) + ")");
        network = flow::ReadDimacs(in, limits);
      }
    } catch (const InvalidArgumentError& e) {
      throw InvalidArgumentError((path == "-" ? std::string("<stdin>") : path) + ": " + e.what());
    }

    const auto start = std::chrono::steady_clock::now();
    const flow::Solution solution =
        flow::MinCostFlowSolver()
            .set_algorithm(algorithm)
            .set_time_limit(time_limit)
            .set_options({.execution = execution})
            .Solve(network);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (solution.status == flow::SolveStatus::kOverflowRisk) {
      throw InvalidArgumentError((path == "-" ? std::string("<stdin>") : path) + ": costs times capacities could exceed 2^62; refusing to solve "
                                 "rather than risk wrapped 64-bit arithmetic");
    }
    std::ios::sync_with_stdio(false);
    flow::WriteDimacsSolution(network, solution, vm["flows"].as<bool>(), std::cout);
    std::cout << "c solve_seconds " << std::fixed << std::setprecision(6) << seconds << '\n';
    std::cout << "c algorithm " << flow::ToString(solution.algorithm) << '\n';
    for (const std::string& note : solution.notes) std::cout << "c " << note << '\n';
    if (vm["check"].as<bool>() && solution.status == flow::SolveStatus::kOptimal) {
      const flow::CertificateResult check = flow::CheckOptimality(network, solution);
      if (!check.ok) {
        std::cerr << "passerelle mcf: internal error: certificate failed: " << check.message << '\n';
        return kExitInternal;
      }
      std::cout << "c certificate ok\n";
    }
    return kExitOk;
  });
}

}  // namespace passerelle::cli
