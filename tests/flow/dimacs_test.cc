#include "passerelle/flow/dimacs.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "passerelle/error.h"
#include "passerelle/flow/min_cost_flow.h"

namespace passerelle::flow {
namespace {

Network Parse(const std::string& text) {
  std::istringstream in(text);
  return ReadDimacs(in);
}

// The error message of parsing `text`, or "" if it parses.
std::string ParseError(const std::string& text) {
  try {
    Parse(text);
  } catch (const InvalidArgumentError& e) {
    return e.what();
  }
  return "";
}

constexpr const char* kSmall =
    "c a small problem\n"
    "p min 4 5\n"
    "n 1 4\n"
    "n 4 -4\n"
    "a 1 2 0 4 2\n"
    "a 1 3 0 2 2\n"
    "a 2 3 0 2 1\n"
    "a 2 4 0 3 3\n"
    "a 3 4 0 5 1\n";

TEST(DimacsTest, ReadsProblemAndSolvesIt) {
  const Network net = Parse(kSmall);
  EXPECT_EQ(net.num_nodes(), 4);
  EXPECT_EQ(net.num_arcs(), 5);
  EXPECT_EQ(net.supply(0), 4);
  EXPECT_EQ(net.tail(3), 1);
  EXPECT_EQ(net.head(3), 3);
  const Solution s = SolveMinCostFlow(net);
  ASSERT_EQ(s.status, SolveStatus::kOptimal);
  EXPECT_EQ(s.total_cost, 14);
  std::ostringstream out;
  WriteDimacsSolution(net, s, /*with_flows=*/true, out);
  EXPECT_EQ(out.str().substr(0, 5), "s 14\n");
  EXPECT_NE(out.str().find("f 1 2 "), std::string::npos);
}

TEST(DimacsTest, WriteThenReadRoundTrips) {
  Network net(3);
  net.AddArc(0, 1, 1, 5, -2);
  net.AddArc(1, 2, 0, kInfiniteCapacity, 3);
  net.SetSupply(0, 2);
  net.SetSupply(2, -2);
  std::ostringstream out;
  WriteDimacs(net, out);
  const Network back = Parse(out.str());
  ASSERT_EQ(back.num_arcs(), 2);
  EXPECT_EQ(back.lower(0), 1);
  EXPECT_EQ(back.cost(0), -2);
  EXPECT_EQ(back.capacity(1), kInfiniteCapacity);
  EXPECT_EQ(back.supply(2), -2);
}

TEST(DimacsTest, WritesStatusLineForInfeasible) {
  Network net(2);
  net.SetSupply(0, 1);
  net.SetSupply(1, -1);
  std::ostringstream out;
  WriteDimacsSolution(net, SolveMinCostFlow(net), true, out);
  EXPECT_EQ(out.str(), "s INFEASIBLE\n");
}

TEST(DimacsTest, MarksAFlowStoppedByTheTimeLimit) {
  Network net(2);
  net.AddArc(0, 1, 0, 3, 4);
  net.SetSupply(0, 2);
  net.SetSupply(1, -2);
  Solution stopped;
  stopped.status = SolveStatus::kFeasible;
  stopped.flows = {2};
  stopped.total_cost = 8;
  std::ostringstream out;
  WriteDimacsSolution(net, stopped, true, out);
  EXPECT_EQ(out.str(), "s FEASIBLE 8\nf 1 2 2\n");
  Solution none;
  none.status = SolveStatus::kTimeLimit;
  std::ostringstream out2;
  WriteDimacsSolution(net, none, true, out2);
  EXPECT_EQ(out2.str(), "s TIME_LIMIT\n");
}

struct Malformed {
  const char* text;
  const char* expected;  // substring of the message, with the line number
};

TEST(DimacsTest, MalformedFilesNameTheLine) {
  const Malformed cases[] = {
      {"p min 2 1\nx 1 2\n", "line 2: unknown record 'x'"},
      {"a 1 2 0 1 1\n", "line 1: 'a' line before the 'p' line"},
      {"n 1 1\n", "line 1: 'n' line before the 'p' line"},
      {"p min 2 0\np min 2 0\n", "line 2: second 'p' line"},
      {"p max 2 0\n", "line 1: problem type 'max'"},
      {"p min 2\n", "line 1: expected 'p min N M'"},
      {"p min two 0\n", "line 1: node count 'two' is not an integer"},
      {"p min -1 0\n", "line 1: node count -1"},
      {"p min 2 1\na 1 3 0 1 1\n", "line 2: head 3 is not in 1..2"},
      {"p min 2 1\na 0 2 0 1 1\n", "line 2: tail 0 is not in 1..2"},
      {"p min 2 1\na 1 2 3 1 1\n", "line 2: capacity 1 is below lower bound 3"},
      {"p min 2 1\na 1 2 -1 1 1\n", "line 2: lower bound -1 is negative"},
      {"p min 2 1\na 1 2 0 1\n", "line 2: expected 'a TAIL HEAD LOW CAP COST'"},
      {"p min 2 1\na 1 2 0 1 1.5\n", "line 2: cost '1.5' is not an integer"},
      {"p min 2 1\na 1 2 0 1 99999999999999999999\n", "line 2: cost '99999999999999999999' is out of the 64-bit range"},
      {"p min 2 1\nn 3 1\na 1 2 0 1 1\n", "line 2: node id 3 is not in 1..2"},
      {"p min 2 1\nn 1 1\nn 1 2\na 1 2 0 1 1\n", "line 3: supply of node 1 already given on line 2"},
      {"p min 2 2\na 1 2 0 1 1\n", "line 2: found 1 arcs, but line 1 declares 2"},
      {"p min 2 1\na 1 2 0 1 1\na 1 2 0 1 1\n", "line 3: more arcs than the 1 declared on line 1"},
      {"c only a comment\n", "line 1: no 'p min N M' line"},
      {"p min 2 1\na 1 2 0 1 4611686018427387905\n", "line 2: cost[0]"},
  };
  for (const Malformed& c : cases) {
    const std::string message = ParseError(c.text);
    EXPECT_NE(message.find(c.expected), std::string::npos)
        << "input:\n" << c.text << "message: " << message << "\nexpected: " << c.expected;
  }
}

TEST(DimacsTest, AcceptsBlankLinesTabsAndCarriageReturns) {
  const Network net = Parse("c x\r\n\np\tmin 2 1\r\n n 1 1\nn 2 -1\na 1 2 0 1 +3\r\n");
  EXPECT_EQ(net.num_arcs(), 1);
  EXPECT_EQ(net.cost(0), 3);
}

}  // namespace
}  // namespace passerelle::flow
