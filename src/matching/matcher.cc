#include "passerelle/matcher.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <cmath>
#include <cstring>
#include <future>
#include <map>
#include <numeric>
#include <span>
#include <sstream>
#include <string>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "internal.h"
#include "passerelle/error.h"
#include "passerelle/flow/certificate.h"
#include "passerelle/flow/min_cost_flow.h"
#include "passerelle/internal/parallel.h"
#include "passerelle/validate.h"

namespace passerelle {

using flow::ArcIndex;
using flow::Cost;
using flow::NodeIndex;
using matching::OwnedRow;
using matching::Pair;
using matching::RowView;

namespace {

uint64_t PairKey(CandidateIndex c, OpeningIndex o) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(c)) << 32) | static_cast<uint32_t>(o);
}

// Value of a candidate along a quota dimension.
std::string CandidateValue(const Candidate& c, QuotaDimension d) {
  switch (d) {
    case QuotaDimension::kDepartement: return c.subgroup.departement;
    case QuotaDimension::kGender:
      switch (c.subgroup.gender) {
        case Gender::kFemale: return "GENDER_FEMALE";
        case Gender::kMale: return "GENDER_MALE";
        case Gender::kOther: return "GENDER_OTHER";
        case Gender::kUnspecified: return "GENDER_UNSPECIFIED";
      }
      return "";
    case QuotaDimension::kCountryOfOrigin: return c.subgroup.country_of_origin;
    case QuotaDimension::kAgeGroup:
      if (c.age == 0) return "unknown";
      return c.age >= 16 && c.age <= 25 ? "youth" : "adult";
    default: return "";
  }
}

const char* KindEnumName(OpeningKind k) {
  switch (k) {
    case OpeningKind::kJob: return "OPENING_KIND_JOB";
    case OpeningKind::kApprenticeship: return "OPENING_KIND_APPRENTICESHIP";
    case OpeningKind::kInternship: return "OPENING_KIND_INTERNSHIP";
    case OpeningKind::kQualifyingTraining: return "OPENING_KIND_QUALIFYING_TRAINING";
    case OpeningKind::kFrenchCourse: return "OPENING_KIND_FRENCH_COURSE";
    case OpeningKind::kWorkplaceTrial: return "OPENING_KIND_WORKPLACE_TRIAL";
  }
  return "";
}

std::string OpeningValue(const Opening& o, QuotaDimension d) {
  return d == QuotaDimension::kOpeningKind ? KindEnumName(o.kind) : o.departement;
}

bool IsOpeningDimension(QuotaDimension d) {
  return d == QuotaDimension::kOpeningKind || d == QuotaDimension::kOpeningDepartement;
}

// Effective cap of an employer (0: none).
int32_t EmployerCap(const MatchRequest& r, EmployerIndex e) {
  if (e == kNoEmployer) return 0;
  int32_t cap = r.employers[e].max_candidates;
  const int32_t policy_cap = r.policy.max_candidates_per_employer;
  if (policy_cap > 0 && (cap == 0 || policy_cap < cap)) cap = policy_cap;
  return cap;
}

// The candidate-opening pairs that enter the network, per candidate.
struct ArcPair {
  const Pair* pair = nullptr;  // into the score matrix, an owned row, or the pinned pairs
  bool pinned = false;         // pinned or locked
  bool pin_only = false;       // in the network only because it is pinned
  bool banned = false;         // banned after the network was built (capacity 0)
  bool greedy_taken = false;   // taken by the last greedy baseline run
  ArcIndex arc = -1;           // its arc, once built
};

// Scores in the response: six decimals, the precision of the network's
// integer costs, so JSON stays readable and exact.
double Rounded(double x) { return std::round(x * kScoreScale) / kScoreScale; }

ScoreBreakdown RoundedBreakdown(const Pair& p) {
  const ScoreBreakdown b = p.breakdown();
  return {Rounded(b.skills), Rounded(b.occupation), Rounded(b.french),
          Rounded(b.commute), Rounded(b.tension), Rounded(b.preferences)};
}

struct BuiltNetwork {
  flow::Network net;
  // Arc from each opening towards the sink (its seats).
  std::vector<ArcIndex> opening_arcs;
  // Each candidate's unplaced arc: its flow says how many placements are
  // missing, so the report stops scanning a candidate's pairs early.
  std::vector<ArcIndex> unplaced_arcs;
  // Node keys for warm starts: kind (0..7) << 56 | index.
  std::vector<uint64_t> node_keys;
  std::vector<uint64_t> arc_keys;  // tail key hash ^ head key: identify arcs across rebuilds
  // Bounds known to be contradictory while building.
  bool infeasible = false;
  // Geographic part of each node for the cold simplex (empty: none); see
  // MatchOptions::candidates_per_part.
  std::vector<int32_t> node_parts;
  // Arcs of `net`, kept when a one-shot match frees `net` before its report.
  ArcIndex num_arcs = 0;
};

}  // namespace

class Matcher::Impl {
 public:
  Impl(MatchRequest request, const MatchOptions& options, bool session)
      : request_(std::move(request)),
        taxonomy_(options.taxonomy != nullptr ? options.taxonomy : &matching::DefaultTaxonomy()),
        candidates_per_part_(options.candidates_per_part),
        keep_network_(options.keep_network),
        session_(session) {
    Validate(request_);
    CheckLimits();
    for (size_t i = 0; i < request_.candidates.size(); ++i) candidate_serial_.push_back(next_serial_++);
    for (size_t i = 0; i < request_.openings.size(); ++i) opening_serial_.push_back(next_serial_++);
  }

  const MatchResponse& Solve();
  const MatchRequest& request() const { return request_; }
  const MatchTimings& timings() const { return timings_; }
  MatchResponse TakeResponse() {
    MatchResponse out = std::move(response_);
    response_ = MatchResponse();
    placement_pairs_.clear();
    return out;
  }
  const flow::Network& network() const { return built_.net; }

  void AddCandidate(Candidate candidate);
  void RemoveCandidate(std::string_view id);
  void AddOpening(Opening opening);
  void RemoveOpening(std::string_view id);
  void SetCapacity(std::string_view id, int32_t capacity);
  enum class OverrideKind { kPin, kLock, kBan };
  void AddOverride(OverrideKind kind, std::string_view cid, std::string_view oid, std::string note);
  void ClearOverride(std::string_view cid, std::string_view oid);

 private:
  void CheckLimits() const;
  CandidateIndex FindCandidate(std::string_view id) const;
  OpeningIndex FindOpening(std::string_view id) const;
  void EnsureScores();
  RowView Row(CandidateIndex c) const;
  std::vector<std::vector<ArcPair>> NetworkPairs(std::vector<int32_t>* banned_counts);
  void CheckOverrides(const std::vector<std::vector<ArcPair>>& pairs) const;
  BuiltNetwork Build(std::vector<std::vector<ArcPair>>& pairs, const std::vector<int64_t>& quota_lower,
                     const std::vector<int64_t>& quota_upper) const;
  // `on_serial_phase`: see flow::SolverOptions::on_serial_phase (cold
  // solves only).
  flow::Solution SolveWarm(const BuiltNetwork& built, std::function<void()> on_serial_phase = {});
  // A solver stopping at the solve deadline (policy.limits.max_solve_seconds
  // from the start of this solve's optimisation), if the policy sets one.
  flow::MinCostFlowSolver Solver() const;
  // Starts the clock `Solver()` counts from.
  void StartSolveClock(std::chrono::steady_clock::time_point start);
  LimitExceededError TimeLimitError(bool with_quotas) const;
  // `reuse_placements`: the records and scores are those of `response_`
  // (an in-place edit): its placements of unchanged pairs are moved over
  // instead of rebuilt.
  MatchResponse Report(const std::vector<std::vector<ArcPair>>& pairs, const std::vector<int32_t>& banned_counts,
                       const BuiltNetwork& built, const flow::Solution& solution, MatchStatus status,
                       const std::string& infeasible_detail, bool reuse_placements);
  // Id orders and subgroup keys of the records, kept while they do not change.
  void EnsureRecordIndex();
  // Runs `task` on a second thread when the policy allows more than one
  // (`get()` waits for it and rethrows), else at `get()` on this thread.
  // Tasks only read what the caller does not write meanwhile, so the
  // response does not depend on it.
  template <typename Task>
  std::future<void> Alongside(Task task) const {
    return std::async(Threads() > 1 ? std::launch::async : std::launch::deferred, std::move(task));
  }
  // Threads the policy allows (0: every core).
  int Threads() const { return internal::ResolveThreads(request_.policy.threads); }
  // Explanation of a pair, cached by stable identities in a session.
  struct Explained {
    std::string text;
    std::vector<std::string> skills_abroad, skill_gaps;
  };
  const Explained& Explanation(CandidateIndex c, OpeningIndex o);
  ArcPair* FindArcPair(CandidateIndex c, OpeningIndex o);
  bool InRow(CandidateIndex c, OpeningIndex o) const;
  void ApplyOverrideInPlace(int kind, CandidateIndex c, OpeningIndex o, bool add);

  MatchRequest request_;
  const Taxonomy* taxonomy_;
  int32_t candidates_per_part_;
  // A one-shot matcher (not a session) may free the network before its
  // report; `Match()` always does, a `Matcher` when asked.
  bool keep_network_;
  // Incremental session (keeps warm-start state) or one-shot `Match`.
  bool session_;
  // Scores: the matrix of the last full scoring, and rows rescored alone
  // since (per candidate, null when the matrix row is current).
  // `scored_` false means all must be recomputed; `dirty_` marks rows to
  // rescore; `matrix_row_` maps candidates to matrix rows.
  ScoreMatrix matrix_;
  std::vector<int32_t> matrix_row_;
  std::vector<std::unique_ptr<OwnedRow>> owned_;
  bool scored_ = false;
  std::vector<char> dirty_;
  int64_t pairs_examined_ = 0;
  // Storage of pinned pairs evaluated for this solve (stable addresses).
  std::deque<Pair> pinned_pairs_;
  // The last network and its pairs, kept in a session while its structure
  // holds: bans, pins, locks and seat changes on existing arcs are edited in
  // place and re-solved warm; anything else rebuilds.
  std::vector<std::vector<ArcPair>> pairs_;
  std::vector<int32_t> banned_counts_;
  BuiltNetwork built_;
  bool structure_valid_ = false;
  // Arcs of `built_` closed in place by a ban (capacity 0): not part of the
  // network a cold build of the same request would have.
  int64_t banned_arcs_ = 0;
  // Pairs in greedy order (score, then request order), for the baseline.
  struct GreedyEntry {
    CandidateIndex candidate;
    int32_t pair;  // index in pairs_[candidate]
    OpeningIndex opening;
  };
  using GreedyOrderVector = std::vector<GreedyEntry, internal::UninitializedAllocator<GreedyEntry>>;
  GreedyOrderVector greedy_order_;
  static GreedyOrderVector GreedyOrder(const std::vector<std::vector<ArcPair>>& pairs);
  // Greedy baseline on `pairs`: the pairs taken, as (candidate, index in
  // its list), and their totals.
  struct GreedyResult {
    std::vector<std::pair<CandidateIndex, int32_t>> taken;
    double total_score = 0, objective = 0;
  };
  GreedyResult RunGreedy(const std::vector<std::vector<ArcPair>>& pairs);
  // The greedy baseline of `pairs_`, kept while no edit can change it (a
  // ban on a pair it did not take cannot: every earlier decision and that
  // one stay the same).
  const GreedyResult& Greedy();
  GreedyResult greedy_;
  bool greedy_valid_ = false;
  // At the time limit: replaces the flow of `solution` (on `built`, whose
  // pairs are `pairs_`) by the greedy baseline's when that costs less and is
  // a feasible flow of the network. True if it did.
  bool PreferGreedy(const BuiltNetwork& built, flow::Solution* solution);
  std::unordered_map<uint64_t, Explained> explained_;
  // Candidates and openings in id order (response order) and their ranks;
  // cleared when records are added or removed.
  std::vector<int32_t> candidate_order_, candidate_rank_, opening_order_, opening_rank_;
  // Subgroup of each candidate per fairness dimension (gender, origin,
  // département, age group): an index into `group_keys_[dimension]`, whose
  // keys are sorted. Cleared with the orders.
  static constexpr int kGroupDimensions = 4;
  std::vector<std::array<int32_t, kGroupDimensions>> candidate_group_;
  std::array<std::vector<std::string>, kGroupDimensions> group_keys_;
  // (candidate, opening) of each of `response_.placements`.
  std::vector<std::pair<CandidateIndex, OpeningIndex>> placement_pairs_;
  bool record_index_valid_ = false;
  Explained scratch_explained_;
  // Previous solve, for warm starts: its node and arc keys, indexed lazily
  // (a one-shot `Match` never pays for the index).
  std::vector<uint64_t> prev_node_keys_, prev_arc_keys_;
  flow::Solution prev_solution_;
  bool has_prev_ = false;
  MatchResponse response_;
  MatchTimings timings_;
  std::chrono::steady_clock::time_point solve_deadline_;
  // Stable identities of candidates and openings across removals, for the
  // warm start's node keys.
  std::vector<uint64_t> candidate_serial_, opening_serial_;
  uint64_t next_serial_ = 0;
};

void Matcher::Impl::CheckLimits() const {
  const Limits& l = request_.policy.limits;
  if (l.max_candidates > 0 && static_cast<int64_t>(request_.candidates.size()) > l.max_candidates) {
    throw LimitExceededError("candidates: " + std::to_string(request_.candidates.size()) +
                             " exceed policy.limits.max_candidates = " + std::to_string(l.max_candidates));
  }
  if (l.max_openings > 0 && static_cast<int64_t>(request_.openings.size()) > l.max_openings) {
    throw LimitExceededError("openings: " + std::to_string(request_.openings.size()) +
                             " exceed policy.limits.max_openings = " + std::to_string(l.max_openings));
  }
}

CandidateIndex Matcher::Impl::FindCandidate(std::string_view id) const {
  for (size_t i = 0; i < request_.candidates.size(); ++i) {
    if (request_.candidates[i].id == id) return static_cast<CandidateIndex>(i);
  }
  throw InvalidArgumentError("candidate id \"" + std::string(id) + "\" is not in the session");
}

OpeningIndex Matcher::Impl::FindOpening(std::string_view id) const {
  for (size_t i = 0; i < request_.openings.size(); ++i) {
    if (request_.openings[i].id == id) return static_cast<OpeningIndex>(i);
  }
  throw InvalidArgumentError("opening id \"" + std::string(id) + "\" is not in the session");
}

void Matcher::Impl::EnsureScores() {
  const size_t n = request_.candidates.size();
  if (!scored_) {
    matrix_ = matching::ScoreAll(request_, *taxonomy_);
    matrix_row_.resize(n);
    for (size_t c = 0; c < n; ++c) matrix_row_[c] = static_cast<int32_t>(c);
    owned_.clear();
    owned_.resize(n);
    pairs_examined_ = matrix_.pairs_examined();
    dirty_.assign(n, 0);
    scored_ = true;
    return;
  }
  for (size_t c = 0; c < n; ++c) {
    if (!dirty_[c]) continue;
    if (owned_[c] == nullptr && matrix_row_[c] >= 0) pairs_examined_ -= matrix_.examined(matrix_row_[c]);
    if (owned_[c] != nullptr) pairs_examined_ -= owned_[c]->examined;
    owned_[c] = std::make_unique<OwnedRow>(matching::ScoreOne(request_, static_cast<CandidateIndex>(c), *taxonomy_));
    pairs_examined_ += owned_[c]->examined;
    dirty_[c] = 0;
  }
}

RowView Matcher::Impl::Row(CandidateIndex c) const {
  if (owned_[c] != nullptr) return {owned_[c]->pairs, &owned_[c]->excluded, owned_[c]->examined};
  const int32_t row = matrix_row_[c];
  return {matrix_.row(row), &matrix_.excluded_counts(row), matrix_.examined(row)};
}

// Feasible pairs entering the network: kept pairs above the unplaced penalty,
// minus bans, plus pins and locks.
std::vector<std::vector<ArcPair>> Matcher::Impl::NetworkPairs(std::vector<int32_t>* banned_counts) {
  const size_t n = request_.candidates.size();
  std::unordered_set<uint64_t> banned;
  for (const PairOverride& b : request_.bans) banned.insert(PairKey(b.candidate, b.opening));
  std::unordered_map<uint64_t, const PairOverride*> pinned;
  for (const auto* list : {&request_.pins, &request_.locks}) {
    for (const PairOverride& p : *list) pinned.emplace(PairKey(p.candidate, p.opening), &p);
  }
  std::vector<std::vector<ArcPair>> out(n);
  banned_counts->assign(n, 0);
  const double penalty = request_.policy.unplaced_penalty;
  const bool any_override = !banned.empty() || !pinned.empty();
  // Rows are independent: candidates in slices over the threads (national
  // requests: 47 M pairs in a million rows).
  const int threads = n >= 65536 ? Threads() : 1;
  internal::ForSlices(threads, static_cast<int64_t>(n), [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      const RowView row = Row(static_cast<CandidateIndex>(c));
      out[c].reserve(row.pairs.size());
      for (const Pair& p : row.pairs) {
        if (any_override) {
          const uint64_t key = PairKey(static_cast<CandidateIndex>(c), p.opening);
          if (banned.count(key)) {
            ++(*banned_counts)[c];
            continue;
          }
          if (pinned.count(key)) continue;  // added below with its flag
        }
        if (p.score > penalty) out[c].push_back({&p, false});
      }
    }
  });
  pinned_pairs_.clear();
  // Pins and locks, in a deterministic order (candidate, opening).
  std::vector<std::pair<uint64_t, const PairOverride*>> pins(pinned.begin(), pinned.end());
  std::sort(pins.begin(), pins.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [key, p] : pins) {
    const Candidate& cand = request_.candidates[p->candidate];
    const Opening& open = request_.openings[p->opening];
    const std::string pair_name = "candidate \"" + cand.id + "\" and opening \"" + open.id + "\"";
    if (banned.count(key)) {
      throw InvalidArgumentError("policy: " + pair_name + " are both pinned and banned");
    }
    Pair pair;
    std::vector<ReasonCode> violations;
    if (!matching::EvaluateOne(request_, p->candidate, p->opening, *taxonomy_, &pair, &violations)) {
      std::string why;
      for (ReasonCode r : violations) why += std::string(why.empty() ? "" : ", ") + ToString(r);
      throw InvalidArgumentError("policy: pin of " + pair_name + " violates hard constraints: " + why +
                                 " (hard constraints are never overridden; switch one off in "
                                 "policy.constraints if the programme allows it)");
    }
    pinned_pairs_.push_back(pair);
    out[p->candidate].push_back({&pinned_pairs_.back(), true, !InRow(p->candidate, p->opening) || pair.score <= penalty});
  }
  // Network arcs in opening order within a candidate: determinism does not
  // depend on scoring's tie order.
  internal::ForSlices(threads, static_cast<int64_t>(n), [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      std::sort(out[c].begin(), out[c].end(), [](const ArcPair& a, const ArcPair& b) {
        return a.pair->opening < b.pair->opening;
      });
    }
  });
  return out;
}

void Matcher::Impl::CheckOverrides(const std::vector<std::vector<ArcPair>>& pairs) const {
  std::vector<int32_t> pins_per_opening(request_.openings.size(), 0);
  std::vector<int32_t> pins_per_employer(request_.employers.size(), 0);
  for (size_t c = 0; c < pairs.size(); ++c) {
    const Candidate& cand = request_.candidates[c];
    int32_t pins = 0;
    std::vector<char> sectors;
    for (const ArcPair& ap : pairs[c]) {
      if (!ap.pinned) continue;
      ++pins;
      const Opening& o = request_.openings[ap.pair->opening];
      ++pins_per_opening[ap.pair->opening];
      if (o.employer != kNoEmployer) ++pins_per_employer[o.employer];
      if (request_.policy.distinct_sectors && cand.placements_needed > 1) {
        if (std::find(sectors.begin(), sectors.end(), o.sector()) != sectors.end()) {
          throw InvalidArgumentError("policy: candidate \"" + cand.id + "\" is pinned to two openings of sector " +
                                     std::string(1, o.sector()) + " but policy.distinct_sectors is set");
        }
        sectors.push_back(o.sector());
      }
    }
    if (pins > cand.placements_needed) {
      throw InvalidArgumentError("policy: candidate \"" + cand.id + "\" has " + std::to_string(pins) +
                                 " pins or locks but needs " + std::to_string(cand.placements_needed) +
                                 " placement(s)");
    }
  }
  for (size_t o = 0; o < pins_per_opening.size(); ++o) {
    if (pins_per_opening[o] > request_.openings[o].capacity) {
      throw InvalidArgumentError("policy: opening \"" + request_.openings[o].id + "\" has " +
                                 std::to_string(pins_per_opening[o]) + " pins or locks but " +
                                 std::to_string(request_.openings[o].capacity) + " seat(s)");
    }
  }
  for (size_t e = 0; e < pins_per_employer.size(); ++e) {
    const int32_t cap = EmployerCap(request_, static_cast<EmployerIndex>(e));
    if (cap > 0 && pins_per_employer[e] > cap) {
      throw InvalidArgumentError("policy: employer \"" + request_.employers[e].id + "\" has " +
                                 std::to_string(pins_per_employer[e]) + " pins or locks but a cap of " +
                                 std::to_string(cap));
    }
  }
}

BuiltNetwork Matcher::Impl::Build(std::vector<std::vector<ArcPair>>& pairs,
                                  const std::vector<int64_t>& quota_lower,
                                  const std::vector<int64_t>& quota_upper) const {
  const MatchRequest& r = request_;
  const Policy& policy = r.policy;
  BuiltNetwork b;
  flow::Network& net = b.net;
  // Keys identify nodes and arcs across rebuilds for warm starts; a one-shot
  // match does not need them.
  const bool keys = session_;
  auto node = [&](uint64_t kind, uint64_t index) {
    if (keys) b.node_keys.push_back(kind << 56 | index);
    return net.AddNode();
  };
  auto arc = [&](NodeIndex tail, NodeIndex head, flow::Flow lower, flow::Flow cap, Cost cost) {
    if (keys) b.arc_keys.push_back(b.node_keys[tail] * 0x9E3779B97F4A7C15ULL ^ b.node_keys[head]);
    return net.AddArc(tail, head, lower, cap, cost);
  };
  size_t pair_arcs = 0;
  for (const auto& list : pairs) pair_arcs += list.size();
  {
    const size_t shared = 1 + r.openings.size() + r.employers.size() + 2 * policy.quotas.size();
    net.Reserve(static_cast<NodeIndex>(shared + r.candidates.size()),
                static_cast<ArcIndex>(shared + r.candidates.size() + pair_arcs));
    b.opening_arcs.reserve(r.openings.size());
    b.unplaced_arcs.reserve(r.candidates.size());
  }
  const NodeIndex sink = node(0, 1);

  // Quota dimensions: at most one on each side (checked by Solve).
  int candidate_quota_dim = -1, opening_quota_dim = -1;
  for (const Quota& q : policy.quotas) {
    (IsOpeningDimension(q.dimension) ? opening_quota_dim : candidate_quota_dim) = static_cast<int>(q.dimension);
  }

  // Openings, then employer caps and opening-side quota groups.
  std::vector<NodeIndex> opening_node(r.openings.size());
  for (size_t o = 0; o < r.openings.size(); ++o) opening_node[o] = node(2, opening_serial_[o]);
  std::vector<NodeIndex> employer_node(r.employers.size(), -1);
  for (size_t e = 0; e < r.employers.size(); ++e) {
    const int32_t cap = EmployerCap(r, static_cast<EmployerIndex>(e));
    if (cap > 0) {
      employer_node[e] = node(3, e);
      arc(employer_node[e], sink, 0, cap, 0);
    }
  }
  std::unordered_map<std::string, NodeIndex> opening_group;
  for (size_t qi = 0; qi < policy.quotas.size(); ++qi) {
    const Quota& q = policy.quotas[qi];
    if (!IsOpeningDimension(q.dimension)) continue;
    const NodeIndex h = node(4, qi);
    opening_group[q.value] = h;
    arc(h, sink, quota_lower[qi], quota_upper[qi], 0);
  }
  for (size_t o = 0; o < r.openings.size(); ++o) {
    const Opening& op = r.openings[o];
    NodeIndex next = sink;
    if (op.employer != kNoEmployer && employer_node[op.employer] >= 0) {
      next = employer_node[op.employer];
    } else if (opening_quota_dim >= 0) {
      auto it = opening_group.find(OpeningValue(op, static_cast<QuotaDimension>(opening_quota_dim)));
      if (it != opening_group.end()) next = it->second;
    }
    b.opening_arcs.push_back(arc(opening_node[o], next, 0, op.capacity, 0));
  }

  // Candidate-side quotas bound a group's placements through its unplaced
  // flow: placements_g = needed_g - unplaced_g, so
  // lower <= placements_g <= upper  <=>  needed_g - upper <= unplaced_g <= needed_g - lower.
  std::unordered_map<std::string, size_t> candidate_group_quota;
  std::vector<int64_t> group_needed(policy.quotas.size(), 0);
  if (candidate_quota_dim >= 0) {
    for (size_t qi = 0; qi < policy.quotas.size(); ++qi) {
      if (!IsOpeningDimension(policy.quotas[qi].dimension)) candidate_group_quota[policy.quotas[qi].value] = qi;
    }
    for (const Candidate& cand : r.candidates) {
      auto it = candidate_group_quota.find(CandidateValue(cand, static_cast<QuotaDimension>(candidate_quota_dim)));
      if (it != candidate_group_quota.end()) group_needed[it->second] += cand.placements_needed;
    }
  }
  std::vector<NodeIndex> unplaced_group(policy.quotas.size(), -1);
  for (const auto& [value, qi] : candidate_group_quota) {
    (void)value;
    unplaced_group[qi] = node(1, qi);
  }
  for (size_t qi = 0; qi < policy.quotas.size(); ++qi) {
    if (unplaced_group[qi] < 0) continue;
    const int64_t needed = group_needed[qi];
    const int64_t lower = quota_upper[qi] == flow::kInfiniteCapacity ? 0 : std::max<int64_t>(0, needed - quota_upper[qi]);
    // A minimum above what the group can place is infeasible: keep the
    // bound honest (negative upper bounds are not representable).
    const int64_t upper = needed - std::min(needed + 1, quota_lower[qi]);
    if (upper < lower) {
      // The bounds contradict each other (a minimum above what the group
      // can place, or shares rounding to an empty range): no flow exists.
      b.infeasible = true;
      arc(unplaced_group[qi], sink, 0, needed, 0);
    } else {
      arc(unplaced_group[qi], sink, lower, upper, 0);
    }
  }

  // Candidates: supply = placements needed; an unplaced arc; one arc per
  // feasible pair (through per-sector nodes for distinct-sector tracks).
  flow::Flow total_supply = 0;
  std::vector<NodeIndex> candidate_node(r.candidates.size());
  auto unplaced_head_of = [&](const Candidate& cand) {
    if (candidate_quota_dim >= 0) {
      auto it = candidate_group_quota.find(CandidateValue(cand, static_cast<QuotaDimension>(candidate_quota_dim)));
      if (it != candidate_group_quota.end()) return unplaced_group[it->second];
    }
    return sink;
  };
  auto pair_cost = [&](const Candidate& cand, const ArcPair& ap) {
    return -static_cast<Cost>(std::llround(kScoreScale * cand.priority * (ap.pair->score - policy.unplaced_penalty)));
  };
  // One-shot networks without sector nodes or pins: the same nodes and arcs
  // in the same order, the arcs written in slices on the matcher's threads
  // (47 M arcs nationally; a session's network keeps keys, arc by arc).
  const bool bulk = !keys && pinned_pairs_.empty() &&
                    !(policy.distinct_sectors && std::any_of(r.candidates.begin(), r.candidates.end(), [](const Candidate& c) {
                      return c.placements_needed > 1;
                    }));
  if (bulk) {
    const size_t n = r.candidates.size();
    std::vector<int64_t> first_arc(n + 1, 0);  // relative to the first candidate arc
    std::vector<NodeIndex> unplaced_head(n);
    for (size_t c = 0; c < n; ++c) {
      const Candidate& cand = r.candidates[c];
      candidate_node[c] = node(5, candidate_serial_[c]);
      net.SetSupply(candidate_node[c], cand.placements_needed);
      total_supply += cand.placements_needed;
      unplaced_head[c] = unplaced_head_of(cand);
      first_arc[c + 1] = first_arc[c] + 1 + static_cast<int64_t>(pairs[c].size());
    }
    b.unplaced_arcs.resize(n);
    const ArcIndex base = net.num_arcs();
    net.AddArcs(first_arc[n], Threads(),
                [&](ArcIndex begin, ArcIndex end, flow::Network::ArcWriter& writer) {
                  auto c = static_cast<size_t>(std::upper_bound(first_arc.begin(), first_arc.end(), begin) -
                                               first_arc.begin() - 1);
                  for (int64_t k = begin; k < end; ++c) {
                    const Candidate& cand = r.candidates[c];
                    for (int64_t j = k - first_arc[c]; j <= static_cast<int64_t>(pairs[c].size()) && k < end; ++j, ++k) {
                      if (j == 0) {
                        b.unplaced_arcs[c] = base + static_cast<ArcIndex>(k);
                        writer.Add(candidate_node[c], unplaced_head[c], cand.placements_needed, 0);
                        continue;
                      }
                      ArcPair& ap = pairs[c][j - 1];
                      ap.arc = base + static_cast<ArcIndex>(k);
                      writer.Add(candidate_node[c], opening_node[ap.pair->opening], 1, pair_cost(cand, ap));
                    }
                  }
                });
  }
  for (size_t c = 0; !bulk && c < r.candidates.size(); ++c) {
    const Candidate& cand = r.candidates[c];
    const NodeIndex cn = node(5, candidate_serial_[c]);
    candidate_node[c] = cn;
    net.SetSupply(cn, cand.placements_needed);
    total_supply += cand.placements_needed;
    b.unplaced_arcs.push_back(arc(cn, unplaced_head_of(cand), 0, cand.placements_needed, 0));
    const bool split_sectors = policy.distinct_sectors && cand.placements_needed > 1;
    std::map<char, NodeIndex> sector_node;
    for (size_t i = 0; i < pairs[c].size(); ++i) {
      ArcPair& ap = pairs[c][i];
      const Opening& op = r.openings[ap.pair->opening];
      NodeIndex tail = cn;
      if (split_sectors) {
        auto [it, inserted] = sector_node.emplace(op.sector(), 0);
        if (inserted) {
          it->second = node(6, candidate_serial_[c] << 8 | static_cast<uint8_t>(op.sector()));
          arc(cn, it->second, 0, 1, 0);
        }
        tail = it->second;
      }
      ap.arc = arc(tail, opening_node[ap.pair->opening], ap.pinned ? 1 : 0, 1, pair_cost(cand, ap));
    }
  }
  net.SetSupply(sink, -total_supply);
  b.num_arcs = net.num_arcs();

  if (candidates_per_part_ > 0 && r.candidates.size() >= 2 * static_cast<size_t>(candidates_per_part_)) {
    const size_t step = std::max<size_t>(1, pair_arcs / matching::kPartitionPairSamples);
    std::vector<matching::SampledPair> sample;
    sample.reserve(pair_arcs / step + 1);
    size_t k = 0;
    for (size_t c = 0; c < pairs.size(); ++c) {
      for (const ArcPair& ap : pairs[c]) {
        if (k++ % step == 0) sample.push_back({static_cast<int32_t>(c), ap.pair->opening});
      }
    }
    const matching::GeographicParts geo = matching::PartitionByGeography(
        r, std::move(sample), static_cast<int32_t>(r.candidates.size() / candidates_per_part_));
    // Shared by every part: the sink and the quota nodes (-1).
    b.node_parts.assign(net.num_nodes(), -1);
    for (size_t o = 0; o < r.openings.size(); ++o) {
      const int32_t part = geo.opening_part[o];
      b.node_parts[opening_node[o]] = part;
      const EmployerIndex e = r.openings[o].employer;
      // An employer's cap node goes with its first opening.
      if (e != kNoEmployer && employer_node[e] >= 0 && b.node_parts[employer_node[e]] < 0) {
        b.node_parts[employer_node[e]] = part;
      }
    }
    // Each candidate node is followed by its per-sector nodes.
    for (size_t c = 0; c < r.candidates.size(); ++c) {
      const NodeIndex end = c + 1 < r.candidates.size() ? candidate_node[c + 1] : net.num_nodes();
      for (NodeIndex v = candidate_node[c]; v < end; ++v) b.node_parts[v] = geo.candidate_part[c];
    }
  }
  return b;
}

void Matcher::Impl::StartSolveClock(std::chrono::steady_clock::time_point start) {
  solve_deadline_ = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(
                                std::min(request_.policy.limits.max_solve_seconds, 1e9)));
}

flow::MinCostFlowSolver Matcher::Impl::Solver() const {
  flow::MinCostFlowSolver solver;
  if (request_.policy.limits.max_solve_seconds > 0) {
    const double left =
        std::chrono::duration<double>(solve_deadline_ - std::chrono::steady_clock::now()).count();
    solver.set_time_limit(std::max(left, 1e-9));  // past: stop at the first check
  }
  return solver;
}

LimitExceededError Matcher::Impl::TimeLimitError(bool with_quotas) const {
  std::ostringstream limit;
  limit << request_.policy.limits.max_solve_seconds;
  return LimitExceededError("policy.limits.max_solve_seconds = " + limit.str() +
                            ": the optimiser stopped before it found an assignment" +
                            (with_quotas ? " meeting the quotas" : "") + "; raise the limit");
}

flow::Solution Matcher::Impl::SolveWarm(const BuiltNetwork& built, std::function<void()> on_serial_phase) {
  flow::MinCostFlowSolver solver = Solver();
  flow::Solution solution;
  if (built.infeasible) {
    solution.status = flow::SolveStatus::kInfeasible;
    return solution;
  }
  if (has_prev_) {
    // Align the previous solution to the new network by node and arc keys.
    std::unordered_map<uint64_t, NodeIndex> prev_node;
    std::unordered_map<uint64_t, ArcIndex> prev_arc;
    prev_node.reserve(prev_node_keys_.size());
    prev_arc.reserve(prev_arc_keys_.size());
    for (size_t v = 0; v < prev_node_keys_.size(); ++v) prev_node.emplace(prev_node_keys_[v], static_cast<NodeIndex>(v));
    for (size_t a = 0; a < prev_arc_keys_.size(); ++a) prev_arc.emplace(prev_arc_keys_[a], static_cast<ArcIndex>(a));
    flow::Solution aligned;
    aligned.status = prev_solution_.status;
    aligned.flows.assign(built.net.num_arcs(), 0);
    aligned.potentials.assign(built.net.num_nodes(), 0);
    for (NodeIndex v = 0; v < built.net.num_nodes(); ++v) {
      auto it = prev_node.find(built.node_keys[v]);
      if (it != prev_node.end()) aligned.potentials[v] = prev_solution_.potentials[it->second];
    }
    for (ArcIndex a = 0; a < built.net.num_arcs(); ++a) {
      auto it = prev_arc.find(built.arc_keys[a]);
      if (it != prev_arc.end()) aligned.flows[a] = std::min(prev_solution_.flows[it->second], built.net.capacity(a));
    }
    solution = solver.Resolve(built.net, aligned);
  } else {
    // Cold: regional networks are not the local kind successive shortest
    // paths is fast on (everyone competes for the same nearby openings:
    // ~200 arc scans per arc against ~3 on random networks), so `kAuto`
    // would spend its scan budget first. Measured in bench/RESULTS.md.
    solver.set_algorithm(flow::Algorithm::kNetworkSimplex);
    solver.set_options({.execution = {.threads = request_.policy.threads},
                        .node_parts = built.node_parts,
                        .on_serial_phase = std::move(on_serial_phase)});
    solution = solver.Solve(built.net);
  }
  if (session_ && solution.status == flow::SolveStatus::kOptimal) {
    prev_node_keys_ = built.node_keys;
    prev_arc_keys_ = built.arc_keys;
    prev_solution_ = solution;
    has_prev_ = true;
  }
  return solution;
}

namespace {
double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

const MatchResponse& Matcher::Impl::Solve() {
  CheckLimits();
  timings_ = {};
  auto start = std::chrono::steady_clock::now();
  EnsureScores();
  timings_.scoring = SecondsSince(start);
  start = std::chrono::steady_clock::now();
  const Policy& policy = request_.policy;
  int candidate_dims = 0, opening_dims = 0, cdim = -1, odim = -1;
  for (size_t qi = 0; qi < policy.quotas.size(); ++qi) {
    const Quota& q = policy.quotas[qi];
    const int d = static_cast<int>(q.dimension);
    int& seen = IsOpeningDimension(q.dimension) ? odim : cdim;
    if (seen != d) {
      (IsOpeningDimension(q.dimension) ? opening_dims : candidate_dims)++;
      seen = d;
    }
    for (size_t qj = 0; qj < qi; ++qj) {
      if (policy.quotas[qj].dimension == q.dimension && policy.quotas[qj].value == q.value) {
        throw InvalidArgumentError("policy.quotas[" + std::to_string(qi) + "]: same dimension and value as quotas[" +
                                   std::to_string(qj) + "]");
      }
    }
  }
  if (candidate_dims > 1 || opening_dims > 1) {
    throw InvalidArgumentError(
        "policy.quotas: quotas on more than one candidate dimension (or more than one opening dimension) are not "
        "supported: they do not nest in a flow network");
  }
  if (opening_dims > 0) {
    for (size_t e = 0; e < request_.employers.size(); ++e) {
      if (EmployerCap(request_, static_cast<EmployerIndex>(e)) > 0) {
        throw InvalidArgumentError("policy.quotas: quotas on openings cannot be combined with employer caps "
                                   "(employers[" + std::to_string(e) + "] has one)");
      }
    }
  }

  // Fast path of a session: same structure, edits already applied in place.
  if (structure_valid_) {
    structure_valid_ = false;  // set again only if this solve succeeds
    CheckOverrides(pairs_);
    timings_.network = SecondsSince(start);
    start = std::chrono::steady_clock::now();
    StartSolveClock(start);
    flow::Solution solution = Solver().Resolve(built_.net, prev_solution_);
    if (solution.status == flow::SolveStatus::kTimeLimit) throw TimeLimitError(false);
    if (!solution.has_flow()) {
      throw InvalidArgumentError("policy: pins and locks cannot all be placed together (seats, caps or sectors)");
    }
    if (solution.status == flow::SolveStatus::kFeasible) PreferGreedy(built_, &solution);
    // A flow stopped at the time limit is kept too: the next re-solve starts
    // cold from it (only an optimal solution is a warm start).
    const MatchStatus fast_status =
        solution.status == flow::SolveStatus::kOptimal ? MatchStatus::kOptimal : MatchStatus::kFeasibleNotProven;
    prev_solution_ = std::move(solution);
    timings_.solve = SecondsSince(start);
    start = std::chrono::steady_clock::now();
    response_ = Report(pairs_, banned_counts_, built_, prev_solution_, fast_status, "", /*reuse_placements=*/true);
    timings_.report = SecondsSince(start);
    structure_valid_ = true;
    return response_;
  }

  structure_valid_ = false;
  banned_arcs_ = 0;
  pairs_ = NetworkPairs(&banned_counts_);
  greedy_order_.clear();
  greedy_valid_ = false;
  greedy_.taken.clear();
  std::vector<std::vector<ArcPair>>& pairs = pairs_;
  CheckOverrides(pairs);
  int64_t arcs = 0;
  for (const auto& list : pairs) arcs += static_cast<int64_t>(list.size());
  if (policy.limits.max_arcs > 0 && arcs > policy.limits.max_arcs) {
    throw LimitExceededError("network: " + std::to_string(arcs) + " candidate-opening arcs exceed policy.limits.max_arcs = " +
                             std::to_string(policy.limits.max_arcs));
  }

  const size_t nq = policy.quotas.size();
  std::vector<int64_t> lower(nq, 0), upper(nq, flow::kInfiniteCapacity);
  built_ = Build(pairs, lower, upper);
  timings_.network = SecondsSince(start);
  start = std::chrono::steady_clock::now();
  StartSolveClock(start);
  // The report's id orders do not depend on the solve: sort them meanwhile.
  std::future<void> record_index = Alongside([this] { EnsureRecordIndex(); });
  // Nor does the greedy baseline (it reads the pairs and the request; Build,
  // which only the quota rounds below call again, writes the pairs' arcs):
  // it starts when the optimiser goes on with one thread (its last phase),
  // on a core it leaves idle. Otherwise the report computes it.
  std::future<void> greedy_ahead;
  std::function<void()> start_greedy;
  if (policy.greedy_baseline && nq == 0 && Threads() > 1) {
    start_greedy = [this, &greedy_ahead] {
      try {
        greedy_ahead = Alongside([this] { Greedy(); });
      } catch (const std::system_error&) {
        // No thread to spare: the report computes it.
      }
    };
  }
  flow::Solution solution = SolveWarm(built_, std::move(start_greedy));
  if (greedy_ahead.valid()) greedy_ahead.get();
  MatchStatus status = MatchStatus::kOptimal;
  std::string infeasible_detail;
  auto placements_of = [&](const flow::Solution& sol) {
    int64_t total = 0;
    for (const auto& list : pairs_) {
      for (const ArcPair& ap : list) total += sol.flows[ap.arc];
    }
    return total;
  };
  if (solution.status == flow::SolveStatus::kInfeasible) {
    // Without quotas only overrides can make the network infeasible, and
    // CheckOverrides catches those; keep a clear message all the same.
    throw InvalidArgumentError("policy: pins and locks cannot all be placed together (seats, caps or sectors)");
  }
  // The first solve ignores the quotas: stopped by the time limit, its flow
  // is no answer when there are quotas.
  if (solution.status == flow::SolveStatus::kTimeLimit ||
      (nq > 0 && solution.status == flow::SolveStatus::kFeasible)) {
    throw TimeLimitError(nq > 0);
  }
  if (!solution.has_flow()) {
    throw std::runtime_error(std::string("optimiser returned ") + flow::ToString(solution.status));
  }
  if (solution.status == flow::SolveStatus::kFeasible) {
    // At the time limit, the best answer in hand: the optimiser's flow or
    // the greedy baseline's, whichever is better.
    status = MatchStatus::kFeasibleNotProven;
    PreferGreedy(built_, &solution);
  }
  if (nq > 0) {
    // Fixed point on the placement total (see matcher.h). At the time limit,
    // the last round's flow (which meets that round's quota bounds) stands.
    int64_t total = placements_of(solution);
    bool converged = false, stopped = false;
    for (int round = 0; round < 8 && !converged && !stopped; ++round) {
      for (size_t qi = 0; qi < nq; ++qi) {
        const Quota& q = policy.quotas[qi];
        lower[qi] = static_cast<int64_t>(std::ceil(q.min_share * static_cast<double>(total) - 1e-9));
        upper[qi] = q.max_share >= 1.0 ? flow::kInfiniteCapacity
                                       : static_cast<int64_t>(std::floor(q.max_share * static_cast<double>(total) + 1e-9));
      }
      BuiltNetwork next_built = Build(pairs, lower, upper);
      flow::Solution next_solution = SolveWarm(next_built);
      if (next_solution.status == flow::SolveStatus::kTimeLimit) {
        if (round == 0) throw TimeLimitError(true);
        stopped = true;
        break;
      }
      built_ = std::move(next_built);
      solution = std::move(next_solution);
      if (!solution.has_flow()) break;
      stopped = solution.status == flow::SolveStatus::kFeasible;
      const int64_t next = placements_of(solution);
      converged = next == total;
      total = next;
    }
    if (!solution.has_flow()) {
      status = MatchStatus::kInfeasible;
      for (size_t qi = 0; qi < nq; ++qi) {
        if (lower[qi] > 0) {
          infeasible_detail += (infeasible_detail.empty() ? "" : "; ") + std::string("policy.quotas[") +
                               std::to_string(qi) + "] needs at least " + std::to_string(lower[qi]) +
                               " placements for \"" + policy.quotas[qi].value + "\"";
        }
      }
      // Report the unconstrained optimum, marked infeasible.
      std::fill(lower.begin(), lower.end(), 0);
      std::fill(upper.begin(), upper.end(), flow::kInfiniteCapacity);
      built_ = Build(pairs, lower, upper);
      solution = SolveWarm(built_);
      if (solution.status == flow::SolveStatus::kTimeLimit) throw TimeLimitError(false);
      if (!solution.has_flow()) {
        throw std::runtime_error(std::string("optimiser returned ") + flow::ToString(solution.status));
      }
    } else if (!converged || stopped) {
      status = MatchStatus::kFeasibleNotProven;
    }
  }
  timings_.solve = SecondsSince(start);
  start = std::chrono::steady_clock::now();
  if (!session_ && !keep_network_) {
    // Nothing reads the network's arrays after the solve but `network()`:
    // free them before the report (24 bytes per arc: 1.2 GB nationally).
    built_.net = flow::Network();
  }
  record_index.get();
  response_ = Report(pairs, banned_counts_, built_, solution, status, infeasible_detail, /*reuse_placements=*/false);
  timings_.report = SecondsSince(start);
  // Quotas re-derive their bounds from the placement total: they always
  // rebuild. Everything else can be edited in place next time.
  // (SolveWarm kept the solution as `prev_solution_`.)
  // An answer stopped by the time limit is no warm start.
  structure_valid_ = session_ && nq == 0 && has_prev_ && status == MatchStatus::kOptimal;
  return response_;
}

namespace {

struct Stat {
  int64_t total = 0, placed = 0;
  double score = 0, commute = 0;
  int64_t scored = 0;
};

void AppendStat(const char* dimension, const std::string& value, const Stat& s, std::vector<GroupStats>* out) {
  GroupStats g;
  g.dimension = dimension;
  g.value = value;
  g.total = s.total;
  g.placed = s.placed;
  g.rate = s.total > 0 ? static_cast<double>(s.placed) / static_cast<double>(s.total) : 0;
  g.mean_score = s.scored > 0 ? s.score / static_cast<double>(s.scored) : 0;
  g.mean_commute_minutes = s.scored > 0 ? s.commute / static_cast<double>(s.scored) : 0;
  out->push_back(std::move(g));
}

void AppendStats(const char* dimension, const std::map<std::string, Stat, std::less<>>& stats,
                 std::vector<GroupStats>* out) {
  for (const auto& [value, s] : stats) AppendStat(dimension, value, s, out);
}

const char* GenderName(Gender g) {
  switch (g) {
    case Gender::kFemale: return "female";
    case Gender::kMale: return "male";
    case Gender::kOther: return "other";
    case Gender::kUnspecified: return "unspecified";
  }
  return "";
}

std::string ReasonDetail(ReasonCode code, int32_t count, Language lang) {
  const bool fr = lang == Language::kFrench;
  const std::string n = std::to_string(count);
  switch (code) {
    case ReasonCode::kNoRightToWork:
      return fr ? n + " offre(s) exclue(s) : pas d'autorisation de travail (seules formations et cours de français restent)"
                : n + " opening(s) excluded: no right to work (only trainings and French courses remain)";
    case ReasonCode::kDrivingLicenceRequired:
      return fr ? n + " offre(s) exigent le permis de conduire" : n + " opening(s) require a driving licence";
    case ReasonCode::kVehicleRequired:
      return fr ? n + " offre(s) accessibles seulement en voiture" : n + " opening(s) reachable only by car";
    case ReasonCode::kFrenchLevelTooLow:
      return fr ? n + " offre(s) demandent un niveau de français plus élevé" : n + " opening(s) need a higher French level";
    case ReasonCode::kCommuteTooLong:
      return fr ? n + " offre(s) trop loin du domicile" : n + " opening(s) beyond the commute limit";
    case ReasonCode::kChildcareSchedule:
      return fr ? n + " offre(s) à horaires incompatibles avec la garde d'enfants"
                : n + " opening(s) with hours incompatible with childcare";
    case ReasonCode::kHealthRestriction:
      return fr ? n + " offre(s) physiquement incompatibles (santé)" : n + " opening(s) physically incompatible (health)";
    case ReasonCode::kAvailableTooLate:
      return fr ? n + " offre(s) commencent avant la disponibilité" : n + " opening(s) start before the candidate is available";
    case ReasonCode::kFrenchRouting:
      return fr ? n + " emploi(s) fermés : parcours français d'abord" : n + " job(s) closed: French track first";
    case ReasonCode::kBanned:
      return fr ? n + " offre(s) écartée(s) par un conseiller" : n + " opening(s) banned by a counsellor";
    case ReasonCode::kNoOpeningInReach:
      return fr ? "aucune offre à portée" : "no opening within reach";
    default: return "";
  }
}

}  // namespace

Matcher::Impl::GreedyResult Matcher::Impl::RunGreedy(const std::vector<std::vector<ArcPair>>& pairs) {
  // The order depends only on the network's pairs, so a session keeps it
  // across in-place edits.
  const MatchRequest& r = request_;
  const Policy& policy = r.policy;
  const size_t nc = r.candidates.size(), no = r.openings.size();
  GreedyResult result;
  if (greedy_order_.empty()) greedy_order_ = GreedyOrder(pairs);
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
  for (const GreedyEntry& e : greedy_order_) {
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

const Matcher::Impl::GreedyResult& Matcher::Impl::Greedy() {
  if (!greedy_valid_) {
    for (const auto& [c, i] : greedy_.taken) pairs_[c][i].greedy_taken = false;
    greedy_ = RunGreedy(pairs_);
    for (const auto& [c, i] : greedy_.taken) pairs_[c][i].greedy_taken = true;
    greedy_valid_ = true;
    // Only a session re-runs the baseline (after edits): a one-shot match
    // frees the order (12 bytes per pair) before the report's strings.
    if (!session_) greedy_order_ = {};
  }
  return greedy_;
}

bool Matcher::Impl::PreferGreedy(const BuiltNetwork& built, flow::Solution* solution) {
  const GreedyResult& greedy = Greedy();
  const flow::Network& net = built.net;
  Cost greedy_cost = 0;
  for (const auto& [c, i] : greedy.taken) greedy_cost += net.cost(pairs_[c][i].arc);
  if (greedy_cost >= solution->total_cost) return false;
  // The greedy placements as a flow: pair arcs first, then every other arc
  // from conservation. Single in-arcs of nodes whose outflow is known (sector
  // nodes) from the sinks up, then single undetermined out-arcs (unplaced,
  // seat and employer arcs) from the sources down.
  const NodeIndex n = net.num_nodes();
  const ArcIndex m = net.num_arcs();
  std::vector<flow::Flow> flows(m, 0);
  std::vector<char> known(m, 0);
  for (const auto& list : pairs_) {
    for (const ArcPair& ap : list) known[ap.arc] = 1;
  }
  for (const auto& [c, i] : greedy.taken) flows[pairs_[c][i].arc] = 1;
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

Matcher::Impl::GreedyOrderVector Matcher::Impl::GreedyOrder(const std::vector<std::vector<ArcPair>>& pairs) {
  // Best score first, then candidate, then the pair's place in its list (the
  // network's order). Scores are finite and >= 0, so their float bits order
  // like them: the key is the inverted bits. The pairs are scattered by the
  // key's high 16 bits in list order (a stable counting sort), then each
  // bucket is sorted by the low 16 bits in two stable 8-bit passes. Besides
  // the order (12 bytes per pair) this needs 2 bytes per pair and buffers
  // the size of the largest bucket, not a second copy of everything
  // (nationally 46 M pairs: 0.65 GB written instead of 2 GB).
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
  GreedyOrderVector order(total);
  std::vector<uint16_t, internal::UninitializedAllocator<uint16_t>> low(total);
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
  std::vector<GreedyEntry> entry_buffer;
  std::vector<uint16_t> low_buffer;
  std::array<size_t, 256> count;
  for (size_t d = 0; d + 1 < start.size(); ++d) {
    const size_t from = start[d], size = start[d + 1] - from;
    if (size < 2) continue;
    if (entry_buffer.size() < size) entry_buffer.resize(size), low_buffer.resize(size);
    // The bucket moves between its place and the buffers, pass by pass.
    GreedyEntry* entries[2] = {order.data() + from, entry_buffer.data()};
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

void Matcher::Impl::EnsureRecordIndex() {
  const MatchRequest& r = request_;
  const size_t nc = r.candidates.size();
  if (record_index_valid_) return;
  record_index_valid_ = true;
  auto ranks = [](const auto& records, std::vector<int32_t>* order, std::vector<int32_t>* rank) {
    order->resize(records.size());
    std::iota(order->begin(), order->end(), 0);
    std::sort(order->begin(), order->end(), [&](int32_t a, int32_t b) { return records[a].id < records[b].id; });
    rank->resize(records.size());
    for (size_t i = 0; i < order->size(); ++i) (*rank)[(*order)[i]] = static_cast<int32_t>(i);
  };
  ranks(r.candidates, &candidate_order_, &candidate_rank_);
  ranks(r.openings, &opening_order_, &opening_rank_);
  // Subgroup keys, as the summary names them ("-" when not given).
  auto key = [](const Candidate& cand, int d) -> std::string_view {
    auto or_dash = [](const std::string& v) { return v.empty() ? std::string_view("-") : std::string_view(v); };
    switch (d) {
      case 0: return GenderName(cand.subgroup.gender);
      case 1: return or_dash(cand.subgroup.country_of_origin);
      case 2: return or_dash(cand.subgroup.departement);
      default: return cand.age == 0 ? "unknown" : (cand.age >= 16 && cand.age <= 25 ? "16-25" : "26+");
    }
  };
  candidate_group_.resize(nc);
  for (int d = 0; d < kGroupDimensions; ++d) {
    std::map<std::string_view, int32_t> index;
    for (const Candidate& cand : r.candidates) index.emplace(key(cand, d), 0);
    group_keys_[d].clear();
    for (auto& [k, i] : index) {
      i = static_cast<int32_t>(group_keys_[d].size());
      group_keys_[d].emplace_back(k);
    }
    for (size_t c = 0; c < nc; ++c) candidate_group_[c][d] = index.at(key(r.candidates[c], d));
  }
}

MatchResponse Matcher::Impl::Report(const std::vector<std::vector<ArcPair>>& pairs,
                                    const std::vector<int32_t>& banned_counts, const BuiltNetwork& built,
                                    const flow::Solution& solution, MatchStatus status,
                                    const std::string& infeasible_detail, bool reuse_placements) {
  const MatchRequest& r = request_;
  const Policy& policy = r.policy;
  const bool fr = policy.language == Language::kFrench;
  const size_t nc = r.candidates.size(), no = r.openings.size();
  MatchResponse resp;
  // The greedy baseline reads the pairs and the request only (it writes the
  // pairs' `greedy_taken`, which nothing below reads): run it meanwhile.
  std::future<void> greedy;
  if (policy.greedy_baseline) greedy = Alongside([this] { Greedy(); });

  // Placements.
  std::vector<int32_t> filled(no, 0);
  std::vector<int32_t> placed_count(nc, 0);
  std::vector<int32_t> employer_filled(r.employers.size(), 0);
  struct Chosen {
    CandidateIndex c;
    const ArcPair* ap;
  };
  std::vector<Chosen> chosen;
  auto used = [&](const ArcPair& ap) { return solution.flows[ap.arc] > 0; };
  for (size_t c = 0; c < nc; ++c) {
    // Placements the candidate got: what its unplaced arc does not carry.
    int64_t left = r.candidates[c].placements_needed - solution.flows[built.unplaced_arcs[c]];
    for (const ArcPair& ap : pairs[c]) {
      if (left <= 0) break;
      if (!used(ap)) continue;
      --left;
      chosen.push_back({static_cast<CandidateIndex>(c), &ap});
      ++filled[ap.pair->opening];
      ++placed_count[c];
      const EmployerIndex e = r.openings[ap.pair->opening].employer;
      if (e != kNoEmployer) ++employer_filled[e];
    }
  }
  EnsureRecordIndex();
  std::sort(chosen.begin(), chosen.end(), [&](const Chosen& a, const Chosen& b) {
    if (a.c != b.c) return candidate_rank_[a.c] < candidate_rank_[b.c];
    return opening_rank_[a.ap->pair->opening] < opening_rank_[b.ap->pair->opening];
  });
  Summary& s = resp.summary;
  std::map<std::string, Stat, std::less<>> by_kind, by_occ;
  auto stat = [](std::map<std::string, Stat, std::less<>>& map, std::string_view key) -> Stat& {
    auto it = map.find(key);
    if (it == map.end()) it = map.emplace(std::string(key), Stat{}).first;
    return it->second;
  };
  std::vector<double> candidate_score(nc, 0), candidate_commute(nc, 0);
  std::vector<double> opening_score(no, 0), opening_commute(no, 0);
  // The previous response's placements are in the same order: walk them
  // alongside and move over those of the same pair.
  std::vector<std::pair<CandidateIndex, OpeningIndex>> placement_pairs;
  placement_pairs.reserve(chosen.size());
  resp.placements.reserve(chosen.size());
  size_t previous = 0;
  const bool reuse = reuse_placements && placement_pairs_.size() == response_.placements.size();
  auto fill_placement = [&](const Chosen& ch, const Explained& explained, Placement* pl) {
    const Pair& p = *ch.ap->pair;
    pl->candidate_id = r.candidates[ch.c].id;
    pl->opening_id = r.openings[p.opening].id;
    pl->score = Rounded(p.score);
    pl->breakdown = RoundedBreakdown(p);
    pl->explanation = explained.text;
    pl->skills_acquired_abroad = explained.skills_abroad;
    pl->skill_gaps = explained.skill_gaps;
    pl->commute_minutes = std::round(p.commute_minutes * 10) / 10;
    pl->commute_mode = p.commute_mode;
    pl->pinned = ch.ap->pinned;
  };
  // A one-shot report explains its placements on a second thread while this
  // one writes the unplaced candidates' reasons (explanations are pure
  // functions of the request). A session explains them here, through its
  // cache.
  const bool placements_alongside = !reuse && !session_ && Threads() > 1 && chosen.size() >= 1024;
  for (const Chosen& ch : chosen) {
    const Pair& p = *ch.ap->pair;
    const std::pair<int32_t, int32_t> rank{candidate_rank_[ch.c], opening_rank_[p.opening]};
    if (reuse) {
      while (previous < placement_pairs_.size() &&
             std::pair{candidate_rank_[placement_pairs_[previous].first],
                       opening_rank_[placement_pairs_[previous].second]} < rank) {
        ++previous;
      }
    }
    if (reuse && previous < placement_pairs_.size() && placement_pairs_[previous] == std::pair{ch.c, p.opening}) {
      resp.placements.push_back(std::move(response_.placements[previous++]));
      resp.placements.back().pinned = ch.ap->pinned;
    } else if (placements_alongside) {
      resp.placements.emplace_back();  // filled below
    } else {
      fill_placement(ch, Explanation(ch.c, p.opening), &resp.placements.emplace_back());
    }
    placement_pairs.emplace_back(ch.c, p.opening);
    s.total_score += p.score;
    s.objective += r.candidates[ch.c].priority * (p.score - policy.unplaced_penalty);
    s.mean_commute_minutes += p.commute_minutes;
    candidate_score[ch.c] += p.score;
    candidate_commute[ch.c] += p.commute_minutes;
    opening_score[p.opening] += p.score;
    opening_commute[p.opening] += p.commute_minutes;
  }
  placement_pairs_ = std::move(placement_pairs);
  std::future<void> placements_filled;
  if (placements_alongside) {
    placements_filled = Alongside([&] {
      Explained explained;
      for (size_t k = 0; k < chosen.size(); ++k) {
        const Chosen& ch = chosen[k];
        explained.text = matching::ExplainPair(r, ch.c, ch.ap->pair->opening, *taxonomy_, &explained.skills_abroad,
                                               &explained.skill_gaps);
        fill_placement(ch, explained, &resp.placements[k]);
      }
    });
  }
  s.candidates = static_cast<int64_t>(nc);
  s.placements = static_cast<int64_t>(chosen.size());
  s.mean_score = chosen.empty() ? 0 : s.total_score / static_cast<double>(chosen.size());
  s.mean_commute_minutes = chosen.empty() ? 0 : s.mean_commute_minutes / static_cast<double>(chosen.size());
  s.network_arcs = built.num_arcs - banned_arcs_;
  s.pairs_examined = pairs_examined_;
  for (size_t c = 0; c < nc; ++c) s.pairs_feasible += static_cast<int64_t>(Row(static_cast<CandidateIndex>(c)).pairs.size());
  s.status = status;

  // Unplaced, with reasons, in id order. Why each opening cannot take one
  // more candidate: full, its employer at its cap, or (open) a quota or the
  // candidate's sectors.
  enum : uint8_t { kOpen, kFull, kCap, kQuota, kSector, kTargets };
  constexpr int32_t kNamed = 5;
  std::vector<uint8_t> opening_state(no, kOpen);
  for (size_t o = 0; o < no; ++o) {
    const Opening& op = r.openings[o];
    if (filled[o] >= op.capacity) {
      opening_state[o] = kFull;
    } else if (op.employer != kNoEmployer && EmployerCap(r, op.employer) > 0 &&
               employer_filled[op.employer] >= EmployerCap(r, op.employer)) {
      opening_state[o] = kCap;
    }
  }
  const std::vector<int32_t>& order = candidate_order_;
  std::array<std::vector<Stat>, kGroupDimensions> group_stats;
  for (int d = 0; d < kGroupDimensions; ++d) group_stats[d].assign(group_keys_[d].size(), Stat{});
  for (CandidateIndex c : order) {
    const Candidate& cand = r.candidates[c];
    if (placed_count[c] > 0) ++s.placed_candidates;
    // Subgroup stats.
    for (int d = 0; d < kGroupDimensions; ++d) {
      Stat& st = group_stats[d][candidate_group_[c][d]];
      ++st.total;
      if (placed_count[c] > 0) {
        ++st.placed;
        st.score += candidate_score[c] / placed_count[c];
        st.commute += candidate_commute[c] / placed_count[c];
        ++st.scored;
      }
    }
    if (placed_count[c] >= cand.placements_needed) continue;
    Unplaced u;
    u.candidate_id = cand.id;
    if (placed_count[c] > 0) {
      Reason partial;
      partial.code = ReasonCode::kPartiallyPlaced;
      partial.count = placed_count[c];
      partial.detail = fr ? "placé(e) " + std::to_string(placed_count[c]) + " fois sur " +
                                std::to_string(cand.placements_needed) + " nécessaires"
                          : "placed " + std::to_string(placed_count[c]) + " of " +
                                std::to_string(cand.placements_needed) + " times needed";
      u.reasons.push_back(std::move(partial));
    }
    if (status == MatchStatus::kInfeasible && !infeasible_detail.empty()) {
      u.reasons.push_back({ReasonCode::kQuota, infeasible_detail, 0, {}});
    }
    const RowView row = Row(c);
    // Openings the candidate could take (in the network, not used), by
    // why: counted, and the first five of each kind named, best score first
    // (ties in id order).
    int32_t counts[kTargets] = {};
    int32_t named[kTargets] = {};
    const ArcPair* best[kTargets][kNamed];
    auto before = [&](const ArcPair* a, const ArcPair* b) {
      if (a->pair->score != b->pair->score) return a->pair->score > b->pair->score;
      return opening_rank_[a->pair->opening] < opening_rank_[b->pair->opening];
    };
    for (const ArcPair& ap : pairs[c]) {
      if (used(ap) || ap.banned) continue;
      int target = opening_state[ap.pair->opening];
      if (target == kOpen) target = policy.distinct_sectors && placed_count[c] > 0 ? kSector : kQuota;
      ++counts[target];
      const ArcPair** list = best[target];
      int32_t& n = named[target];
      if (n == kNamed && !before(&ap, list[kNamed - 1])) continue;
      int32_t at = n < kNamed ? n++ : kNamed - 1;
      for (; at > 0 && before(&ap, list[at - 1]); --at) list[at] = list[at - 1];
      list[at] = &ap;
    }
    if (std::any_of(std::begin(counts), std::end(counts), [](int32_t n) { return n > 0; })) {
      Reason full{ReasonCode::kLostToBetterFit, "", counts[kFull], {}}, cap{ReasonCode::kEmployerCap, "", counts[kCap], {}},
          quota{ReasonCode::kQuota, "", counts[kQuota], {}}, sector{ReasonCode::kSameSector, "", counts[kSector], {}};
      for (auto [reason, target] : {std::pair{&full, kFull}, {&cap, kCap}, {&quota, kQuota}, {&sector, kSector}}) {
        for (int32_t k = 0; k < named[target]; ++k) reason->opening_ids.push_back(r.openings[best[target][k]->pair->opening].id);
      }
      full.detail = fr ? std::to_string(full.count) + " offre(s) possible(s) pourvue(s) par des candidats mieux adaptés"
                       : std::to_string(full.count) + " feasible opening(s) filled by better-fitting candidates";
      cap.detail = fr ? "plafond d'accueil de l'employeur atteint" : "employer's cap reached";
      quota.detail = fr ? "un quota de la politique limite ces placements" : "a policy quota limits these placements";
      sector.detail = fr ? "secteur déjà couvert par un autre placement" : "sector already used by another placement";
      for (Reason* reason : {&full, &cap, &sector, &quota}) {
        if (reason->count > 0) u.reasons.push_back(std::move(*reason));
      }
    } else {
      // Nothing usable in the network: say why.
      double best = -1;
      std::string best_id;
      int32_t below = 0;
      for (const Pair& p : row.pairs) {
        if (p.score <= policy.unplaced_penalty) {
          ++below;
          if (p.score > best) best = p.score, best_id = r.openings[p.opening].id;
        }
      }
      if (below > 0) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.2f", best);
        u.reasons.push_back({ReasonCode::kBelowMinimumScore,
                             fr ? std::to_string(below) + " offre(s) possible(s), toutes sous le score minimum (" +
                                      std::string(buf) + " au mieux)"
                                : std::to_string(below) + " feasible opening(s), all below the minimum score (best " +
                                      std::string(buf) + ")",
                             below,
                             {best_id}});
      }
      if (banned_counts[c] > 0) {
        u.reasons.push_back({ReasonCode::kBanned, ReasonDetail(ReasonCode::kBanned, banned_counts[c], policy.language),
                             banned_counts[c], {}});
      }
      std::vector<std::pair<int32_t, int>> excluded;
      for (int code = 1; code <= kMaxReasonCode; ++code) {
        const int32_t count = row.excluded_count(static_cast<ReasonCode>(code));
        if (count > 0) excluded.push_back({count, code});
      }
      std::sort(excluded.begin(), excluded.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      for (const auto& [count, code] : excluded) {
        const ReasonCode rc = static_cast<ReasonCode>(code);
        u.reasons.push_back({rc, ReasonDetail(rc, count, policy.language), count, {}});
      }
      if (u.reasons.empty() || (u.reasons.size() == 1 && u.reasons[0].code == ReasonCode::kPartiallyPlaced)) {
        u.reasons.push_back({ReasonCode::kNoOpeningInReach, ReasonDetail(ReasonCode::kNoOpeningInReach, 0, policy.language),
                             0, {}});
      }
    }
    resp.unplaced.push_back(std::move(u));
  }
  s.placement_rate = nc > 0 ? static_cast<double>(s.placed_candidates) / static_cast<double>(nc) : 0;

  // Opening fills and kind/occupation stats.
  const std::vector<int32_t>& oorder = opening_order_;
  for (OpeningIndex o : oorder) {
    const Opening& op = r.openings[o];
    resp.opening_fills.push_back({op.id, op.capacity, filled[o]});
    s.seats += op.capacity;
    s.seats_filled += filled[o];
    Stat& k = stat(by_kind, ToString(op.kind));
    k.total += op.capacity, k.placed += filled[o];
    k.score += opening_score[o], k.commute += opening_commute[o], k.scored += filled[o];
    Stat& oc = stat(by_occ, op.occupation.empty() ? std::string_view("-") : std::string_view(op.occupation));
    oc.total += op.capacity, oc.placed += filled[o];
    oc.score += opening_score[o], oc.commute += opening_commute[o], oc.scored += filled[o];
  }
  s.fill_rate = s.seats > 0 ? static_cast<double>(s.seats_filled) / static_cast<double>(s.seats) : 0;
  AppendStats("kind", by_kind, &s.by_kind);
  AppendStats("occupation", by_occ, &s.by_occupation);
  const char* const group_dimensions[kGroupDimensions] = {"gender", "country_of_origin", "departement", "age_group"};
  for (int d = 0; d < kGroupDimensions; ++d) {
    for (size_t g = 0; g < group_keys_[d].size(); ++g) {
      AppendStat(group_dimensions[d], group_keys_[d][g], group_stats[d][g], &s.by_subgroup);
    }
  }

  // Greedy baseline: pins first, then best score first (ties in request
  // order), same seats, caps and sectors.
  if (policy.greedy_baseline) {
    greedy.get();
    const GreedyResult& baseline = Greedy();
    s.greedy_placements = static_cast<int64_t>(baseline.taken.size());
    s.greedy_total_score = baseline.total_score;
    s.greedy_objective = baseline.objective;
  }

  // Shortlists: anti-congestion by a greedy pass over all feasible pairs,
  // best first, each opening appearing at most appearances_per_seat * seats
  // times across candidates' shortlists.
  if (policy.shortlist_size > 0) {
    const int32_t k = policy.shortlist_size;
    struct E {
      CandidateIndex c;
      const Pair* p;
    };
    std::vector<E> all;
    std::unordered_set<uint64_t> banned;
    for (const PairOverride& b : r.bans) banned.insert(PairKey(b.candidate, b.opening));
    for (size_t c = 0; c < nc; ++c) {
      for (const Pair& p : Row(static_cast<CandidateIndex>(c)).pairs) {
        if (!banned.count(PairKey(static_cast<CandidateIndex>(c), p.opening))) {
          all.push_back({static_cast<CandidateIndex>(c), &p});
        }
      }
    }
    std::sort(all.begin(), all.end(), [&](const E& a, const E& b) {
      if (a.p->score != b.p->score) return a.p->score > b.p->score;
      if (a.c != b.c) return a.c < b.c;
      return a.p->opening < b.p->opening;
    });
    std::vector<std::vector<const E*>> by_candidate(nc), by_opening(no);
    std::vector<int64_t> appearances(no, 0);
    for (const E& e : all) {
      const int64_t limit = static_cast<int64_t>(policy.shortlist_appearances_per_seat) *
                            std::max<int32_t>(1, r.openings[e.p->opening].capacity);
      if (static_cast<int32_t>(by_candidate[e.c].size()) < k && appearances[e.p->opening] < limit) {
        by_candidate[e.c].push_back(&e);
        ++appearances[e.p->opening];
      }
      if (static_cast<int32_t>(by_opening[e.p->opening].size()) < k) by_opening[e.p->opening].push_back(&e);
    }
    auto entry = [&](const E& e, int32_t rank, bool for_candidate) {
      ShortlistEntry se;
      se.id = for_candidate ? r.openings[e.p->opening].id : r.candidates[e.c].id;
      se.rank = rank;
      se.score = Rounded(e.p->score);
      se.breakdown = RoundedBreakdown(*e.p);
      se.explanation = Explanation(e.c, e.p->opening).text;
      return se;
    };
    for (CandidateIndex c : order) {
      if (by_candidate[c].empty()) continue;
      Shortlist sl;
      sl.candidate_id = r.candidates[c].id;
      for (size_t i = 0; i < by_candidate[c].size(); ++i) sl.entries.push_back(entry(*by_candidate[c][i], i + 1, true));
      resp.shortlists.push_back(std::move(sl));
    }
    for (OpeningIndex o : oorder) {
      if (by_opening[o].empty()) continue;
      Shortlist sl;
      sl.opening_id = r.openings[o].id;
      for (size_t i = 0; i < by_opening[o].size(); ++i) sl.entries.push_back(entry(*by_opening[o][i], i + 1, false));
      resp.shortlists.push_back(std::move(sl));
    }
  }
  if (placements_filled.valid()) placements_filled.get();
  return resp;
}

const Matcher::Impl::Explained& Matcher::Impl::Explanation(CandidateIndex c, OpeningIndex o) {
  auto compute = [&](Explained* e) {
    e->text = matching::ExplainPair(request_, c, o, *taxonomy_, &e->skills_abroad, &e->skill_gaps);
  };
  if (!session_) {
    compute(&scratch_explained_);
    return scratch_explained_;
  }
  const uint64_t key = candidate_serial_[c] << 32 | opening_serial_[o];
  auto [it, inserted] = explained_.try_emplace(key);
  if (inserted) compute(&it->second);
  return it->second;
}

ArcPair* Matcher::Impl::FindArcPair(CandidateIndex c, OpeningIndex o) {
  for (ArcPair& ap : pairs_[c]) {
    if (ap.pair->opening == o) return &ap;
  }
  return nullptr;
}

bool Matcher::Impl::InRow(CandidateIndex c, OpeningIndex o) const {
  for (const Pair& p : Row(c).pairs) {
    if (p.opening == o) return true;
  }
  return false;
}

// Mirrors on the kept network what NetworkPairs and Build would do for the
// changed overrides; falls back to a rebuild when the pair has no arc.
void Matcher::Impl::ApplyOverrideInPlace(int kind, CandidateIndex c, OpeningIndex o, bool add) {
  if (!structure_valid_) return;
  ArcPair* ap = FindArcPair(c, o);
  if (kind == static_cast<int>(OverrideKind::kBan)) {
    const bool in_row = InRow(c, o);
    if (ap == nullptr) {
      // No arc: banning changes nothing in the network; lifting a ban that
      // was applied when the network was built needs the arc back.
      if (!add && in_row) {
        structure_valid_ = false;
      } else if (in_row) {
        ++banned_counts_[c];
      }
      return;
    }
    if (in_row) banned_counts_[c] += add ? 1 : -1;
    if (ap->banned != add) banned_arcs_ += add ? 1 : -1;
    if (!add || ap->greedy_taken) greedy_valid_ = false;
    ap->banned = add;
    built_.net.SetCapacity(ap->arc, add ? 0 : 1);
    return;
  }
  if (ap == nullptr || ap->banned || ap->pin_only) {
    structure_valid_ = false;
    return;
  }
  ap->pinned = add;
  built_.net.SetLower(ap->arc, add ? 1 : 0);
  greedy_valid_ = false;
}

// ---- session changes --------------------------------------------------------

void Matcher::Impl::AddCandidate(Candidate candidate) {
  request_.candidates.push_back(std::move(candidate));
  try {
    Validate(request_);
  } catch (...) {
    request_.candidates.pop_back();
    throw;
  }
  candidate_serial_.push_back(next_serial_++);
  structure_valid_ = false;
  record_index_valid_ = false;
  if (scored_) {
    matrix_row_.push_back(-1);
    owned_.emplace_back();
    dirty_.push_back(1);
  }
}

void Matcher::Impl::RemoveCandidate(std::string_view id) {
  const CandidateIndex c = FindCandidate(id);
  request_.candidates.erase(request_.candidates.begin() + c);
  structure_valid_ = false;
  record_index_valid_ = false;
  candidate_serial_.erase(candidate_serial_.begin() + c);
  for (auto* list : {&request_.pins, &request_.bans, &request_.locks}) {
    std::vector<PairOverride> kept;
    for (PairOverride& p : *list) {
      if (p.candidate == c) continue;
      if (p.candidate > c) --p.candidate;
      kept.push_back(std::move(p));
    }
    *list = std::move(kept);
  }
  if (scored_) {
    pairs_examined_ -= Row(c).examined;
    matrix_row_.erase(matrix_row_.begin() + c);
    owned_.erase(owned_.begin() + c);
    dirty_.erase(dirty_.begin() + c);
  }
}

void Matcher::Impl::AddOpening(Opening opening) {
  request_.openings.push_back(std::move(opening));
  try {
    Validate(request_);
  } catch (...) {
    request_.openings.pop_back();
    throw;
  }
  opening_serial_.push_back(next_serial_++);
  structure_valid_ = false;
  record_index_valid_ = false;
  scored_ = false;  // every candidate may reach it
}

void Matcher::Impl::RemoveOpening(std::string_view id) {
  const OpeningIndex o = FindOpening(id);
  request_.openings.erase(request_.openings.begin() + o);
  structure_valid_ = false;
  record_index_valid_ = false;
  opening_serial_.erase(opening_serial_.begin() + o);
  for (auto* list : {&request_.pins, &request_.bans, &request_.locks}) {
    std::vector<PairOverride> kept;
    for (PairOverride& p : *list) {
      if (p.opening == o) continue;
      if (p.opening > o) --p.opening;
      kept.push_back(std::move(p));
    }
    *list = std::move(kept);
  }
  scored_ = false;
}

void Matcher::Impl::SetCapacity(std::string_view id, int32_t capacity) {
  const OpeningIndex o = FindOpening(id);
  if (capacity < 0) {
    throw InvalidArgumentError(RecordPath("openings", o, request_.openings[o].id) + ".capacity: " +
                               std::to_string(capacity) + " must be >= 0");
  }
  request_.openings[o].capacity = capacity;
  if (structure_valid_) built_.net.SetCapacity(built_.opening_arcs[o], capacity);
  greedy_valid_ = false;
}

void Matcher::Impl::AddOverride(OverrideKind kind, std::string_view cid, std::string_view oid, std::string note) {
  const CandidateIndex c = FindCandidate(cid);
  const OpeningIndex o = FindOpening(oid);
  ClearOverride(cid, oid);
  std::vector<PairOverride>& list = kind == OverrideKind::kPin    ? request_.pins
                                    : kind == OverrideKind::kLock ? request_.locks
                                                                  : request_.bans;
  list.push_back({c, o, std::move(note)});
  ApplyOverrideInPlace(static_cast<int>(kind == OverrideKind::kBan ? OverrideKind::kBan : OverrideKind::kPin), c, o,
                       /*add=*/true);
}

void Matcher::Impl::ClearOverride(std::string_view cid, std::string_view oid) {
  const CandidateIndex c = FindCandidate(cid);
  const OpeningIndex o = FindOpening(oid);
  for (auto* list : {&request_.pins, &request_.bans, &request_.locks}) {
    const auto removed = std::remove_if(list->begin(), list->end(),
                                        [&](const PairOverride& p) { return p.candidate == c && p.opening == o; });
    if (removed != list->end()) {
      ApplyOverrideInPlace(static_cast<int>(list == &request_.bans ? OverrideKind::kBan : OverrideKind::kPin), c, o,
                           /*add=*/false);
    }
    list->erase(removed, list->end());
  }
}

// ---- public wrappers --------------------------------------------------------

Matcher::Matcher(MatchRequest request, const MatchOptions& options)
    : impl_(std::make_unique<Impl>(std::move(request), options, /*session=*/options.keep_warm_state)) {}
Matcher::~Matcher() = default;
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;
const MatchResponse& Matcher::Solve() { return impl_->Solve(); }
MatchResponse Matcher::TakeResponse() { return impl_->TakeResponse(); }
const MatchRequest& Matcher::request() const { return impl_->request(); }
const MatchTimings& Matcher::timings() const { return impl_->timings(); }

const flow::Network& Matcher::network() const { return impl_->network(); }
void Matcher::AddCandidate(Candidate candidate) { impl_->AddCandidate(std::move(candidate)); }
void Matcher::RemoveCandidate(std::string_view id) { impl_->RemoveCandidate(id); }
void Matcher::AddOpening(Opening opening) { impl_->AddOpening(std::move(opening)); }
void Matcher::RemoveOpening(std::string_view id) { impl_->RemoveOpening(id); }
void Matcher::SetCapacity(std::string_view id, int32_t capacity) { impl_->SetCapacity(id, capacity); }
void Matcher::Pin(std::string_view c, std::string_view o, std::string note) {
  impl_->AddOverride(Impl::OverrideKind::kPin, c, o, std::move(note));
}
void Matcher::Lock(std::string_view c, std::string_view o, std::string note) {
  impl_->AddOverride(Impl::OverrideKind::kLock, c, o, std::move(note));
}
void Matcher::Ban(std::string_view c, std::string_view o, std::string note) {
  impl_->AddOverride(Impl::OverrideKind::kBan, c, o, std::move(note));
}
void Matcher::ClearOverride(std::string_view c, std::string_view o) { impl_->ClearOverride(c, o); }

MatchResponse Match(const MatchRequest& request, const MatchOptions& options) {
  MatchOptions one_shot = options;
  one_shot.keep_network = false;  // nobody can ask for it
  Matcher::Impl impl(request, one_shot, /*session=*/false);
  impl.Solve();
  return impl.TakeResponse();
}

}  // namespace passerelle
