// A session's previous solution, for warm starts (see warm_start.h).
#include "warm_start.h"

#include <algorithm>
#include <unordered_map>

namespace passerelle::matching {

using flow::ArcIndex;
using flow::NodeIndex;

flow::Solution WarmStart::AlignedTo(const FlowModel& model) const {
  std::unordered_map<uint64_t, NodeIndex> node_of;
  std::unordered_map<uint64_t, ArcIndex> arc_of;
  node_of.reserve(node_keys_.size());
  arc_of.reserve(arc_keys_.size());
  for (size_t v = 0; v < node_keys_.size(); ++v) node_of.emplace(node_keys_[v], static_cast<NodeIndex>(v));
  for (size_t a = 0; a < arc_keys_.size(); ++a) arc_of.emplace(arc_keys_[a], static_cast<ArcIndex>(a));
  const flow::Network& net = model.net;
  flow::Solution aligned;
  aligned.status = solution_.status;
  aligned.flows.assign(net.num_arcs(), 0);
  aligned.potentials.assign(net.num_nodes(), 0);
  for (NodeIndex v = 0; v < net.num_nodes(); ++v) {
    auto it = node_of.find(model.node_keys[v]);
    if (it != node_of.end()) aligned.potentials[v] = solution_.potentials[it->second];
  }
  for (ArcIndex a = 0; a < net.num_arcs(); ++a) {
    auto it = arc_of.find(model.arc_keys[a]);
    if (it != arc_of.end()) aligned.flows[a] = std::min(solution_.flows[it->second], net.capacity(a));
  }
  return aligned;
}

void WarmStart::Keep(const FlowModel& model, const flow::Solution& solution) {
  node_keys_ = model.node_keys;
  arc_keys_ = model.arc_keys;
  solution_ = solution;
  has_solution_ = true;
}

}  // namespace passerelle::matching
