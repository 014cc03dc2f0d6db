// Fuzz target: DIMACS min-cost-flow files, as `passerelle mcf` reads them.
//
// Properties, for every input:
// - `ReadDimacs` either returns a network or throws `InvalidArgumentError`
//   (anything else, or a sanitizer report, is a bug);
// - a network read back from `WriteDimacs` is the same network;
// - network simplex and successive shortest paths agree on the status and the
//   optimal cost, and every optimal solution passes `CheckOptimality`;
// - on small networks with small numbers, both agree with the oracle.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz_oracle.h"
#include "passerelle/error.h"
#include "passerelle/flow/certificate.h"
#include "passerelle/flow/dimacs.h"
#include "passerelle/flow/min_cost_flow.h"

namespace {

using passerelle::flow::Network;

// Inputs declaring more than this many nodes or arcs are skipped. Reading
// them is bounded (DimacsLimits refuses more than 2^22 nodes, and supplies
// and arcs grow with the data, tests/fuzz/regressions/dimacs/huge-declared-*),
// but a network of millions of isolated nodes takes about a second to solve,
// which would slow the fuzzer down without exercising anything new.
constexpr int64_t kMaxDeclared = int64_t{1} << 20;

bool DeclaresHugeSizes(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    std::istringstream in{std::string(line)};
    std::string p, kind, n, m;
    if (!(in >> p) || p != "p") continue;
    in >> kind >> n >> m;
    for (const std::string& count : {n, m}) {
      size_t digits = 0;
      for (char c : count) digits += (c >= '0' && c <= '9');
      if (digits > 7) return true;
      if (!count.empty() && digits == count.size() && std::stoll(count) > kMaxDeclared) return true;
    }
  }
  return false;
}

bool SameNetwork(const Network& a, const Network& b) {
  if (a.num_nodes() != b.num_nodes() || a.num_arcs() != b.num_arcs()) return false;
  for (int v = 0; v < a.num_nodes(); ++v) {
    if (a.supply(v) != b.supply(v)) return false;
  }
  for (int e = 0; e < a.num_arcs(); ++e) {
    if (a.tail(e) != b.tail(e) || a.head(e) != b.head(e) || a.lower(e) != b.lower(e) ||
        a.capacity(e) != b.capacity(e) || a.cost(e) != b.cost(e)) {
      return false;
    }
  }
  return true;
}

// Small enough for the oracle's 64-bit sums and its running time.
bool OracleSized(const Network& net) {
  if (net.num_nodes() > 40 || net.num_arcs() > 120) return false;
  for (int v = 0; v < net.num_nodes(); ++v) {
    if (net.supply(v) > 100000 || net.supply(v) < -100000) return false;
  }
  for (int e = 0; e < net.num_arcs(); ++e) {
    const int64_t c = net.capacity(e);
    if (c != passerelle::flow::kInfiniteCapacity && c > 100000) return false;
    if (net.cost(e) > 100000 || net.cost(e) < -100000) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace passerelle::flow;
  namespace fz = passerelle::fuzz;
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (DeclaresHugeSizes(text)) return 0;
  Network network;
  try {
    std::istringstream in(text);
    network = ReadDimacs(in);
  } catch (const passerelle::InvalidArgumentError&) {
    return 0;  // the message's quality is checked by tests/hostile
  }

  std::ostringstream written;
  WriteDimacs(network, written);
  std::istringstream again(written.str());
  const Network reread = ReadDimacs(again);  // must not throw
  FUZZ_CHECK(SameNetwork(network, reread), "WriteDimacs/ReadDimacs round trip changed the network");

  if (network.num_nodes() > 2000 || network.num_arcs() > 10000) return 0;  // keep runs fast
  const Solution simplex = MinCostFlowSolver().set_algorithm(Algorithm::kNetworkSimplex).Solve(network);
  const Solution ssp = MinCostFlowSolver().set_algorithm(Algorithm::kSuccessiveShortestPaths).Solve(network);
  const Solution automatic = MinCostFlowSolver().Solve(network);
  for (const Solution* s : {&simplex, &ssp, &automatic}) {
    if (s->status == SolveStatus::kOptimal) {
      const CertificateResult check = CheckOptimality(network, *s);
      FUZZ_CHECK(check.ok, std::string(ToString(s->algorithm)) + ": " + check.message);
    }
    FUZZ_CHECK(s->status != SolveStatus::kNotSolved, "solver returned kNotSolved");
  }
  if (simplex.status == SolveStatus::kOverflowRisk || ssp.status == SolveStatus::kOverflowRisk) {
    FUZZ_CHECK(simplex.status == ssp.status, "only one algorithm reports an overflow risk");
    return 0;
  }
  FUZZ_CHECK(simplex.status == ssp.status && ssp.status == automatic.status,
             std::string("statuses differ: simplex ") + ToString(simplex.status) + ", ssp " +
                 ToString(ssp.status) + ", auto " + ToString(automatic.status));
  if (simplex.status == SolveStatus::kOptimal) {
    FUZZ_CHECK(simplex.total_cost == ssp.total_cost && ssp.total_cost == automatic.total_cost,
               "optimal costs differ: simplex " + std::to_string(simplex.total_cost) + ", ssp " +
                   std::to_string(ssp.total_cost) + ", auto " + std::to_string(automatic.total_cost));
  }
  if (OracleSized(network)) {
    const fz::OracleResult oracle = fz::OracleMinCostFlow(network);
    switch (oracle.status) {
      case fz::OracleStatus::kOptimal:
        FUZZ_CHECK(simplex.status == SolveStatus::kOptimal && simplex.total_cost == oracle.cost,
                   std::string("oracle optimum ") + std::to_string(oracle.cost) + ", solver " +
                       ToString(simplex.status) + " " + std::to_string(simplex.total_cost));
        break;
      case fz::OracleStatus::kInfeasible:
        FUZZ_CHECK(simplex.status == SolveStatus::kInfeasible,
                   std::string("oracle infeasible, solver ") + ToString(simplex.status));
        break;
      case fz::OracleStatus::kUnbounded:
        FUZZ_CHECK(simplex.status == SolveStatus::kUnbounded,
                   std::string("oracle unbounded, solver ") + ToString(simplex.status));
        break;
      case fz::OracleStatus::kGaveUp:
        break;
    }
  }
  return 0;
}
