// The report's placements: which pairs the solution uses, in response
// order, and their entries with explanations (see report_parts.h).
#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_map>
#include <utility>

#include "internal.h"
#include "overrides.h"
#include "report/reason_text.h"
#include "report/report_parts.h"

namespace passerelle::matching {
namespace {

void FillPlacement(const MatchRequest& r, const Chosen& ch, const Explained& explained, const PairNotes& notes,
                   Placement* pl) {
  const Pair& p = *ch.ap->pair;
  pl->candidate_id = r.candidates[ch.c].id;
  pl->opening_id = r.openings[p.opening].id;
  pl->score = Rounded(p.score);
  pl->breakdown = RoundedBreakdown(explained.breakdown);
  pl->explanation = explained.text;
  if (ch.ap->pinned && !notes.empty()) {
    const auto it = notes.find(PairKey(ch.c, p.opening));
    if (it != notes.end() && !it->second->note.empty()) {
      AppendCounsellorNote(it->second->note, r.policy.language, &pl->explanation);
    }
  }
  pl->skills_acquired_abroad = explained.skills_abroad;
  pl->skill_gaps = explained.skill_gaps;
  // In double: the float minutes rounded in float would print as 18.399999618530273.
  pl->commute_minutes = std::round(static_cast<double>(p.commute_minutes) * 10) / 10;
  pl->commute_mode = explained.commute_mode;
  pl->pinned = ch.ap->pinned;
  if (r.policy.score_model) pl->lasting_probability = pl->score;
}

}  // namespace

PlacementTally TallyPlacements(const ReportInput& in) {
  const MatchRequest& r = in.request;
  const size_t nc = r.candidates.size(), no = r.openings.size();
  const PairLists& pairs = in.network.pairs.lists;
  const flow::Solution& solution = in.solution;
  PlacementTally t;
  t.filled.assign(no, 0);
  t.placed_count.assign(nc, 0);
  t.employer_filled.assign(r.employers.size(), 0);
  for (size_t c = 0; c < nc; ++c) {
    // Placements the candidate got: what its unplaced arc does not carry.
    int64_t left = r.candidates[c].placements_needed - solution.flows[in.network.model.unplaced_arcs[c]];
    for (const ArcPair& ap : pairs[c]) {
      if (left <= 0) break;
      if (solution.flows[ap.arc] <= 0) continue;
      --left;
      t.chosen.push_back({static_cast<CandidateIndex>(c), &ap});
      ++t.filled[ap.pair->opening];
      ++t.placed_count[c];
      const EmployerIndex e = r.openings[ap.pair->opening].employer;
      if (e != kNoEmployer) ++t.employer_filled[e];
    }
  }
  const RecordIndex& records = in.records;
  std::sort(t.chosen.begin(), t.chosen.end(), [&](const Chosen& a, const Chosen& b) {
    if (a.c != b.c) return records.candidate_rank(a.c) < records.candidate_rank(b.c);
    return records.opening_rank(a.ap->pair->opening) < records.opening_rank(b.ap->pair->opening);
  });
  t.candidate_score.assign(nc, 0);
  t.candidate_commute.assign(nc, 0);
  t.opening_score.assign(no, 0);
  t.opening_commute.assign(no, 0);
  for (const Chosen& ch : t.chosen) {
    const Pair& p = *ch.ap->pair;
    t.total_score += p.score;
    t.objective += r.candidates[ch.c].priority * (p.score - r.policy.unplaced_penalty);
    t.commute_minutes += p.commute_minutes;
    t.candidate_score[ch.c] += p.score;
    t.candidate_commute[ch.c] += p.commute_minutes;
    t.opening_score[p.opening] += p.score;
    t.opening_commute[p.opening] += p.commute_minutes;
  }
  return t;
}

PlacementExplainer::PlacementExplainer(const MatchRequest& request, const Taxonomy& taxonomy,
                                       const std::vector<Chosen>& chosen, PairNotes notes, int threads,
                                       std::vector<Placement>* placements)
    : request_(request), taxonomy_(taxonomy), chosen_(chosen), notes_(std::move(notes)), placements_(*placements) {
  alongside_ = Alongside(threads, [this] { Run(); });
}

void PlacementExplainer::Run() {
  // Runs of 256 placements (about 1 ms nationally).
  constexpr size_t kRun = 256;
  for (size_t begin; (begin = next_.fetch_add(kRun, std::memory_order_relaxed)) < chosen_.size();) {
    const size_t end = std::min(begin + kRun, chosen_.size());
    for (size_t k = begin; k < end; ++k) {
      const Chosen& ch = chosen_[k];
      FillPlacement(request_, ch, ExplainPair(request_, ch.c, ch.ap->pair->opening, taxonomy_), notes_,
                    &placements_[k]);
    }
  }
}

void PlacementExplainer::Finish() {
  Run();
  alongside_.get();
}

std::unique_ptr<PlacementExplainer> WritePlacements(const ReportInput& in, const PlacementTally& tally,
                                                    bool reuse_placements, ExplanationCache* explanations,
                                                    LastResponse* last, std::vector<Placement>* placements) {
  const MatchRequest& r = in.request;
  const RecordIndex& records = in.records;
  const std::vector<Chosen>& chosen = tally.chosen;
  const auto& previous_pairs = last->placement_pairs;
  std::vector<Placement>& previous_placements = last->response.placements;
  // The previous response's placements are in the same order: walk them
  // alongside and move over those of the same pair.
  std::vector<std::pair<CandidateIndex, OpeningIndex>> placement_pairs;
  placement_pairs.reserve(chosen.size());
  placements->reserve(chosen.size());
  size_t previous = 0;
  const bool reuse = reuse_placements && previous_pairs.size() == previous_placements.size();
  // A one-shot report explains its placements on a second thread while this
  // one writes the unplaced candidates' reasons (explanations are pure
  // functions of the request). A session explains them here, through its
  // cache.
  const bool alongside = !reuse && !explanations->cached() && in.threads > 1 && chosen.size() >= 1024;
  PairNotes notes = r.pins.empty() && r.locks.empty() ? PairNotes() : PinnedPairKeys(r);
  for (const Chosen& ch : chosen) {
    const Pair& p = *ch.ap->pair;
    const std::pair<int32_t, int32_t> rank{records.candidate_rank(ch.c), records.opening_rank(p.opening)};
    if (reuse) {
      while (previous < previous_pairs.size() &&
             std::pair{records.candidate_rank(previous_pairs[previous].first),
                       records.opening_rank(previous_pairs[previous].second)} < rank) {
        ++previous;
      }
    }
    // A placement pinned before or now is written anew: its note may have
    // come, gone or changed.
    if (reuse && previous < previous_pairs.size() && previous_pairs[previous] == std::pair{ch.c, p.opening} &&
        !ch.ap->pinned && !previous_placements[previous].pinned) {
      placements->push_back(std::move(previous_placements[previous++]));
    } else if (alongside) {
      placements->emplace_back();  // filled below
    } else {
      FillPlacement(r, ch, explanations->Get(r, in.taxonomy, in.ids, ch.c, p.opening), notes,
                    &placements->emplace_back());
    }
    placement_pairs.emplace_back(ch.c, p.opening);
  }
  last->placement_pairs = std::move(placement_pairs);
  if (!alongside) return nullptr;
  return std::make_unique<PlacementExplainer>(r, in.taxonomy, chosen, std::move(notes), in.threads, placements);
}

}  // namespace passerelle::matching
