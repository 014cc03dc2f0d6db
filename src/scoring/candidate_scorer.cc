// One candidate's row (candidate_scorer.h): pass 1, the skills left, pass 2.
#include "candidate_scorer.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "components.h"
#include "pass1.h"
#include "prepared.h"
#include "score_bound.h"
#include "spatial_index.h"
#include "top_k.h"

namespace passerelle::scoring_internal {

CandidateScorer::CandidateScorer(const ScoringInputs& inputs)
    : in_(inputs),
      level_(inputs.ctx->skill_index.size() + 1, 0.0f),
      occupation_fit_(inputs.ctx->num_columns),
      rules_(static_cast<size_t>(inputs.ctx->num_columns) + 1, 0),
      top_(static_cast<size_t>(inputs.ctx->max_pairs)) {
  const size_t room = static_cast<size_t>(in_.pass1_openings->padded_size()) + kBlock;
  found_k_.resize(room);
  found_overlap_.resize(room);
  found_chord2_.resize(room);
  found_cheap_.resize(room);
  found_skills_.resize(room);
  found_bound_.resize(room);
  found_ = {found_k_.data(),      found_chord2_.data(), found_cheap_.data(),
            found_skills_.data(), found_bound_.data(),  found_overlap_.data()};
}

void CandidateScorer::Score(CandidateIndex i, CandidateScoreStats* stats) {
  const Context& ctx = *in_.ctx;
  const CandidateData& c = c_;
  PrepareCandidate(ctx, i, &c_);
  uint64_t skill_mask = 0;
  for (const auto& s : c.skills) {
    level_[s.skill] = s.level;
    skill_mask |= SkillBit(s.skill);
  }
  // The rules that hold by column (pass1.h, RuleKey); rules_[0] stays 0.
  const bool project = !c.project_exempt;
  for (int32_t col = 0; col < ctx.num_columns; ++col) {
    const ColumnFit m = FitColumn(ctx, c, col, ctx.column_packed[col]);
    occupation_fit_[col] = m.fit;
    const bool out_of_project = project && static_cast<float>(m.project) < ctx.project_min_proximity;
    rules_[col + 1] = (out_of_project ? kRuleProject : 0) | (m.practised ? kRuleTeaching : 0);
  }
  const CommuteBoundCoefficients commute_bound = MakeCommuteBound(ctx, c);
  // Band of openings only a car reaches (counted, nothing else checked):
  // beyond reach2_own, within the search circle.
  const double band_from = in_.vehicle_band ? c.reach2_own : kInfinity;
  const int32_t in_band = in_.index->Walk(c.p, c.search_chord2, band_from, &blocks_);

  // Pass 1: every examined pair and its hard constraints; for the feasible
  // ones, the cheap components (from the candidate's tables), skills when
  // the candidate has none of the opening's skills, and a bound of the
  // commute: an upper bound of the score.
  FillOccupationTable(ctx, c, occupation_fit_.data(), &occupation_table_);
  const Pass1Candidate pc = MakePass1Candidate(c, band_from);
  const BoundCandidate bc = MakeBoundCandidate(ctx, c, occupation_table_.data(),
                                               *in_.cheap_tables, commute_bound,
                                               in_.commute_table, skill_mask, rules_.data());
  Pass1Result pass1;
  in_.pass1(in_.pass1_openings->layout(), in_.pass1_openings->bound_layout(), pc, bc,
            blocks_.data(), static_cast<int32_t>(blocks_.size()), found_, &pass1);
  // The openings of nodes wholly in the band, counted by the walk.
  pass1.examined += in_band;
  pass1.excluded[static_cast<int>(ReasonCode::kVehicleRequired)] += in_band;
  const int32_t feasible = pass1.num_found;
  // Pairs where the candidate has one of the opening's skills: the skills
  // component, exactly, and the bound.
  const int32_t* transit = in_.pass1_openings->bound_layout().transit;
  for (int32_t q = 0; q < pass1.num_overlap; ++q) {
    const int32_t f = found_overlap_[q];
    const int32_t k = found_k_[f];
    const OpeningData& o = in_.openings[k];
    const double skills = SkillsScore(
        ctx, o, level_.data(), (rules_[o.occ_column + 1] & kRuleTeaching) != 0);
    found_skills_[f] = skills;
    found_bound_[f] = static_cast<float>(CombineScore(
        ctx, found_cheap_[f], skills,
        CommuteBound(commute_bound, in_.commute_table, static_cast<uint8_t>(transit[k]),
                     found_chord2_[f])));
  }

  // Pass 2: exact scores (only the commute is left to compute) of the pairs
  // whose bound is at least the worst kept score so far (bounds hold after
  // rounding: see CombineScore). First those in the top buckets holding
  // max_pairs bounds or more, so that the threshold is soon close to its
  // final value, then the others.
  const auto max_pairs = static_cast<size_t>(ctx.max_pairs);
  float cutoff = -std::numeric_limits<float>::infinity();
  if (static_cast<size_t>(feasible) > max_pairs) {
    cutoff = BoundCutoff(found_bound_.data(), feasible, max_pairs);
  }
  top_.Clear();
  auto score_exactly = [&](int32_t f) {
    const int32_t k = found_k_[f];
    const OpeningData& o = in_.openings[k];
    const Commute commute = BestCommute(ctx, c, o, found_chord2_[f]);
    const double commute_score = CommuteScore(ctx, commute.minutes);
    const double combined = CombineScore(ctx, found_cheap_[f], found_skills_[f], commute_score);
    // Ranked on the combined score (>= 0 up to rounding with a model's
    // offset); the pair keeps ModelScore (the same order: increasing).
    const auto score = std::max(0.0f, static_cast<float>(combined));
    ScoredPair* p = top_.Offer(score, in_.order[k]);
    if (p == nullptr) return;
    if (ctx.model) p->score = static_cast<float>(ModelScore(ctx, combined));
    p->commute_minutes = static_cast<float>(commute.minutes);
    if (!in_.breakdowns) return;
    double components[6];
    const double occupation = OccupationComponent(
        c, o.occ_column, o.french_course, o.occ_column >= 0 ? occupation_fit_[o.occ_column] : 0.0);
    CheapPart(ctx, c, o, occupation, components);
    p->commute_mode = commute.mode;
    p->skills = static_cast<float>(found_skills_[f]);
    p->occupation = static_cast<float>(components[1]);
    p->french = static_cast<float>(components[2]);
    p->commute = static_cast<float>(commute_score);
    p->tension = static_cast<float>(components[4]);
    p->preferences = static_cast<float>(components[5]);
  };
  // Without bounds that hold (a model with a negative skills or commute
  // coefficient), every feasible pair is scored.
  if (!ctx.prune) cutoff = -std::numeric_limits<float>::infinity();
  for (int32_t f = 0; f < feasible; ++f) {
    if (!ctx.prune || (found_bound_[f] >= cutoff && found_bound_[f] >= top_.threshold())) score_exactly(f);
  }
  if (top_.threshold() < cutoff) {  // else every bound left is below the threshold
    for (int32_t f = 0; f < feasible; ++f) {
      if (found_bound_[f] < cutoff && found_bound_[f] >= top_.threshold()) score_exactly(f);
    }
  }
  for (const auto& s : c.skills) level_[s.skill] = 0.0f;

  for (int r = 0; r < kNumExclusionCounts; ++r) stats->excluded[r] = pass1.excluded[r];
  stats->excluded[static_cast<int>(ReasonCode::kOutOfProject)] = pass1.out_of_project;
  stats->examined = pass1.examined;
  stats->feasible = feasible;
  stats->nothing_in_reach =
      !pass1.in_reach && (ctx.constraints.commute || pass1.examined == 0);
}

}  // namespace passerelle::scoring_internal
