// LEMON as a benchmark peer, behind a plain interface: LEMON 1.3 does not
// compile as C++20 (it uses std::allocator::construct), so lemon_peers.cc is
// built as C++17 and nothing of LEMON leaks into C++20 code.
#ifndef PASSERELLE_BENCH_LEMON_PEERS_H_
#define PASSERELLE_BENCH_LEMON_PEERS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace passerelle::bench {

struct PeerProblem {
  int32_t num_nodes = 0;
  std::vector<int32_t> tails, heads;
  std::vector<int64_t> lowers, capacities, costs;  // capacity INT64_MAX = none
  std::vector<int64_t> supplies;
};

class LemonPeer {
 public:
  // Builds the LEMON SmartDigraph and maps (not part of any timing).
  explicit LemonPeer(const PeerProblem& problem);
  ~LemonPeer();
  // Optimal cost, or nullopt if not optimal. Each call solves from scratch.
  std::optional<int64_t> RunNetworkSimplex() const;
  std::optional<int64_t> RunCostScaling() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace passerelle::bench

#endif  // PASSERELLE_BENCH_LEMON_PEERS_H_
