// A passerelle network as a benchmark peer's problem (C++20: lemon_peers.h
// itself stays C++17, see there).
#ifndef PASSERELLE_BENCH_PEER_PROBLEM_H_
#define PASSERELLE_BENCH_PEER_PROBLEM_H_

#include "lemon_peers.h"
#include "passerelle/flow/network.h"

namespace passerelle::bench {

// The same problem as `net` (copied outside any timing).
inline PeerProblem PeerProblemOf(const flow::Network& net) {
  PeerProblem p;
  p.num_nodes = net.num_nodes();
  p.tails.assign(net.tails().begin(), net.tails().end());
  p.heads.assign(net.heads().begin(), net.heads().end());
  p.lowers.resize(net.num_arcs());
  for (flow::ArcIndex a = 0; a < net.num_arcs(); ++a) p.lowers[a] = net.lower(a);
  p.capacities.assign(net.capacities().begin(), net.capacities().end());
  p.costs.assign(net.costs().begin(), net.costs().end());
  p.supplies.assign(net.supplies().begin(), net.supplies().end());
  return p;
}

}  // namespace passerelle::bench

#endif  // PASSERELLE_BENCH_PEER_PROBLEM_H_
