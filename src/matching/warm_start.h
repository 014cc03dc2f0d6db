// A session's previous solution, for warm starts: kept with the node and
// arc keys of its network, so that the next network, rebuilt after a change,
// starts from it wherever its nodes and arcs are the same.
#ifndef PASSERELLE_SRC_MATCHING_WARM_START_H_
#define PASSERELLE_SRC_MATCHING_WARM_START_H_

#include <cstdint>
#include <vector>

#include "flow_model.h"
#include "passerelle/flow/min_cost_flow.h"

namespace passerelle::matching {

class WarmStart {
 public:
  // Whether a solution is kept.
  bool has_solution() const { return has_solution_; }
  // The kept solution: a re-solve of the same network, edited in place,
  // starts from it and replaces it.
  flow::Solution& solution() { return solution_; }

  // The kept solution on `model` (keyed), matched by node and arc keys:
  // potentials of the nodes found, flows of the arcs found (capped at their
  // new capacity), zero elsewhere.
  flow::Solution AlignedTo(const FlowModel& model) const;
  // Keeps `solution` of `model` (keyed) for the next solve.
  void Keep(const FlowModel& model, const flow::Solution& solution);

 private:
  // Indexed only when aligning: a one-shot match never pays for the index.
  std::vector<uint64_t> node_keys_, arc_keys_;
  flow::Solution solution_;
  bool has_solution_ = false;
};

}  // namespace passerelle::matching

#endif  // PASSERELLE_SRC_MATCHING_WARM_START_H_
