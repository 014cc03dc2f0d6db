#include "passerelle/flow/network.h"

#include <string>

#include "passerelle/error.h"
#include "passerelle/internal/memory.h"

namespace passerelle::flow {
namespace {

void CheckMagnitude(int64_t value, const char* what, int64_t index) {
  if (value > kMaxMagnitude || value < -kMaxMagnitude) {
    throw InvalidArgumentError(std::string(what) + "[" + std::to_string(index) +
                               "]: " + std::to_string(value) +
                               " exceeds 2^62 in magnitude");
  }
}

void CheckBounds(Flow lower, Flow capacity, int64_t arc) {
  auto where = [arc] { return "arcs[" + std::to_string(arc) + "]"; };  // only on failure
  if (lower < 0) {
    throw InvalidArgumentError(where() + ".lower: " + std::to_string(lower) +
                               " is negative");
  }
  if (capacity < lower) {
    throw InvalidArgumentError(where() + ".capacity: " + std::to_string(capacity) +
                               " is below lower bound " + std::to_string(lower));
  }
  if (capacity != kInfiniteCapacity) CheckMagnitude(capacity, "capacity", arc);
  CheckMagnitude(lower, "lower", arc);
}

}  // namespace

Network::Network(NodeIndex num_nodes) {
  if (num_nodes < 0) {
    throw InvalidArgumentError("num_nodes: " + std::to_string(num_nodes) +
                               " is negative");
  }
  supply_.assign(num_nodes, 0);
}

NodeIndex Network::AddNode() {
  supply_.push_back(0);
  return num_nodes() - 1;
}

void Network::CheckNode(NodeIndex v, const char* what) const {
  if (v < 0 || v >= num_nodes()) {
    throw InvalidArgumentError(std::string(what) + ": node " + std::to_string(v) +
                               " is not in [0, " + std::to_string(num_nodes()) +
                               ")");
  }
}

void Network::CheckArc(ArcIndex a, const char* what) const {
  if (a < 0 || a >= num_arcs()) {
    throw InvalidArgumentError(std::string(what) + ": arc " + std::to_string(a) +
                               " is not in [0, " + std::to_string(num_arcs()) +
                               ")");
  }
}

ArcIndex Network::AddArc(NodeIndex tail, NodeIndex head, Flow lower,
                         Flow capacity, Cost cost) {
  CheckNode(tail, "AddArc.tail");
  CheckNode(head, "AddArc.head");
  if (tail_.size() >= static_cast<size_t>(std::numeric_limits<ArcIndex>::max())) {
    throw InvalidArgumentError("AddArc: more than 2^31 - 1 arcs");
  }
  const ArcIndex a = num_arcs();
  CheckBounds(lower, capacity, a);
  CheckMagnitude(cost, "cost", a);
  tail_.push_back(tail);
  head_.push_back(head);
  capacity_.push_back(capacity);
  cost_.push_back(cost);
  if (lower != 0 || !lower_.empty()) {
    lower_.resize(a, 0);  // first nonzero lower bound: materialise the zeros
    lower_.push_back(lower);
  }
  return a;
}

void Network::CheckValues(Flow lower, Flow capacity, Cost cost, int64_t arc) {
  CheckBounds(lower, capacity, arc);
  CheckMagnitude(cost, "cost", arc);
}

void Network::Overfilled() {
  throw InvalidArgumentError("AddArcs: a slice's fill added more arcs than its slice holds");
}

void Network::Underfilled() {
  throw InvalidArgumentError("AddArcs: a slice's fill added fewer arcs than its slice holds");
}

void Network::GrowArcs(int64_t count) {
  if (count < 0) {
    throw InvalidArgumentError("AddArcs.count: " + std::to_string(count) + " is negative");
  }
  if (static_cast<int64_t>(num_arcs()) + count > std::numeric_limits<ArcIndex>::max()) {
    throw InvalidArgumentError("AddArcs: more than 2^31 - 1 arcs");
  }
  const size_t size = static_cast<size_t>(num_arcs()) + static_cast<size_t>(count);
  // Filled next, in full (AddArcs).
  internal::ResizeForWriting(tail_, size);
  internal::ResizeForWriting(head_, size);
  internal::ResizeForWriting(capacity_, size);
  internal::ResizeForWriting(cost_, size);
  if (!lower_.empty()) lower_.resize(size, 0);
}

void Network::ShrinkArcs(ArcIndex count) {
  tail_.resize(count);
  head_.resize(count);
  capacity_.resize(count);
  cost_.resize(count);
  if (!lower_.empty()) lower_.resize(count);
}

void Network::SetSupply(NodeIndex node, Flow supply) {
  CheckNode(node, "SetSupply.node");
  CheckMagnitude(supply, "supply", node);
  supply_[node] = supply;
}

void Network::SetCapacity(ArcIndex arc, Flow capacity) {
  CheckArc(arc, "SetCapacity.arc");
  CheckBounds(lower(arc), capacity, arc);
  capacity_[arc] = capacity;
}

void Network::SetLower(ArcIndex arc, Flow lower) {
  CheckArc(arc, "SetLower.arc");
  CheckBounds(lower, capacity_[arc], arc);
  if (lower != 0 && lower_.empty()) lower_.assign(num_arcs(), 0);
  if (!lower_.empty()) lower_[arc] = lower;
}

void Network::SetCost(ArcIndex arc, Cost cost) {
  CheckArc(arc, "SetCost.arc");
  CheckMagnitude(cost, "cost", arc);
  cost_[arc] = cost;
}

void Network::Reserve(NodeIndex nodes, ArcIndex arcs) {
  supply_.reserve(nodes);
  tail_.reserve(arcs);
  head_.reserve(arcs);
  capacity_.reserve(arcs);
  cost_.reserve(arcs);
}

}  // namespace passerelle::flow
