// The greedy baseline (see greedy_baseline.h).
#include "greedy_baseline.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>
#include <span>
#include <vector>

#include "internal.h"
#include "passerelle/flow/certificate.h"
#include "passerelle/internal/memory.h"

namespace passerelle::matching {

using flow::ArcIndex;
using flow::Cost;
using flow::NodeIndex;

const GreedyBaseline::Result& GreedyBaseline::Get(const MatchRequest& request, PairLists& pairs) {
  if (!valid_) {
    for (const auto& [c, i] : result_.taken) pairs[c][i].greedy_taken = false;
    result_ = Run(request, pairs);
    for (const auto& [c, i] : result_.taken) pairs[c][i].greedy_taken = true;
    valid_ = true;
    // Freed before the report's strings.
    if (!keep_order_) order_ = {};
  }
  return result_;
}

void GreedyBaseline::Reset() {
  order_.clear();
  valid_ = false;
  result_.taken.clear();
}

GreedyBaseline::Result GreedyBaseline::Run(const MatchRequest& r, const PairLists& pairs) {
  const Policy& policy = r.policy;
  const size_t nc = r.candidates.size(), no = r.openings.size();
  Result result;
  if (order_.empty()) order_ = SortPairs(pairs);
  std::vector<int32_t> seats(no, 0), need(nc, 0), emp(r.employers.size(), 0);
  std::vector<std::vector<char>> sectors(nc);
  for (size_t o = 0; o < no; ++o) seats[o] = r.openings[o].capacity;
  for (size_t c = 0; c < nc; ++c) need[c] = r.candidates[c].placements_needed;
  auto take = [&](CandidateIndex c, int32_t i) {
    const ArcPair& ap = pairs[c][i];
    const Opening& op = r.openings[ap.pair->opening];
    if (ap.banned || need[c] == 0 || seats[ap.pair->opening] == 0) return;
    if (op.employer != kNoEmployer) {
      const int32_t cap = EmployerCap(r, op.employer);
      if (cap > 0 && emp[op.employer] >= cap) return;
    }
    if (policy.distinct_sectors && r.candidates[c].placements_needed > 1) {
      auto& taken = sectors[c];
      if (std::find(taken.begin(), taken.end(), op.sector()) != taken.end()) return;
      taken.push_back(op.sector());
    }
    --need[c];
    --seats[ap.pair->opening];
    if (op.employer != kNoEmployer) ++emp[op.employer];
    result.taken.emplace_back(c, i);
    result.total_score += ap.pair->score;
    result.objective += r.candidates[c].priority * (ap.pair->score - policy.unplaced_penalty);
  };
  // Pinned and locked pairs, in candidate then network order.
  std::vector<std::pair<CandidateIndex, int32_t>> pinned;
  for (const auto* list : {&r.pins, &r.locks}) {
    for (const PairOverride& pin : *list) {
      const std::vector<ArcPair>& row = pairs[pin.candidate];
      for (size_t i = 0; i < row.size(); ++i) {
        if (row[i].pair->opening == pin.opening && row[i].pinned) pinned.emplace_back(pin.candidate, static_cast<int32_t>(i));
      }
    }
  }
  std::sort(pinned.begin(), pinned.end());
  pinned.erase(std::unique(pinned.begin(), pinned.end()), pinned.end());
  for (const auto& [c, i] : pinned) take(c, i);
  // Most entries belong to candidates already served, full openings or
  // employers at their cap: test those on flat arrays before the pair.
  std::vector<EmployerIndex> employer_of(no);
  std::vector<int32_t> employer_cap(r.employers.size());
  for (size_t o = 0; o < no; ++o) employer_of[o] = r.openings[o].employer;
  for (size_t e = 0; e < r.employers.size(); ++e) employer_cap[e] = EmployerCap(r, static_cast<EmployerIndex>(e));
  int64_t open_seats = std::accumulate(seats.begin(), seats.end(), int64_t{0});
  for (const Entry& e : order_) {
    if (open_seats <= 0) break;
    if (need[e.candidate] == 0 || seats[e.opening] == 0) continue;
    const EmployerIndex employer = employer_of[e.opening];
    if (employer != kNoEmployer && employer_cap[employer] > 0 && emp[employer] >= employer_cap[employer]) continue;
    if (pairs[e.candidate][e.pair].pinned) continue;
    const int32_t before = seats[e.opening];
    take(e.candidate, e.pair);
    open_seats -= before - seats[e.opening];
  }
  return result;
}

bool GreedyBaseline::ReplaceIfCheaper(const MatchRequest& request, PairLists& pairs, const flow::Network& net,
                                      flow::Solution* solution) {
  const Result& greedy = Get(request, pairs);
  Cost greedy_cost = 0;
  for (const auto& [c, i] : greedy.taken) greedy_cost += net.cost(pairs[c][i].arc);
  if (greedy_cost >= solution->total_cost) return false;
  // The greedy placements as a flow: pair arcs first, then every other arc
  // from conservation. Single in-arcs of nodes whose outflow is known (sector
  // nodes) from the sinks up, then single undetermined out-arcs (unplaced,
  // seat and employer arcs) from the sources down.
  const NodeIndex n = net.num_nodes();
  const ArcIndex m = net.num_arcs();
  std::vector<flow::Flow> flows(m, 0);
  std::vector<char> known(m, 0);
  for (const auto& list : pairs) {
    for (const ArcPair& ap : list) known[ap.arc] = 1;
  }
  for (const auto& [c, i] : greedy.taken) flows[pairs[c][i].arc] = 1;
  // Incidence lists (CSR) and a topological order.
  std::vector<int64_t> in_start(n + 1, 0), out_start(n + 1, 0);
  for (ArcIndex a = 0; a < m; ++a) ++out_start[net.tail(a) + 1], ++in_start[net.head(a) + 1];
  for (NodeIndex v = 0; v < n; ++v) out_start[v + 1] += out_start[v], in_start[v + 1] += in_start[v];
  std::vector<ArcIndex> in(m), out(m);
  {
    std::vector<int64_t> in_fill(in_start.begin(), in_start.end() - 1), out_fill(out_start.begin(), out_start.end() - 1);
    for (ArcIndex a = 0; a < m; ++a) out[out_fill[net.tail(a)]++] = a, in[in_fill[net.head(a)]++] = a;
  }
  const auto ins = [&](NodeIndex v) { return std::span(in.data() + in_start[v], in.data() + in_start[v + 1]); };
  const auto outs = [&](NodeIndex v) { return std::span(out.data() + out_start[v], out.data() + out_start[v + 1]); };
  std::vector<int64_t> pending(n);
  std::vector<NodeIndex> order;
  for (NodeIndex v = 0; v < n; ++v) {
    pending[v] = in_start[v + 1] - in_start[v];
    if (pending[v] == 0) order.push_back(v);
  }
  for (size_t k = 0; k < order.size(); ++k) {
    for (const ArcIndex a : outs(order[k])) {
      if (--pending[net.head(a)] == 0) order.push_back(net.head(a));
    }
  }
  if (static_cast<NodeIndex>(order.size()) != n) return false;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const NodeIndex v = *it;
    if (ins(v).size() != 1 || known[ins(v)[0]]) continue;
    flow::Flow outflow = -net.supply(v);
    bool all_known = true;
    for (const ArcIndex a : outs(v)) all_known &= known[a] != 0, outflow += flows[a];
    if (all_known && !outs(v).empty()) flows[ins(v)[0]] = outflow, known[ins(v)[0]] = 1;
  }
  for (const NodeIndex v : order) {
    flow::Flow balance = net.supply(v);
    ArcIndex open_arc = -1;
    int open_count = 0;
    for (const ArcIndex a : ins(v)) balance += flows[a];
    for (const ArcIndex a : outs(v)) {
      if (known[a]) {
        balance -= flows[a];
      } else {
        open_arc = a;
        ++open_count;
      }
    }
    if (open_count == 1) flows[open_arc] = balance, known[open_arc] = 1;
  }
  flow::Solution candidate;
  candidate.status = flow::SolveStatus::kFeasible;
  candidate.flows = std::move(flows);
  candidate.total_cost = greedy_cost;
  if (!flow::CheckFeasibility(net, candidate).ok) return false;
  solution->flows = std::move(candidate.flows);
  solution->total_cost = greedy_cost;
  return true;
}

GreedyBaseline::Order GreedyBaseline::SortPairs(const PairLists& pairs) {
  // Best score first, then candidate, then the pair's place in its list (the
  // network's order). Scores are finite and >= 0, so their float bits order
  // like them: the key is the inverted bits. The pairs are scattered by the
  // key's high 16 bits in list order (a stable counting sort), then each
  // bucket is sorted by the low 16 bits in two stable 8-bit passes. Besides
  // the order (12 bytes per pair) this needs 2 bytes per pair and buffers
  // the size of the largest bucket, not a second copy of everything
  // (nationally 36 M pairs: 0.5 GB written instead of 1.5 GB).
  auto key_of = [](const ArcPair& ap) {
    uint32_t bits;
    const float score = ap.pair->score + 0.0f;  // -0 as +0
    std::memcpy(&bits, &score, sizeof bits);
    return ~bits;
  };
  std::vector<size_t> start(size_t{1} << 16 | 1, 0);
  for (const auto& list : pairs) {
    for (const ArcPair& ap : list) ++start[(key_of(ap) >> 16) + 1];
  }
  for (size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
  const size_t total = start.back();
  // Both written in full by the scatter below.
  Order order;
  internal::ResizeForWriting(order, total);
  std::vector<uint16_t, internal::UninitializedAllocator<uint16_t>> low;
  internal::ResizeForWriting(low, total);
  {
    std::vector<size_t> next(start.begin(), start.end() - 1);
    for (size_t c = 0; c < pairs.size(); ++c) {
      for (size_t i = 0; i < pairs[c].size(); ++i) {
        const uint32_t key = key_of(pairs[c][i]);
        const size_t at = next[key >> 16]++;
        order[at] = {static_cast<CandidateIndex>(c), static_cast<int32_t>(i), pairs[c][i].pair->opening};
        low[at] = static_cast<uint16_t>(key);
      }
    }
  }
  std::vector<Entry> entry_buffer;
  std::vector<uint16_t> low_buffer;
  std::array<size_t, 256> count;
  for (size_t d = 0; d + 1 < start.size(); ++d) {
    const size_t from = start[d], size = start[d + 1] - from;
    if (size < 2) continue;
    if (entry_buffer.size() < size) entry_buffer.resize(size), low_buffer.resize(size);
    // The bucket moves between its place and the buffers, pass by pass.
    Entry* entries[2] = {order.data() + from, entry_buffer.data()};
    uint16_t* lows[2] = {low.data() + from, low_buffer.data()};
    int at = 0;
    for (int shift = 0; shift < 16; shift += 8) {
      count.fill(0);
      for (size_t k = 0; k < size; ++k) ++count[(lows[at][k] >> shift) & 0xff];
      if (std::find(count.begin(), count.end(), size) != count.end()) continue;  // one digit: in order
      size_t sum = 0;
      for (size_t& n : count) sum += std::exchange(n, sum);
      for (size_t k = 0; k < size; ++k) {
        const size_t to = count[(lows[at][k] >> shift) & 0xff]++;
        entries[1 - at][to] = entries[at][k];
        lows[1 - at][to] = lows[at][k];
      }
      at = 1 - at;
    }
    if (at == 1) std::copy(entries[1], entries[1] + size, entries[0]);
  }
  return order;
}

}  // namespace passerelle::matching
