// Cost scaling: Goldberg's epsilon-scaling push-relabel with partial
// augment-relabel, global price updates and exact dual certificates; see
// min_cost_flow.h for the method and references.
//
// Layout. The residual network is a CSR array of `ResidualArc` (cost,
// residual capacity, head, reverse: 24 bytes, what a push or a relabel reads
// of an arc on one cache line). Each kept arc (capacity > 0, not a loop)
// gives a forward arc at its tail and a backward arc at its head. Costs are
// multiplied by n + 1, so that the last phase, epsilon = 1, is
// epsilon < 1/n in the original units: the flow is then optimal [Goldberg &
// Tarjan 1990]. Prices follow the API's convention: rc(u, v) = cost +
// pi[u] - pi[v]; an arc is admissible when it has residual capacity and
// rc < 0; a phase keeps rc >= -epsilon on every residual arc.
//
// Phase (refine): saturate every residual arc of negative reduced cost, then
// take active nodes (positive excess) in FIFO order and from each grow an
// admissible path of at most 4 arcs (relabelling, i.e. lowering the price of,
// a tip with no admissible arc, and stepping back), stopping at a deficit or
// at a cycle, and push along it [Kiraly & Kovacs 2012: LEMON's
// "partial augment-relabel"]. Every n + S^2 relabels (S: nodes with a positive
// supply), a global update sets each price from its distance, in units of
// epsilon, to the deficits (Dial buckets over the reversed residual arcs).
//
// Infeasibility: a global update that cannot reach an excess node from the
// deficits proves the supplies infeasible (the unreached set has more supply
// than the capacity leaving it). Safety nets, which never decide an answer:
// a price that falls further in one phase than the theory allows for a
// feasible problem (Goldberg & Tarjan's bound, with a generous margin) or
// that leaves the 64-bit range ends the run with kNotSolved, and the caller
// runs network simplex.
//
// Certificate: after the last phase, prices rounded down to the original
// units leave every residual arc with rc >= -1; a label-correcting
// shortest-path pass over the residual network from all nodes at distance 0
// (few arcs are negative, so it settles in about one sweep) makes them exact:
// pi + dist gives rc >= 0 on every residual arc.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <utility>
#include <limits>
#include <vector>

#include "internal.h"
#include "passerelle/internal/memory.h"

namespace passerelle::flow::internal {
namespace {

constexpr Cost kAlpha = 16;            // epsilon divided by 16 per phase (LEMON's default)
constexpr int kMaxPathLength = 4;      // partial augment: arcs per path
constexpr Cost kPriceLimit = Cost{1} << 61;

struct ResidualArc {
  Cost cost;        // scaled
  Flow capacity;    // residual
  NodeIndex head;
  int32_t reverse;
};

class CostScaling {
 public:
  explicit CostScaling(const Prepared& problem) : problem_(problem) {}

  SolveStatus Run(std::vector<Flow>& flow, std::vector<Cost>& potential) {
    const SolveStatus built = Build();
    if (built != SolveStatus::kNotSolved) return built;
    const bool debug = std::getenv("PASSERELLE_FLOW_DEBUG") != nullptr;
    const auto start = std::chrono::steady_clock::now();
    SolveStatus status = SolveStatus::kOptimal;
    Cost epsilon = std::max<Cost>(max_scaled_cost_, 1);
    int phases = 0;
    for (epsilon = epsilon >= kAlpha ? epsilon / kAlpha : 1; epsilon >= 1;
         epsilon = epsilon < kAlpha && epsilon > 1 ? 1 : epsilon / kAlpha) {
      epsilon_ = epsilon;
      const int64_t relabels_before = relabels_;
      // Price refinement from the second phase on: when prices alone make
      // the current flow epsilon-optimal, the phase has nothing to do.
      if (phases > 0 && RefinePrices()) {
        ++phases;
        ++refined_;
        continue;
      }
      status = Refine();
      ++phases;
      if (debug) {
        std::fprintf(stderr, "cost scaling: epsilon %lld, %lld relabels, %.3f s\n", static_cast<long long>(epsilon),
                     static_cast<long long>(relabels_ - relabels_before),
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      if (status != SolveStatus::kOptimal) break;
    }
    if (debug) {
      std::fprintf(stderr, "cost scaling: %d phases (%lld by prices alone), %lld relabels, %lld global updates, %.3f s, %s\n",
                   phases, static_cast<long long>(refined_), static_cast<long long>(relabels_),
                   static_cast<long long>(global_updates_),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                   ToString(status));
    }
    if (status == SolveStatus::kOptimal || status == SolveStatus::kTimeLimit) ExtractFlow(flow);
    if (status != SolveStatus::kOptimal) return status;
    return Certify(potential) ? SolveStatus::kOptimal : SolveStatus::kNotSolved;
  }

 private:
  SolveStatus Build() {
    const Network& net = *problem_.network;
    n_ = problem_.num_nodes();
    const ArcIndex m = problem_.num_arcs();
    scale_ = static_cast<Cost>(n_) + 1;
    // Prepare bounds 8 (n + 2)(max |cost| + 1) by 2^62: scaled costs < 2^59.
    const Cost* cost = net.costs().data();
    forward_.assign(m, -1);
    std::vector<int64_t> degree(n_ + 1, 0);
    int64_t kept = 0;
    for (ArcIndex a = 0; a < m; ++a) {
      if (problem_.capacity[a] <= 0 || net.tail(a) == net.head(a)) continue;
      ++degree[net.tail(a) + 1];
      ++degree[net.head(a) + 1];
      ++kept;
    }
    if (2 * kept >= std::numeric_limits<int32_t>::max()) return SolveStatus::kNotSolved;
    first_out_.assign(n_ + 1, 0);
    for (NodeIndex v = 0; v < n_; ++v) first_out_[v + 1] = first_out_[v] + static_cast<int32_t>(degree[v + 1]);
    arcs_.resize(2 * kept);
    std::vector<int32_t> fill(first_out_.begin(), first_out_.end() - 1);
    for (ArcIndex a = 0; a < m; ++a) {
      if (problem_.capacity[a] <= 0 || net.tail(a) == net.head(a)) continue;
      const NodeIndex u = net.tail(a), v = net.head(a);
      const int32_t f = fill[u]++, b = fill[v]++;
      const Cost c = cost[a] * scale_;
      arcs_[f] = {c, problem_.capacity[a], v, b};
      arcs_[b] = {-c, 0, u, f};
      forward_[a] = f;
      max_scaled_cost_ = std::max(max_scaled_cost_, c < 0 ? -c : c);
    }
    excess_.assign(problem_.supply.begin(), problem_.supply.end());
    pi_.assign(n_, 0);
    next_out_.assign(first_out_.begin(), first_out_.end() - 1);
    phase_start_pi_.assign(n_, 0);
    max_rank_ = static_cast<int32_t>(std::min<int64_t>(kAlpha * static_cast<int64_t>(n_) + 1, int64_t{1} << 30));
    rank_.assign(n_, 0);
    bucket_next_.assign(n_ + 1, 0);
    bucket_prev_.assign(n_ + 1, 0);
    buckets_.assign(max_rank_, n_);
    path_arc_.assign(arcs_.size(), 0);
    int64_t supply_nodes = 0;
    for (NodeIndex v = 0; v < n_; ++v) supply_nodes += problem_.supply[v] > 0;
    global_update_every_ = n_ + std::min<int64_t>(supply_nodes * supply_nodes, int64_t{1} << 40);
    next_global_update_ = global_update_every_;
    return SolveStatus::kNotSolved;
  }

  // Saturates the residual arcs of negative reduced cost, queues the nodes
  // with excess.
  void InitPhase() {
    for (NodeIndex u = 0; u < n_; ++u) {
      const Cost pi_u = pi_[u];
      for (int32_t a = first_out_[u]; a < first_out_[u + 1]; ++a) {
        ResidualArc& arc = arcs_[a];
        if (arc.capacity > 0 && arc.cost + pi_u - pi_[arc.head] < 0) {
          const Flow delta = arc.capacity;
          excess_[u] -= delta;
          excess_[arc.head] += delta;
          arc.capacity = 0;
          arcs_[arc.reverse].capacity += delta;
        }
      }
    }
    active_.clear();
    for (NodeIndex u = 0; u < n_; ++u) {
      if (excess_[u] > 0) active_.push_back(u);
    }
    std::copy(first_out_.begin(), first_out_.end() - 1, next_out_.begin());
    std::copy(pi_.begin(), pi_.end(), phase_start_pi_.begin());
    // For a feasible problem a price falls by at most (alpha + 1) n epsilon
    // in a phase [Goldberg & Tarjan]; four times that is a safe alarm.
    const __int128 drop = __int128{4} * (kAlpha + 2) * (n_ + 1) * epsilon_;
    max_drop_ = drop > kPriceLimit ? kPriceLimit : static_cast<Cost>(drop);
  }

  // One phase at epsilon_: kOptimal when the flow is epsilon-optimal.
  SolveStatus Refine() {
    InitPhase();
    std::vector<int32_t> path;
    path.reserve(kMaxPathLength + 1);
    while (true) {
      while (!active_.empty() && excess_[active_.front()] <= 0) active_.pop_front();
      if (active_.empty()) break;
      if ((iterations_++ & 1023) == 0 && problem_.past_deadline()) return SolveStatus::kTimeLimit;
      const NodeIndex start = active_.front();
      NodeIndex tip = start;
      bool cycle = false;
      while (static_cast<int>(path.size()) < kMaxPathLength && excess_[tip] >= 0) {
        const Cost pi_tip = pi_[tip];
        Cost least = std::numeric_limits<Cost>::max();
        const int32_t end = first_out_[tip + 1];
        int32_t found = -1;
        for (int32_t a = next_out_[tip]; a < end; ++a) {
          const ResidualArc& arc = arcs_[a];
          if (arc.capacity <= 0) continue;
          const Cost rc = arc.cost + pi_tip - pi_[arc.head];
          if (rc < 0) {
            found = a;
            break;
          }
          least = std::min(least, rc);
        }
        if (found >= 0) {
          next_out_[tip] = found;
          path.push_back(found);
          if (path_arc_[found]) {
            cycle = true;
            break;
          }
          path_arc_[found] = 1;
          tip = arcs_[found].head;
          continue;
        }
        // Relabel the tip: its least reduced cost becomes -epsilon.
        if (tip != start) {
          const ResidualArc& back = arcs_[arcs_[path.back()].reverse];
          least = std::min(least, back.cost + pi_tip - pi_[back.head]);
        }
        for (int32_t a = first_out_[tip]; a < next_out_[tip]; ++a) {
          const ResidualArc& arc = arcs_[a];
          if (arc.capacity > 0) least = std::min(least, arc.cost + pi_tip - pi_[arc.head]);
        }
        if (least == std::numeric_limits<Cost>::max()) {
          // No residual arc at all leaves an excess node: infeasible (the
          // node's supply exceeds what can leave it).
          return SolveStatus::kInfeasible;
        }
        const Cost new_pi = pi_tip - (least + epsilon_);
        if (new_pi < -kPriceLimit || phase_start_pi_[tip] - new_pi > max_drop_) {
          return SolveStatus::kNotSolved;
        }
        pi_[tip] = new_pi;
        next_out_[tip] = first_out_[tip];
        ++relabels_;
        if (tip != start) {
          const int32_t a = path.back();
          path.pop_back();
          path_arc_[a] = 0;
          tip = arcs_[arcs_[a].reverse].head;
        }
      }
      (void)cycle;
      // Push along the path as much as each node's excess allows.
      NodeIndex v = start;
      for (const int32_t a : path) {
        const NodeIndex u = v;
        ResidualArc& arc = arcs_[a];
        v = arc.head;
        path_arc_[a] = 0;
        const Flow delta = std::min(arc.capacity, excess_[u]);
        arc.capacity -= delta;
        arcs_[arc.reverse].capacity += delta;
        excess_[u] -= delta;
        excess_[v] += delta;
        if (excess_[v] > 0 && excess_[v] <= delta) active_.push_back(v);
      }
      path.clear();
      if (relabels_ >= next_global_update_) {
        const SolveStatus status = GlobalUpdate();
        if (status != SolveStatus::kNotSolved) return status;
        next_global_update_ = relabels_ + global_update_every_;
      }
    }
    return SolveStatus::kOptimal;
  }

  // Tries to make the current flow epsilon-optimal by lowering prices only:
  // while the admissible network (residual arcs of rc < 0) is acyclic, give
  // each node the rank of its longest admissible path in, counting
  // ceil(-rc / epsilon) - 1 per arc, and lower the prices by epsilon times
  // ranks propagated top-down (a Dial pass). True when no admissible arc is
  // worse than -epsilon; false at the first admissible cycle (the phase
  // then runs as usual, from the prices reached).
  bool RefinePrices() {
    std::vector<NodeIndex>& order = refine_order_;
    std::vector<char>& state = refine_state_;  // 0 new, 1 on the stack, 2 done
    std::vector<std::pair<NodeIndex, int32_t>>& stack = refine_stack_;
    state.assign(n_, 0);
    for (int round = 0; round < 64; ++round) {
      order.clear();
      std::fill(state.begin(), state.end(), 0);
      // Depth-first search over admissible arcs: postorder, cycle check.
      for (NodeIndex root = 0; root < n_; ++root) {
        if (state[root] != 0) continue;
        stack.assign(1, {root, first_out_[root]});
        state[root] = 1;
        while (!stack.empty()) {
          auto& [u, next] = stack.back();
          const Cost pi_u = pi_[u];
          bool descended = false;
          for (; next < first_out_[u + 1]; ++next) {
            const ResidualArc& arc = arcs_[next];
            if (arc.capacity <= 0 || arc.cost + pi_u - pi_[arc.head] >= 0) continue;
            const NodeIndex v = arc.head;
            if (state[v] == 1) return false;  // an admissible cycle
            if (state[v] == 0) {
              state[v] = 1;
              ++next;
              stack.push_back({v, first_out_[v]});
              descended = true;
              break;
            }
          }
          if (descended) continue;
          state[u] = 2;
          order.push_back(u);
          stack.pop_back();
        }
      }
      // Ranks in topological order (reverse postorder).
      std::fill(rank_.begin(), rank_.end(), 0);
      int32_t top = 0;
      for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const NodeIndex u = *it;
        const Cost pi_u = pi_[u];
        const int32_t rank_u = rank_[u];
        top = std::max(top, rank_u);
        for (int32_t a = first_out_[u]; a < first_out_[u + 1]; ++a) {
          const ResidualArc& arc = arcs_[a];
          if (arc.capacity <= 0) continue;
          const Cost rc = arc.cost + pi_u - pi_[arc.head];
          if (rc >= 0) continue;
          const Cost steps = (-rc - 1) / epsilon_;
          if (steps >= max_rank_ - rank_u) return false;
          rank_[arc.head] = std::max(rank_[arc.head], rank_u + static_cast<int32_t>(steps));
        }
      }
      if (top == 0) return true;
      // Top-down: a node of rank r lowers its price by r epsilon; its
      // residual successors of lower rank rise to what keeps their arcs
      // within -epsilon.
      const NodeIndex none = n_;
      std::fill(buckets_.begin(), buckets_.begin() + top + 1, none);
      for (NodeIndex v = 0; v < n_; ++v) {
        const int32_t r = rank_[v];
        if (r <= 0) continue;
        PushToBucket(v, r);
      }
      for (int32_t r = top; r > 0; --r) {
        while (buckets_[r] != none) {
          const NodeIndex u = buckets_[r];
          buckets_[r] = bucket_next_[u];
          const Cost pi_u = pi_[u];
          for (int32_t a = first_out_[u]; a < first_out_[u + 1]; ++a) {
            const ResidualArc& arc = arcs_[a];
            if (arc.capacity <= 0) continue;
            const NodeIndex v = arc.head;
            const int32_t old_rank = rank_[v];
            if (old_rank >= r) continue;
            const Cost rc = arc.cost + pi_u - pi_[v];
            int32_t new_rank;
            if (rc < 0) {
              new_rank = r;
            } else {
              const Cost steps = rc / epsilon_;
              new_rank = steps >= r - 1 ? 0 : r - 1 - static_cast<int32_t>(steps);
            }
            if (new_rank <= old_rank) continue;
            rank_[v] = new_rank;
            if (old_rank > 0) UnlinkFromBucket(v, old_rank);
            PushToBucket(v, new_rank);
          }
          pi_[u] -= static_cast<Cost>(r) * epsilon_;
          if (pi_[u] < -kPriceLimit) return false;
        }
      }
    }
    return false;
  }

  // Lowers each price by epsilon times its node's distance to the deficits
  // (each residual arc counts floor(rc / epsilon) + 1), capped at the rank of
  // the last excess node reached. kNotSolved: go on.
  SolveStatus GlobalUpdate() {
    ++global_updates_;
    const NodeIndex none = n_;
    std::fill(buckets_.begin(), buckets_.end(), none);
    Flow total_excess = 0;
    NodeIndex first = none;
    for (NodeIndex v = 0; v < n_; ++v) {
      if (excess_[v] < 0) {
        rank_[v] = 0;
        bucket_next_[v] = first;
        bucket_prev_[first] = v;
        first = v;
      } else {
        total_excess += excess_[v];
        rank_[v] = max_rank_;
      }
    }
    if (total_excess == 0) return SolveStatus::kNotSolved;
    buckets_[0] = first;
    int32_t r = 0;
    for (; r < max_rank_; ++r) {
      while (buckets_[r] != none) {
        const NodeIndex u = buckets_[r];
        buckets_[r] = bucket_next_[u];
        const Cost pi_u = pi_[u];
        for (int32_t a = first_out_[u]; a < first_out_[u + 1]; ++a) {
          const ResidualArc& arc = arcs_[a];
          const NodeIndex v = arc.head;
          const int32_t old_rank = rank_[v];
          if (r >= old_rank || arcs_[arc.reverse].capacity <= 0) continue;
          // v -> u has cost -arc.cost.
          const Cost steps = (-arc.cost + pi_[v] - pi_u) / epsilon_;
          if (steps >= max_rank_ - r - 1) continue;
          const int32_t new_rank = r + 1 + static_cast<int32_t>(steps);
          if (new_rank >= old_rank) continue;
          rank_[v] = new_rank;
          next_out_[v] = first_out_[v];
          if (old_rank < max_rank_) UnlinkFromBucket(v, old_rank);
          PushToBucket(v, new_rank);
        }
        if (excess_[u] > 0) {
          total_excess -= excess_[u];
          if (total_excess <= 0) break;
        }
      }
      if (total_excess <= 0) break;
    }
    if (total_excess > 0 && ExcessUnreachable()) return SolveStatus::kInfeasible;
    if (r >= max_rank_) r = max_rank_ - 1;
    if (static_cast<__int128>(r) * epsilon_ > kPriceLimit) return SolveStatus::kNotSolved;
    for (NodeIndex v = 0; v < n_; ++v) {
      const int32_t k = std::min(rank_[v], r);
      if (k > 0) {
        pi_[v] -= epsilon_ * k;
        if (pi_[v] < -kPriceLimit) return SolveStatus::kNotSolved;
        next_out_[v] = first_out_[v];
      }
    }
    return SolveStatus::kNotSolved;
  }

  // True if some node with excess has no residual path to a deficit.
  bool ExcessUnreachable() {
    std::vector<char> seen(n_, 0);
    std::vector<NodeIndex> queue;
    for (NodeIndex v = 0; v < n_; ++v) {
      if (excess_[v] < 0) {
        seen[v] = 1;
        queue.push_back(v);
      }
    }
    for (size_t i = 0; i < queue.size(); ++i) {
      const NodeIndex u = queue[i];
      for (int32_t a = first_out_[u]; a < first_out_[u + 1]; ++a) {
        const NodeIndex v = arcs_[a].head;
        if (!seen[v] && arcs_[arcs_[a].reverse].capacity > 0) {
          seen[v] = 1;
          queue.push_back(v);
        }
      }
    }
    for (NodeIndex v = 0; v < n_; ++v) {
      if (excess_[v] > 0 && !seen[v]) return true;
    }
    return false;
  }

  void ExtractFlow(std::vector<Flow>& flow) const {
    const Network& net = *problem_.network;
    const ArcIndex m = problem_.num_arcs();
    passerelle::internal::AssignForWriting(flow, static_cast<size_t>(m), Flow{0});
    for (ArcIndex a = 0; a < m; ++a) {
      if (forward_[a] >= 0) {
        flow[a] = problem_.capacity[a] - arcs_[forward_[a]].capacity;
      } else if (net.tail(a) == net.head(a) && net.cost(a) < 0) {
        flow[a] = problem_.capacity[a];  // a negative loop: full
      }
    }
  }

  // Exact integral potentials from the scaled prices (see the top).
  bool Certify(std::vector<Cost>& potential) const {
    potential.resize(n_);
    for (NodeIndex v = 0; v < n_; ++v) {
      const Cost p = pi_[v];
      potential[v] = p >= 0 ? p / scale_ : -((-p + scale_ - 1) / scale_);  // floor
    }
    // Label-correcting shortest paths (FIFO queue), all nodes at distance 0.
    std::vector<Cost> dist(n_, 0);
    std::vector<char> queued(n_, 1);
    std::vector<int32_t> passes(n_, 0);
    std::deque<NodeIndex> queue;
    for (NodeIndex v = 0; v < n_; ++v) queue.push_back(v);
    while (!queue.empty()) {
      const NodeIndex u = queue.front();
      queue.pop_front();
      queued[u] = 0;
      if (++passes[u] > n_ + 1) return false;  // a negative cycle: cannot be
      const Cost base = dist[u] + potential[u];
      for (int32_t a = first_out_[u]; a < first_out_[u + 1]; ++a) {
        const ResidualArc& arc = arcs_[a];
        if (arc.capacity <= 0) continue;
        const NodeIndex v = arc.head;
        const Cost candidate = base + arc.cost / scale_ - potential[v];
        if (candidate < dist[v]) {
          dist[v] = candidate;
          if (!queued[v]) {
            queued[v] = 1;
            queue.push_back(v);
          }
        }
      }
    }
    for (NodeIndex v = 0; v < n_; ++v) potential[v] += dist[v];
    return true;
  }

  const Prepared& problem_;
  NodeIndex n_ = 0;
  Cost scale_ = 1;
  Cost max_scaled_cost_ = 0;
  Cost epsilon_ = 1;
  Cost max_drop_ = kPriceLimit;
  std::vector<int32_t> first_out_;
  std::vector<int32_t> next_out_;
  std::vector<ResidualArc> arcs_;
  std::vector<int32_t> forward_;
  std::vector<Flow> excess_;
  std::vector<Cost> pi_;
  std::vector<Cost> phase_start_pi_;
  std::deque<NodeIndex> active_;
  std::vector<char> path_arc_;
  // Global update.
  int32_t max_rank_ = 0;
  std::vector<int32_t> rank_;
  std::vector<NodeIndex> bucket_next_, bucket_prev_, buckets_;
  // Buckets are doubly linked lists of nodes by rank, `n_` ending them.
  void PushToBucket(NodeIndex v, int32_t rank) {
    const NodeIndex head = buckets_[rank];
    bucket_next_[v] = head;
    bucket_prev_[head] = v;
    buckets_[rank] = v;
  }
  void UnlinkFromBucket(NodeIndex v, int32_t rank) {
    if (buckets_[rank] == v) {
      buckets_[rank] = bucket_next_[v];
    } else {
      const NodeIndex pv = bucket_prev_[v], nv = bucket_next_[v];
      bucket_next_[pv] = nv;
      bucket_prev_[nv] = pv;
    }
  }
  int64_t global_update_every_ = 0;
  int64_t next_global_update_ = 0;
  int64_t relabels_ = 0;
  int64_t iterations_ = 0;  // paths grown, over every phase
  int64_t refined_ = 0;     // phases skipped by price refinement
  std::vector<NodeIndex> refine_order_;
  std::vector<char> refine_state_;
  std::vector<std::pair<NodeIndex, int32_t>> refine_stack_;
  int64_t global_updates_ = 0;
};

}  // namespace

SolveStatus RunCostScaling(const Prepared& problem, std::vector<Flow>& flow,
                           std::vector<Cost>& potential) {
  CostScaling solver(problem);
  return solver.Run(flow, potential);
}

}  // namespace passerelle::flow::internal
