#include "passerelle/flow/certificate.h"

#include <gtest/gtest.h>

#include <string>

#include "passerelle/flow/min_cost_flow.h"

namespace passerelle::flow {
namespace {

Network Triangle() {
  Network net(3);
  net.AddArc(0, 1, 5, 1);
  net.AddArc(1, 2, 5, 1);
  net.AddArc(0, 2, 5, 3);
  net.SetSupply(0, 2);
  net.SetSupply(2, -2);
  return net;
}

TEST(CertificateTest, AcceptsSolverSolution) {
  const Network net = Triangle();
  const Solution s = SolveMinCostFlow(net);
  const CertificateResult r = CheckOptimality(net, s);
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_TRUE(r.message.empty());
}

TEST(CertificateTest, RejectsFeasibleButSuboptimalFlow) {
  const Network net = Triangle();
  Solution s = SolveMinCostFlow(net);
  s.flows = {0, 0, 2};
  s.total_cost = 6;
  const CertificateResult r = CheckOptimality(net, s);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.message.find("reduced cost"), std::string::npos) << r.message;
}

TEST(CertificateTest, RejectsCapacityViolation) {
  const Network net = Triangle();
  Solution s = SolveMinCostFlow(net);
  s.flows[0] = 6;
  const CertificateResult r = CheckOptimality(net, s);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.message.find("arcs[0] (0 -> 1): flow 6 exceeds capacity 5"), std::string::npos)
      << r.message;
}

TEST(CertificateTest, RejectsBrokenConservation) {
  const Network net = Triangle();
  Solution s = SolveMinCostFlow(net);
  s.flows[1] = 1;
  s.total_cost -= 1;
  const CertificateResult r = CheckOptimality(net, s);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.message.find("node"), std::string::npos) << r.message;
}

TEST(CertificateTest, RejectsWrongTotalCost) {
  const Network net = Triangle();
  Solution s = SolveMinCostFlow(net);
  s.total_cost += 1;
  const CertificateResult r = CheckOptimality(net, s);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.message.find("total_cost"), std::string::npos) << r.message;
}

TEST(CertificateTest, RejectsNonOptimalStatusAndWrongSizes) {
  const Network net = Triangle();
  Solution s;
  s.status = SolveStatus::kInfeasible;
  EXPECT_FALSE(CheckOptimality(net, s).ok);
  s = SolveMinCostFlow(net);
  s.potentials.pop_back();
  EXPECT_FALSE(CheckOptimality(net, s).ok);
}

}  // namespace
}  // namespace passerelle::flow
