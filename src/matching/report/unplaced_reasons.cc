// Why candidates were not placed (or placed fewer times than they need):
// the openings in the network they did not get, by why, or else why no
// opening was usable (see report_parts.h).
#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <span>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "internal.h"
#include "overrides.h"
#include "passerelle/scoring.h"
#include "report/reason_text.h"
#include "report/report_parts.h"

namespace passerelle::matching {
namespace {

// Why an opening of the network cannot take one more candidate: closed (no
// seat at all, so nobody took it), full, its employer at its cap, or (open)
// a quota or the candidate's sectors.
enum Target : uint8_t { kOpen, kClosed, kFull, kCap, kQuota, kSector, kTargets };
// Openings named per reason (per target here, best score first).
constexpr int32_t kNamed = kNamedOpeningsPerReason;

// An opening nobody can take: no seat at all.
bool Closed(const Opening& op) { return op.capacity == 0; }

std::vector<uint8_t> OpeningStates(const MatchRequest& r, const PlacementTally& tally) {
  std::vector<uint8_t> state(r.openings.size(), kOpen);
  for (size_t o = 0; o < r.openings.size(); ++o) {
    const Opening& op = r.openings[o];
    if (Closed(op)) {
      state[o] = kClosed;
    } else if (tally.filled[o] >= op.capacity) {
      state[o] = kFull;
    } else if (op.employer != kNoEmployer && EmployerCap(r, op.employer) > 0 &&
               tally.employer_filled[op.employer] >= EmployerCap(r, op.employer)) {
      state[o] = kCap;
    }
  }
  return state;
}

// Openings the candidate could take (in the network, not used), by why:
// counted, and the first five of each kind named, best score first (ties in
// id order). False when there is none but closed ones: those are then given
// as the candidate's first reason (nobody competed for them), and the
// scoring's reasons follow.
bool AddNetworkReasons(const ReportInput& in, CandidateIndex c, int32_t placed,
                       const std::vector<uint8_t>& opening_state, Unplaced* u) {
  const MatchRequest& r = in.request;
  const Policy& policy = r.policy;
  const RecordIndex& records = in.records;
  int32_t counts[kTargets] = {};
  int32_t named[kTargets] = {};
  const ArcPair* best[kTargets][kNamed];
  auto before = [&](const ArcPair* a, const ArcPair* b) {
    if (a->pair->score != b->pair->score) return a->pair->score > b->pair->score;
    return records.opening_rank(a->pair->opening) < records.opening_rank(b->pair->opening);
  };
  for (const ArcPair& ap : in.network.pairs.lists[c]) {
    if (in.solution.flows[ap.arc] > 0 || ap.banned) continue;
    int target = opening_state[ap.pair->opening];
    if (target == kOpen) target = policy.distinct_sectors && placed > 0 ? kSector : kQuota;
    ++counts[target];
    const ArcPair** list = best[target];
    int32_t& n = named[target];
    if (n == kNamed && !before(&ap, list[kNamed - 1])) continue;
    int32_t at = n < kNamed ? n++ : kNamed - 1;
    for (; at > 0 && before(&ap, list[at - 1]); --at) list[at] = list[at - 1];
    list[at] = &ap;
  }
  const Language lang = policy.language;
  bool open_targets = false;
  for (int t = 0; t < kTargets; ++t) open_targets |= t != kClosed && counts[t] > 0;
  if (!open_targets) {
    if (counts[kClosed] > 0) {
      Reason closed{ReasonCode::kNoOpeningInReach, ClosedOpeningsText(counts[kClosed], lang), counts[kClosed], {}};
      for (int32_t k = 0; k < named[kClosed]; ++k) {
        closed.opening_ids.push_back(r.openings[best[kClosed][k]->pair->opening].id);
      }
      u->reasons.push_back(std::move(closed));
    }
    return false;
  }
  Reason full{ReasonCode::kLostToBetterFit, "", counts[kFull], {}}, cap{ReasonCode::kEmployerCap, "", counts[kCap], {}},
      quota{ReasonCode::kQuota, "", counts[kQuota], {}}, sector{ReasonCode::kSameSector, "", counts[kSector], {}};
  for (auto [reason, target] : {std::pair{&full, kFull}, {&cap, kCap}, {&quota, kQuota}, {&sector, kSector}}) {
    for (int32_t k = 0; k < named[target]; ++k) reason->opening_ids.push_back(r.openings[best[target][k]->pair->opening].id);
  }
  full.detail = LostToBetterFitText(full.count, lang);
  cap.detail = EmployerCapText(lang);
  quota.detail = QuotaLimitText(lang);
  sector.detail = SameSectorText(lang);
  for (Reason* reason : {&full, &cap, &sector, &quota}) {
    if (reason->count > 0) u->reasons.push_back(std::move(*reason));
  }
  return true;
}

// Up to kNamed of `row`'s pairs for which `keep` holds, best score first
// (ties in id order), by id.
template <typename Keep>
std::vector<std::string> BestPairIds(const ReportInput& in, const RowView& row, const Keep& keep) {
  std::vector<const Pair*> kept;
  for (const Pair& p : row.pairs) {
    if (keep(p)) kept.push_back(&p);
  }
  auto before = [&](const Pair* a, const Pair* b) {
    if (a->score != b->score) return a->score > b->score;
    return in.records.opening_rank(a->opening) < in.records.opening_rank(b->opening);
  };
  const size_t n = std::min<size_t>(kNamed, kept.size());
  std::partial_sort(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(n), kept.end(), before);
  std::vector<std::string> ids;
  for (size_t k = 0; k < n; ++k) ids.push_back(in.request.openings[kept[k]->opening].id);
  return ids;
}

// The bans of each candidate, in request order (empty without bans).
std::vector<std::vector<const PairOverride*>> BansByCandidate(const MatchRequest& r) {
  std::vector<std::vector<const PairOverride*>> out;
  if (r.bans.empty()) return out;
  out.resize(r.candidates.size());
  for (const PairOverride& b : r.bans) out[b.candidate].push_back(&b);
  return out;
}

// The bans of scored pairs of candidate `c` (those the network left out), with
// the first five openings named and the counsellors' notes quoted.
void AddBanReason(const ReportInput& in, CandidateIndex c, const std::vector<std::vector<const PairOverride*>>& bans,
                  Unplaced* u) {
  const int32_t banned = in.network.pairs.banned_counts[c];
  if (banned == 0) return;
  const MatchRequest& r = in.request;
  const Language lang = r.policy.language;
  Reason reason{ReasonCode::kBanned, ExcludedText(ReasonCode::kBanned, banned, lang), banned, {}};
  if (!bans.empty()) {
    for (const PairOverride* b : bans[c]) {
      if (!in.scores.HasPair(c, b->opening) || reason.opening_ids.size() >= 5) continue;
      reason.opening_ids.push_back(r.openings[b->opening].id);
      if (!b->note.empty()) AppendCounsellorNote(b->note, lang, &reason.detail);
    }
  }
  u->reasons.push_back(std::move(reason));
}

// Nothing usable in the network: why, from the candidate's scores. Each
// reason about openings names up to kNamed of them: below the minimum score,
// the best; banned, those of AddBanReason; a hard constraint, those
// `excluded_names` gives for the candidate at `named_at` (NameExcludedOpenings:
// the closest to being open to the candidate; null: none named).
void AddScoringReasons(const ReportInput& in, CandidateIndex c, const ExcludedOpenings* excluded_names,
                       int32_t named_at, const std::vector<std::vector<const PairOverride*>>& bans, Unplaced* u) {
  const MatchRequest& r = in.request;
  const Language lang = r.policy.language;
  const RowView row = in.scores.Row(c);
  const double penalty = r.policy.unplaced_penalty;
  double best = -1;
  int32_t below = 0;
  for (const Pair& p : row.pairs) {
    if (p.score <= penalty) {
      ++below;
      best = std::max(best, static_cast<double>(p.score));
    }
  }
  if (below > 0) {
    u->reasons.push_back({ReasonCode::kBelowMinimumScore, BelowMinimumScoreText(below, best, lang), below,
                          BestPairIds(in, row, [&](const Pair& p) { return p.score <= penalty; })});
  }
  AddBanReason(in, c, bans, u);
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
    std::vector<std::string> ids;
    if (excluded_names != nullptr) {
      for (const OpeningIndex o : excluded_names->Get(named_at, rc)) ids.push_back(r.openings[o].id);
    }
    u->reasons.push_back({rc, ExcludedText(rc, count, lang), count, std::move(ids)});
  }
  if (u->reasons.empty() || (u->reasons.size() == 1 && u->reasons[0].code == ReasonCode::kPartiallyPlaced)) {
    u->reasons.push_back({ReasonCode::kNoOpeningInReach, ExcludedText(ReasonCode::kNoOpeningInReach, 0, lang), 0, {}});
  }
}

// Whether the scoring excluded some of the candidate's openings.
bool HasExclusions(const RowView& row) {
  return std::any_of(row.excluded->begin(), row.excluded->end(), [](int32_t n) { return n > 0; });
}

}  // namespace

std::pair<const ExcludedOpenings*, int32_t> NamedAhead::Find(CandidateIndex c) const {
  const auto it = std::lower_bound(candidates.begin(), candidates.end(), c);
  if (it == candidates.end() || *it != c) return {nullptr, 0};
  const auto at = static_cast<int32_t>(it - candidates.begin());
  return {&runs[static_cast<size_t>(at / run_size)], at % run_size};
}

NamedAhead NameAhead(const MatchRequest& request, const ScoreCache& scores, const PairLists& pairs,
                     const Taxonomy& taxonomy, const std::atomic<bool>& stop, int32_t run_size) {
  NamedAhead ahead;
  ahead.run_size = std::max(1, run_size);
  for (size_t c = 0; c < pairs.size(); ++c) {
    // AddNetworkReasons's test, without the pairs a solution could use: it
    // uses none of these.
    const bool all_closed = std::all_of(pairs[c].begin(), pairs[c].end(), [&](const ArcPair& ap) {
      return ap.banned || Closed(request.openings[ap.pair->opening]);
    });
    const auto candidate = static_cast<CandidateIndex>(c);
    if (all_closed && HasExclusions(scores.Row(candidate))) ahead.candidates.push_back(candidate);
  }
  ScoringOptions options;
  options.taxonomy = &taxonomy;
  options.execution.threads = 1;  // the core the solver leaves idle
  const std::span<const CandidateIndex> all(ahead.candidates);
  size_t named = 0;
  while (named < all.size() && !stop.load(std::memory_order_relaxed)) {
    const std::span<const CandidateIndex> run =
        all.subspan(named, std::min<size_t>(static_cast<size_t>(ahead.run_size), all.size() - named));
    ahead.runs.push_back(NameExcludedOpenings(request, run, kNamed, options));
    named += run.size();
  }
  ahead.candidates.resize(named);
  return ahead;
}

std::vector<Unplaced> UnplacedCandidates(const ReportInput& in, const PlacementTally& tally) {
  const MatchRequest& r = in.request;
  const std::vector<uint8_t> opening_state = OpeningStates(r, tally);
  const std::vector<std::vector<const PairOverride*>> bans = BansByCandidate(r);
  std::vector<Unplaced> out;
  // Candidates with nothing usable in the network, and where in `out`.
  std::vector<std::pair<CandidateIndex, size_t>> from_scores;
  for (const CandidateIndex c : in.records.candidate_order()) {
    const Candidate& cand = r.candidates[c];
    const int32_t placed = tally.placed_count[c];
    if (placed >= cand.placements_needed) continue;
    Unplaced u;
    u.candidate_id = cand.id;
    if (placed > 0) {
      u.reasons.push_back({ReasonCode::kPartiallyPlaced,
                           PartiallyPlacedText(placed, cand.placements_needed, r.policy.language), placed, {}});
    }
    if (in.status == MatchStatus::kInfeasible && !in.infeasible_detail.empty()) {
      u.reasons.push_back({ReasonCode::kQuota, in.infeasible_detail, 0, {}});
    }
    if (AddNetworkReasons(in, c, placed, opening_state, &u)) {
      AddBanReason(in, c, bans, &u);
    } else {
      from_scores.push_back({c, out.size()});
    }
    out.push_back(std::move(u));
  }
  // The openings behind their exclusion counts, for those who have some:
  // named ahead, or now.
  const NamedAhead* ahead = in.named_ahead;
  std::vector<CandidateIndex> to_name;
  // Per candidate of from_scores: where its names are (null: none).
  std::vector<std::pair<const ExcludedOpenings*, int32_t>> named_at(from_scores.size(), {nullptr, 0});
  std::vector<size_t> named_now;  // positions in from_scores
  for (size_t k = 0; k < from_scores.size(); ++k) {
    const CandidateIndex c = from_scores[k].first;
    if (ahead != nullptr) {
      if (const auto at = ahead->Find(c); at.first != nullptr) {
        named_at[k] = at;
        continue;
      }
    }
    if (HasExclusions(in.scores.Row(c))) {
      named_now.push_back(k);
      to_name.push_back(c);
    }
  }
  ScoringOptions options;
  options.taxonomy = &in.taxonomy;
  options.execution.threads = in.threads;
  const ExcludedOpenings names =
      to_name.empty() ? ExcludedOpenings() : NameExcludedOpenings(r, to_name, kNamed, options);
  for (size_t j = 0; j < named_now.size(); ++j) named_at[named_now[j]] = {&names, static_cast<int32_t>(j)};
  for (size_t k = 0; k < from_scores.size(); ++k) {
    const auto [c, at] = from_scores[k];
    AddScoringReasons(in, c, named_at[k].first, named_at[k].second, bans, &out[at]);
  }
  return out;
}

}  // namespace passerelle::matching
