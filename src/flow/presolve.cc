// Presolve: rewrites a network into the canonical form the algorithms
// recognise (see internal.h), and maps solutions back.
#include <algorithm>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "internal.h"
#include "passerelle/internal/memory.h"

namespace passerelle::flow::internal {
namespace {

using Int128 = __int128;

enum NodeKind : uint8_t {
  kKept,
  kForcedSource,  // every out-arc saturated; gone
  kForcedSink,    // every in-arc saturated; gone
  kForward,       // one out-arc, wide enough: its in-arcs go straight through
  kBackward,      // one in-arc, wide enough: its out-arcs start from its tail
};

// Capacity as a 128-bit number, infinite ones as a value no sum of finite
// ones reaches.
constexpr Int128 kInfinite = Int128{1} << 100;
Int128 Cap(Flow capacity) {
  return capacity == kInfiniteCapacity ? kInfinite : Int128{capacity};
}

}  // namespace

bool Presolve(const Network& net, const Prepared& prepared, Presolved& out, bool turn_mirrored) {
  const NodeIndex n = net.num_nodes();
  const ArcIndex m = net.num_arcs();
  if (n == 0 || m == 0) return false;
  if (LooksLikeMatching(prepared) &&
      !(turn_mirrored && prepared.matching_scan.result == MatchingScan::Result::kMirrored)) {
    return false;
  }

  // Degrees and capacity sums over the arcs that can carry flow.
  std::vector<int32_t> out_degree(n, 0), in_degree(n, 0);
  std::vector<Int128> out_cap(n, 0), in_cap(n, 0);
  ArcIndex zero_arcs = 0;
  for (ArcIndex a = 0; a < m; ++a) {
    if (net.capacity(a) == 0) {
      ++zero_arcs;
      continue;
    }
    const NodeIndex t = net.tail(a), h = net.head(a);
    ++out_degree[t];
    ++in_degree[h];
    out_cap[t] += Cap(net.capacity(a));
    in_cap[h] += Cap(net.capacity(a));
  }

  // A source whose out-arcs can carry exactly its supply, and nothing comes
  // in: every feasible flow saturates them (a super-source). Likewise a sink.
  std::vector<uint8_t> kind(n, kKept);
  NodeIndex forced_sources = 0, forced_sinks = 0;
  for (NodeIndex v = 0; v < n; ++v) {
    const Flow s = net.supply(v);
    // With one arc, a node is better left to the algorithm (an assignment
    // row with a single column, say): fixing it would leave a supply of 2
    // on a column, not an assignment any more.
    if (s > 0 && in_degree[v] == 0 && out_degree[v] > 1 && out_cap[v] == s) {
      kind[v] = kForcedSource;
      ++forced_sources;
    } else if (s < 0 && out_degree[v] == 0 && in_degree[v] > 1 && in_cap[v] == -Int128{s}) {
      kind[v] = kForcedSink;
      ++forced_sinks;
    }
  }
  const auto fixed = [&](ArcIndex a) {
    return net.capacity(a) == 0 || kind[net.tail(a)] == kForcedSource ||
           kind[net.head(a)] == kForcedSink;
  };
  std::vector<Flow> supply(net.supplies().begin(), net.supplies().end());
  std::vector<int32_t> out_free(n, 0), in_free(n, 0);
  std::vector<Int128> out_free_cap(n, 0), in_free_cap(n, 0);
  std::vector<ArcIndex> last_out(n, -1), last_in(n, -1);
  Cost max_cost = 0;
  for (ArcIndex a = 0; a < m; ++a) {
    if (net.capacity(a) == 0) continue;
    const NodeIndex t = net.tail(a), h = net.head(a);
    if (fixed(a)) {
      supply[t] -= net.capacity(a);
      supply[h] += net.capacity(a);
      continue;
    }
    max_cost = std::max<Cost>(max_cost, std::llabs(net.cost(a)));
    ++out_free[t];
    ++in_free[h];
    out_free_cap[t] += Cap(net.capacity(a));
    in_free_cap[h] += Cap(net.capacity(a));
    last_out[t] = a;
    last_in[h] = a;
  }

  // A node without supply whose only out-arc can carry all that may come in
  // (an "unassigned" hub before the sink) is a detour: its in-arcs go
  // straight to the out-arc's head. Likewise one whose only in-arc can feed
  // all its out-arcs. One level only (the arc it leads to or from must end
  // at a kept node), and only while summed costs stay far from the limits.
  NodeIndex forward = 0, backward = 0;
  if (Int128{3} * (max_cost + 1) <= kMaxMagnitude / 8) {
    for (NodeIndex v = 0; v < n; ++v) {
      if (kind[v] != kKept || supply[v] != 0) continue;
      // Wide enough: infinite, or at least the sum of the other side's
      // capacities (all finite then).
      const auto wide = [](Flow capacity, Int128 other_side) {
        return capacity == kInfiniteCapacity || other_side <= Int128{capacity};
      };
      if (out_free[v] == 1 && in_free[v] > 0) {
        const ArcIndex o = last_out[v];
        if (net.lower(o) == 0 && net.head(o) != v && wide(net.capacity(o), in_free_cap[v])) kind[v] = kForward;
      }
      if (kind[v] == kKept && in_free[v] == 1 && out_free[v] > 0) {
        const ArcIndex i = last_in[v];
        if (net.lower(i) == 0 && net.tail(i) != v && wide(net.capacity(i), out_free_cap[v])) kind[v] = kBackward;
      }
    }
    // The node a detour leads to must stay.
    for (NodeIndex v = 0; v < n; ++v) {
      if (kind[v] == kForward && kind[net.head(last_out[v])] != kKept) kind[v] = kKept;
      if (kind[v] == kBackward && kind[net.tail(last_in[v])] != kKept) kind[v] = kKept;
    }
    for (NodeIndex v = 0; v < n; ++v) {
      if (kind[v] == kForward) ++forward;
      if (kind[v] == kBackward) ++backward;
    }
  }

  // Orientation: a matching whose arcs all point from the openings to the
  // candidates (one source, several demand nodes) is the same problem
  // reversed; checked on the result below.
  NodeIndex positive = 0, negative = 0;
  for (NodeIndex v = 0; v < n; ++v) {
    if (kind[v] != kKept) continue;
    positive += supply[v] > 0;
    negative += supply[v] < 0;
  }
  const bool flip_candidate = positive == 1 && negative > 1;

  // Nothing to do but perhaps merge parallel arcs: look for enough of them
  // before copying anything (a dense assignment has none, and 4 M arcs).
  if (forced_sources + forced_sinks + forward + backward == 0 && !flip_candidate &&
      static_cast<int64_t>(zero_arcs) * 64 < m) {
    // Same test as the merge below, on the arcs as given, listed by tail.
    std::vector<NodeIndex> stamp(n, -1);
    std::vector<ArcIndex> first_at(n, -1);
    std::vector<uint8_t> done(n, 0);
    int64_t same = 0;
    NodeIndex current = -1;
    bool grouped = true;
    for (ArcIndex a = 0; a < m && grouped; ++a) {
      const NodeIndex t = net.tail(a), h = net.head(a);
      if (t != current) {
        grouped = !done[t];
        done[t] = 1;
        current = t;
      }
      if (stamp[h] != t) {
        stamp[h] = t;
        first_at[h] = a;
      } else if (net.cost(first_at[h]) == net.cost(a)) {
        ++same;
      }
    }
    if (!grouped || same * 64 < m) return false;
  }
  out.node.assign(n, -1);
  out.kind_of_node.assign(kind.begin(), kind.end());
  out.via.assign(n, -1);
  NodeIndex kept = 0;
  for (NodeIndex v = 0; v < n; ++v) {
    if (kind[v] == kKept) out.node[v] = kept++;
    if (kind[v] == kForward) out.via[v] = last_out[v];
    if (kind[v] == kBackward) out.via[v] = last_in[v];
  }

  // The arcs that stay, in input order, with their ends and costs after
  // bypassing.
  passerelle::internal::AssignForWriting(out.arc, static_cast<size_t>(m), kDropped);
  ArcIndex staying = 0;
  for (ArcIndex a = 0; a < m; ++a) {
    if (net.capacity(a) == 0) continue;
    if (fixed(a)) {
      out.arc[a] = kForced;
    } else if (kind[net.tail(a)] == kForward || kind[net.head(a)] == kBackward) {
      out.arc[a] = kDetour;  // a bypassed node's own arc
    } else {
      out.arc[a] = staying++;
    }
  }
  out.reversed = flip_candidate;
  const bool flip = out.reversed;
  Network& reduced = out.network;
  {
    Network unmerged(kept);
    unmerged.AddArcs(staying, 1, [&](ArcIndex, ArcIndex, Network::ArcWriter& writer) {
      for (ArcIndex a = 0; a < m; ++a) {
        if (out.arc[a] < 0) continue;
        NodeIndex t = net.tail(a), h = net.head(a);
        Cost c = net.cost(a);
        if (kind[h] == kForward) {
          c += net.cost(last_out[h]);
          h = net.head(last_out[h]);
        }
        if (kind[t] == kBackward) {
          c += net.cost(last_in[t]);
          t = net.tail(last_in[t]);
        }
        if (flip) std::swap(t, h);
        writer.Add(out.node[t], out.node[h], net.capacity(a), c);
      }
    });
    if (net.has_lower_bounds()) {
      for (ArcIndex a = 0; a < m; ++a) {
        if (out.arc[a] >= 0 && net.lower(a) > 0) unmerged.SetLower(out.arc[a], net.lower(a));
      }
    }
    for (NodeIndex v = 0; v < n; ++v) {
      if (kind[v] == kKept && supply[v] != 0) unmerged.SetSupply(out.node[v], flip ? -supply[v] : supply[v]);
    }
    reduced = std::move(unmerged);
  }

  // Parallel arcs of equal cost become one, when the arcs are listed by tail
  // or by head (generators and files usually are): one pass with a stamp per
  // other end. An arc merges into the first arc of its group with the same
  // other end when the costs agree and the summed bounds stay representable.
  ArcIndex merged = 0;
  {
    const ArcIndex k = reduced.num_arcs();
    // Groups: arcs of one tail (or of one head) in a row; `key` names the
    // grouping end, `other` the end the stamp is kept on.
    const auto grouped = [&](std::span<const NodeIndex> ends) {
      std::vector<uint8_t> done(kept, 0);
      NodeIndex current = -1;
      for (ArcIndex b = 0; b < k; ++b) {
        if (ends[b] == current) continue;
        if (done[ends[b]]) return false;
        done[ends[b]] = 1;
        current = ends[b];
      }
      return true;
    };
    // Listed in no such order, the arcs are left as they are: grouping them
    // costs a random scatter of every arc (0.6 s at 6 M arcs), more than a
    // few merges save, and every algorithm takes parallel arcs.
    const bool by_tail = grouped(reduced.tails());
    const bool by_head = !by_tail && grouped(reduced.heads());
    const std::span<const NodeIndex> key = by_head ? reduced.heads() : reduced.tails();
    const std::span<const NodeIndex> other = by_head ? reduced.tails() : reduced.heads();
    // The arc each one merges into (itself if none); made at the first merge.
    std::vector<ArcIndex> into;
    std::vector<NodeIndex> stamp(kept, -1);
    std::vector<ArcIndex> first_at(kept, -1);
    std::vector<Int128> lo, hi;
    for (ArcIndex b = 0; b < k && (by_tail || by_head); ++b) {
      const NodeIndex t = key[b], h = other[b];
      if (stamp[h] != t) {
        stamp[h] = t;
        first_at[h] = b;
        continue;
      }
      const ArcIndex r = first_at[h];
      if (reduced.cost(r) != reduced.cost(b)) continue;
      if (lo.empty()) {
        lo.assign(k, 0);
        hi.assign(k, 0);
      }
      if (hi[r] == 0) {
        lo[r] = reduced.lower(r);
        hi[r] = Cap(reduced.capacity(r));
      }
      const Int128 l = lo[r] + reduced.lower(b), c = hi[r] + Cap(reduced.capacity(b));
      if (l > kMaxMagnitude || (c > kMaxMagnitude && c < kInfinite)) continue;
      lo[r] = l;
      hi[r] = c;
      if (into.empty()) {
        into.resize(k);
        std::iota(into.begin(), into.end(), ArcIndex{0});
      }
      into[b] = r;
      ++merged;
    }
    // A few merges do not pay for a copy of the network.
    if (merged * 64 < k) merged = 0;
    if (merged > 0) {
      std::vector<ArcIndex> renumber(k, -1);
      Network compact(kept);
      compact.Reserve(kept, k - merged);
      for (ArcIndex b = 0; b < k; ++b) {
        if (into[b] != b) continue;
        const bool grew = !lo.empty() && hi[b] != 0;
        const Flow cap = !grew ? reduced.capacity(b)
                         : hi[b] >= kInfinite ? kInfiniteCapacity
                                              : static_cast<Flow>(hi[b]);
        renumber[b] = compact.AddArc(reduced.tail(b), reduced.head(b), grew ? static_cast<Flow>(lo[b]) : reduced.lower(b),
                                     cap, reduced.cost(b));
      }
      for (NodeIndex v = 0; v < kept; ++v) compact.SetSupply(v, reduced.supply(v));
      for (ArcIndex a = 0; a < m; ++a) {
        if (out.arc[a] >= 0) out.arc[a] = renumber[into[out.arc[a]]];
      }
      reduced = std::move(compact);
    }
  }

  // Reversed only if that gives the matching shape; and rewritten only if
  // that gives it, fixes a super-source or super-sink, or removes enough to
  // pay for the copy (the shape is looked at only when it decides).
  const int64_t removed = static_cast<int64_t>(m) - reduced.num_arcs();
  const bool kept_anyway = !out.reversed && (forced_sources + forced_sinks > 0 || removed * 64 >= m);
  bool matching = kept_anyway;
  if (!kept_anyway) {
    Prepared probe;
    matching = Prepare(reduced, probe) == SolveStatus::kNotSolved && LooksLikeMatching(probe);
  }
  if (out.reversed && !matching) {
    Network unflipped(kept);
    unflipped.Reserve(kept, reduced.num_arcs());
    for (ArcIndex b = 0; b < reduced.num_arcs(); ++b) {
      unflipped.AddArc(reduced.head(b), reduced.tail(b), reduced.lower(b), reduced.capacity(b), reduced.cost(b));
    }
    for (NodeIndex v = 0; v < kept; ++v) unflipped.SetSupply(v, -reduced.supply(v));
    reduced = std::move(unflipped);
    out.reversed = false;
  }
  if (!matching && forced_sources + forced_sinks == 0 && removed * 64 < m) return false;

  std::string note = "presolve";
  const auto add = [&note](int64_t count, const char* one, const char* many, const char* what) {
    if (count == 0) return;
    note.append(" ").append(std::to_string(count)).append(" ").append(count == 1 ? one : many).append(what);
  };
  add(forced_sources, "super-source", "super-sources", " into supplies;");
  add(forced_sinks, "super-sink", "super-sinks", " into demands;");
  add(forward + backward, "pass-through node", "pass-through nodes", " bypassed;");
  add(merged, "parallel arc", "parallel arcs", " merged;");
  add(zero_arcs, "zero-capacity arc", "zero-capacity arcs", " dropped;");
  if (out.reversed) note.append(" arcs reversed (one source feeding the demands);");
  note.back() = ':';
  note.append(" ").append(std::to_string(reduced.num_nodes())).append(" nodes, ");
  note.append(std::to_string(reduced.num_arcs())).append(" arcs");
  out.note = std::move(note);
  return true;
}

Solution Restore(const Network& net, const Presolved& pre, Solution reduced) {
  Solution solution;
  solution.status = reduced.status;
  solution.algorithm = reduced.algorithm;
  solution.notes = std::move(reduced.notes);
  solution.notes.insert(solution.notes.begin(), pre.note);
  if (!reduced.has_flow()) return solution;
  const NodeIndex n = net.num_nodes();
  const ArcIndex m = net.num_arcs();

  bool detours = false, sources = false, sinks = false;
  for (NodeIndex v = 0; v < n; ++v) {
    detours |= pre.kind_of_node[v] == kForward || pre.kind_of_node[v] == kBackward;
    sources |= pre.kind_of_node[v] == kForcedSource;
    sinks |= pre.kind_of_node[v] == kForcedSink;
  }
  // Flows: a merged arc's flow fills its members' lower bounds, then their
  // capacities in input order. A detour's own arc carries what passes
  // through its node (added as the arcs through it are restored; its cost
  // counted at the end). One pass.
  std::vector<Flow> flow;
  passerelle::internal::AssignForWriting(flow, static_cast<size_t>(m), Flow{0});
  std::vector<Flow> left = std::move(reduced.flows);
  if (net.has_lower_bounds()) {
    for (ArcIndex a = 0; a < m; ++a) {
      if (pre.arc[a] >= 0) left[pre.arc[a]] -= net.lower(a);
    }
  }
  Cost total = 0;
  for (ArcIndex a = 0; a < m; ++a) {
    const ArcIndex b = pre.arc[a];
    if (b >= 0) {
      const Flow room = net.capacity(a) == kInfiniteCapacity ? left[b] : net.capacity(a) - net.lower(a);
      const Flow extra = std::min(left[b], room);
      flow[a] = net.lower(a) + extra;
      left[b] -= extra;
      total += net.cost(a) * flow[a];
      if (detours) {
        const NodeIndex h = net.head(a), t = net.tail(a);
        if (pre.kind_of_node[h] == kForward) flow[pre.via[h]] += flow[a];
        if (pre.kind_of_node[t] == kBackward) flow[pre.via[t]] += flow[a];
      }
    } else if (b == kForced) {
      flow[a] = net.capacity(a);
      total += net.cost(a) * flow[a];
    }
  }
  for (NodeIndex v = 0; v < n && detours; ++v) {
    if (pre.kind_of_node[v] == kForward || pre.kind_of_node[v] == kBackward) {
      total += net.cost(pre.via[v]) * flow[pre.via[v]];
    }
  }
  solution.total_cost = total;
  solution.flows = std::move(flow);
  // A feasible flow at a time limit may come without potentials.
  if (reduced.potentials.size() != static_cast<size_t>(pre.network.num_nodes())) return solution;

  // Potentials: kept nodes from the canonical network (negated if it was
  // reversed), detours priced so that their own arc has reduced cost 0, and
  // the super-sources and super-sinks so that their saturated arcs have
  // reduced cost <= 0.
  std::vector<Cost> pi(n, 0);
  const Cost sign = pre.reversed ? -1 : 1;
  for (NodeIndex v = 0; v < n; ++v) {
    if (pre.node[v] >= 0) pi[v] = sign * reduced.potentials[pre.node[v]];
  }
  for (NodeIndex v = 0; v < n; ++v) {
    if (pre.kind_of_node[v] == kForward) {
      const ArcIndex o = pre.via[v];
      pi[v] = pi[net.head(o)] - net.cost(o);
    } else if (pre.kind_of_node[v] == kBackward) {
      const ArcIndex i = pre.via[v];
      pi[v] = pi[net.tail(i)] + net.cost(i);
    }
  }
  constexpr Cost kUnset = std::numeric_limits<Cost>::min();
  std::vector<Cost> bound(n, kUnset);
  for (ArcIndex a = 0; a < m && sources; ++a) {  // sources: pi <= pi[head] - cost
    const NodeIndex t = net.tail(a), h = net.head(a);
    if (net.capacity(a) == 0 || pre.kind_of_node[t] != kForcedSource || pre.kind_of_node[h] == kForcedSink) continue;
    const Cost b = pi[h] - net.cost(a);
    if (bound[t] == kUnset || b < bound[t]) bound[t] = b;
  }
  for (NodeIndex v = 0; v < n; ++v) {
    if (pre.kind_of_node[v] == kForcedSource) pi[v] = bound[v] == kUnset ? 0 : bound[v];
  }
  for (ArcIndex a = 0; a < m && sinks; ++a) {  // sinks: pi >= pi[tail] + cost
    const NodeIndex t = net.tail(a), h = net.head(a);
    if (net.capacity(a) == 0 || pre.kind_of_node[h] != kForcedSink) continue;
    const Cost b = pi[t] + net.cost(a);
    if (bound[h] == kUnset || b > bound[h]) bound[h] = b;
  }
  for (NodeIndex v = 0; v < n; ++v) {
    if (pre.kind_of_node[v] == kForcedSink) pi[v] = bound[v] == kUnset ? 0 : bound[v];
  }

  solution.potentials = std::move(pi);
  return solution;
}

}  // namespace passerelle::flow::internal
