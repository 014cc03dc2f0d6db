#include "lemon_peers.h"

#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

namespace passerelle::bench {

struct LemonPeer::Impl {
  lemon::SmartDigraph graph;
  lemon::SmartDigraph::ArcMap<int64_t> lower{graph}, upper{graph}, cost{graph};
  lemon::SmartDigraph::NodeMap<int64_t> supply{graph};
};

LemonPeer::LemonPeer(const PeerProblem& p) : impl_(new Impl) {
  Impl& l = *impl_;
  l.graph.reserveNode(p.num_nodes);
  l.graph.reserveArc(static_cast<int>(p.tails.size()));
  std::vector<lemon::SmartDigraph::Node> nodes(p.num_nodes);
  for (auto& v : nodes) v = l.graph.addNode();
  for (int32_t v = 0; v < p.num_nodes; ++v) l.supply[nodes[v]] = p.supplies[v];
  for (size_t e = 0; e < p.tails.size(); ++e) {
    const auto arc = l.graph.addArc(nodes[p.tails[e]], nodes[p.heads[e]]);
    l.lower[arc] = p.lowers[e];
    l.upper[arc] = p.capacities[e];
    l.cost[arc] = p.costs[e];
  }
}

LemonPeer::~LemonPeer() = default;

std::optional<int64_t> LemonPeer::RunNetworkSimplex() const {
  using Simplex = lemon::NetworkSimplex<lemon::SmartDigraph, int64_t, int64_t>;
  Simplex simplex(impl_->graph);
  simplex.lowerMap(impl_->lower).upperMap(impl_->upper).costMap(impl_->cost)
      .supplyMap(impl_->supply);
  if (simplex.run() != Simplex::OPTIMAL) return std::nullopt;
  return simplex.totalCost<int64_t>();
}

std::optional<int64_t> LemonPeer::RunCostScaling() const {
  using Scaling = lemon::CostScaling<lemon::SmartDigraph, int64_t, int64_t>;
  Scaling scaling(impl_->graph);
  scaling.lowerMap(impl_->lower).upperMap(impl_->upper).costMap(impl_->cost)
      .supplyMap(impl_->supply);
  if (scaling.run() != Scaling::OPTIMAL) return std::nullopt;
  return scaling.totalCost<int64_t>();
}

}  // namespace passerelle::bench
