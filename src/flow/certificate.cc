#include "passerelle/flow/certificate.h"

#include <sstream>
#include <string>
#include <vector>

namespace passerelle::flow {
namespace {

using Int128 = __int128;

std::string ToText(Int128 x) {
  if (x == 0) return "0";
  const bool negative = x < 0;
  std::string digits;
  while (x != 0) {
    const int d = static_cast<int>(x % 10);
    digits.push_back(static_cast<char>('0' + (d < 0 ? -d : d)));
    x /= 10;
  }
  if (negative) digits.push_back('-');
  return std::string(digits.rbegin(), digits.rend());
}

CertificateResult Fail(const std::string& message) { return {false, message}; }

std::string ArcName(const Network& net, ArcIndex a) {
  return "arcs[" + std::to_string(a) + "] (" + std::to_string(net.tail(a)) +
         " -> " + std::to_string(net.head(a)) + ")";
}

}  // namespace

CertificateResult CheckFeasibility(const Network& net, const Solution& solution) {
  if (!solution.has_flow()) {
    return Fail(std::string("status is ") + ToString(solution.status));
  }
  const NodeIndex n = net.num_nodes();
  const ArcIndex m = net.num_arcs();
  if (static_cast<int64_t>(solution.flows.size()) != m) {
    return Fail("flows has " + std::to_string(solution.flows.size()) +
                " entries, expected " + std::to_string(m));
  }
  std::vector<Int128> balance(n, 0);
  Int128 total = 0;
  for (ArcIndex a = 0; a < m; ++a) {
    const Flow f = solution.flows[a];
    if (f < net.lower(a)) {
      return Fail(ArcName(net, a) + ": flow " + std::to_string(f) +
                  " is below lower bound " + std::to_string(net.lower(a)));
    }
    if (f > net.capacity(a)) {
      return Fail(ArcName(net, a) + ": flow " + std::to_string(f) +
                  " exceeds capacity " + std::to_string(net.capacity(a)));
    }
    balance[net.tail(a)] += f;
    balance[net.head(a)] -= f;
    total += Int128{net.cost(a)} * f;
  }
  for (NodeIndex v = 0; v < n; ++v) {
    if (balance[v] != net.supply(v)) {
      return Fail("node " + std::to_string(v) + ": out - in = " +
                  ToText(balance[v]) + " but supply is " +
                  std::to_string(net.supply(v)));
    }
  }
  if (total != solution.total_cost) {
    return Fail("total_cost " + std::to_string(solution.total_cost) +
                " but sum cost * flow = " + ToText(total));
  }
  return {true, ""};
}

CertificateResult CheckOptimality(const Network& net, const Solution& solution) {
  if (solution.status != SolveStatus::kOptimal) {
    return Fail(std::string("status is ") + ToString(solution.status));
  }
  CertificateResult feasible = CheckFeasibility(net, solution);
  if (!feasible.ok) return feasible;
  const NodeIndex n = net.num_nodes();
  if (static_cast<int64_t>(solution.potentials.size()) != n) {
    return Fail("potentials has " + std::to_string(solution.potentials.size()) +
                " entries, expected " + std::to_string(n));
  }
  for (ArcIndex a = 0; a < net.num_arcs(); ++a) {
    const Flow f = solution.flows[a];
    const Int128 rc = Int128{net.cost(a)} + solution.potentials[net.tail(a)] -
                      solution.potentials[net.head(a)];
    if (rc > 0 && f != net.lower(a)) {
      return Fail(ArcName(net, a) + ": reduced cost " + ToText(rc) +
                  " > 0 but flow " + std::to_string(f) + " is above lower " +
                  std::to_string(net.lower(a)));
    }
    if (rc < 0 && f != net.capacity(a)) {
      return Fail(ArcName(net, a) + ": reduced cost " + ToText(rc) +
                  " < 0 but flow " + std::to_string(f) + " is below capacity " +
                  std::to_string(net.capacity(a)));
    }
  }
  return {true, ""};
}

}  // namespace passerelle::flow
