// Network::AddArcs (arcs written in slices on several threads) against the
// same arcs added one by one, and its errors: any bad arc, a slice filled
// with too few or too many arcs, or an exception from the fill, leave the
// network as it was.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "flow_oracle.h"
#include "passerelle/error.h"
#include "passerelle/flow/network.h"

namespace passerelle::flow {
namespace {

using testing::Rng;

struct ArcSpec {
  NodeIndex tail, head;
  Flow capacity;
  Cost cost;
};

std::vector<ArcSpec> RandomArcs(Rng& rng, NodeIndex nodes, ArcIndex count) {
  std::vector<ArcSpec> arcs(count);
  for (ArcSpec& a : arcs) {
    a.tail = static_cast<NodeIndex>(rng.Uniform(0, nodes - 1));
    a.head = static_cast<NodeIndex>(rng.Uniform(0, nodes - 1));
    a.capacity = rng.Uniform(0, 9) == 0 ? kInfiniteCapacity : rng.Uniform(0, 1000);
    // Up to the largest magnitude accepted (Uniform's range must fit in 64 bits).
    const int64_t pick = rng.Uniform(0, 9);
    a.cost = pick == 0 ? kMaxMagnitude : pick == 1 ? -kMaxMagnitude : rng.Uniform(-(kMaxMagnitude / 2), kMaxMagnitude / 2);
  }
  return arcs;
}

// A network of `nodes` nodes with a few arcs already, one with a lower bound
// when `lower` is set.
Network Base(NodeIndex nodes, bool lower) {
  Network net(nodes);
  net.AddArc(0, nodes - 1, 5, 3);
  if (lower) net.AddArc(nodes - 1, 0, 2, 7, -4);
  return net;
}

void ExpectSameArrays(const Network& a, const Network& b, const std::string& context) {
  ASSERT_EQ(a.num_arcs(), b.num_arcs()) << context;
  EXPECT_EQ(a.has_lower_bounds(), b.has_lower_bounds()) << context;
  for (ArcIndex k = 0; k < a.num_arcs(); ++k) {
    EXPECT_EQ(a.tail(k), b.tail(k)) << context << ", arc " << k;
    EXPECT_EQ(a.head(k), b.head(k)) << context << ", arc " << k;
    EXPECT_EQ(a.lower(k), b.lower(k)) << context << ", arc " << k;
    EXPECT_EQ(a.capacity(k), b.capacity(k)) << context << ", arc " << k;
    EXPECT_EQ(a.cost(k), b.cost(k)) << context << ", arc " << k;
  }
}

TEST(NetworkAddArcsTest, SameArcsAsOneByOneWhateverTheThreads) {
  for (uint64_t seed = 0; seed < 60; ++seed) {
    Rng rng(seed);
    const NodeIndex nodes = static_cast<NodeIndex>(rng.Uniform(1, 50));
    const auto count = static_cast<ArcIndex>(rng.Uniform(0, 3000));
    const bool lower = seed % 2 == 1;
    const std::vector<ArcSpec> arcs = RandomArcs(rng, nodes, count);
    Network one_by_one = Base(nodes, lower);
    for (const ArcSpec& a : arcs) one_by_one.AddArc(a.tail, a.head, a.capacity, a.cost);
    for (const int threads : {1, 2, 3, 7}) {
      Network bulk = Base(nodes, lower);
      const ArcIndex first = bulk.AddArcs(count, threads, [&](ArcIndex begin, ArcIndex end, Network::ArcWriter& w) {
        for (ArcIndex i = begin; i < end; ++i) w.Add(arcs[i].tail, arcs[i].head, arcs[i].capacity, arcs[i].cost);
      });
      const std::string context = "seed " + std::to_string(seed) + ", " + std::to_string(threads) + " threads";
      EXPECT_EQ(first, lower ? 2 : 1) << context;
      ExpectSameArrays(one_by_one, bulk, context);
    }
  }
}

// Runs AddArcs with `fill` on a copy of `base` and expects `what` in the
// error and the copy unchanged.
template <typename Fill>
void ExpectRefused(const Network& base, int64_t count, int threads, const Fill& fill, const std::string& what) {
  Network net = base;
  try {
    net.AddArcs(count, threads, fill);
    ADD_FAILURE() << "accepted; expected an error with \"" << what << "\"";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
  ExpectSameArrays(base, net, what);
  EXPECT_EQ(net.num_nodes(), base.num_nodes());
}

TEST(NetworkAddArcsTest, BadInputLeavesTheNetworkAsItWas) {
  for (const bool lower : {false, true}) {
    const Network base = Base(4, lower);
    for (const int threads : {1, 3}) {
      // One bad arc in the middle of the last slice.
      auto with_bad = [](ArcSpec bad) {
        return [bad](ArcIndex begin, ArcIndex end, Network::ArcWriter& w) {
          for (ArcIndex i = begin; i < end; ++i) {
            const ArcSpec a = i == 90 ? bad : ArcSpec{1, 2, 3, 4};
            w.Add(a.tail, a.head, a.capacity, a.cost);
          }
        };
      };
      ExpectRefused(base, 100, threads, with_bad({4, 0, 1, 0}), "AddArcs.tail: node 4 is not in [0, 4)");
      ExpectRefused(base, 100, threads, with_bad({0, -1, 1, 0}), "AddArcs.head: node -1 is not in [0, 4)");
      const std::string at = "[" + std::to_string(base.num_arcs() + 90) + "]";
      ExpectRefused(base, 100, threads, with_bad({0, 1, -1, 0}), "arcs" + at + ".capacity: -1 is below lower bound 0");
      ExpectRefused(base, 100, threads, with_bad({0, 1, kMaxMagnitude + 1, 0}), "capacity" + at);
      ExpectRefused(base, 100, threads, with_bad({0, 1, 1, -kMaxMagnitude - 1}), "cost" + at);
      ExpectRefused(
          base, 100, threads,
          [](ArcIndex begin, ArcIndex end, Network::ArcWriter& w) {
            for (ArcIndex i = begin; i + 1 < end; ++i) w.Add(0, 1, 1, 1);
          },
          "fewer arcs than its slice holds");
      ExpectRefused(
          base, 100, threads,
          [](ArcIndex begin, ArcIndex end, Network::ArcWriter& w) {
            for (ArcIndex i = begin; i <= end; ++i) w.Add(0, 1, 1, 1);
          },
          "more arcs than its slice holds");
      ExpectRefused(
          base, 100, threads,
          [](ArcIndex begin, ArcIndex, Network::ArcWriter&) {
            if (begin >= 0) throw std::runtime_error("fill failed");
          },
          "fill failed");
      ExpectRefused(
          base, -1, threads, [](ArcIndex, ArcIndex, Network::ArcWriter&) {}, "AddArcs.count: -1 is negative");
      ExpectRefused(
          base, int64_t{1} << 31, threads, [](ArcIndex, ArcIndex, Network::ArcWriter&) {},
          "AddArcs: more than 2^31 - 1 arcs");
    }
  }
}

}  // namespace
}  // namespace passerelle::flow
