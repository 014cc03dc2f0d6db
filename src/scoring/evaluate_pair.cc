// EvaluatePair (passerelle/scoring.h): one pair, every constraint and
// component, with the formulas ScoreRequest uses (components.h,
// hard_constraints.h) and no spatial pruning.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "components.h"
#include "hard_constraints.h"
#include "passerelle/error.h"
#include "passerelle/internal/parallel.h"
#include "passerelle/scoring.h"
#include "passerelle/validate.h"
#include "prepared.h"
#include "unit_sphere.h"

namespace passerelle {

using namespace scoring_internal;

namespace {

struct PairOutcome {
  uint32_t violations = 0;  // Bit(ReasonCode)
  bool in_reach = false;    // reachable by the candidate's own modes in time
  double minutes = kInfinity;
  TransportMode mode = TransportMode::kWalk;
  double components[6] = {};  // skills, occupation, french, commute, tension, preferences
  double score = 0;
};

// Everything about one pair.
void EvaluateFully(const Context& ctx, const CandidateData& c, const OpeningData& o,
                   double chord2, const float* level, PairOutcome* out) {
  out->violations = CheckPair(c, MakeOpeningHot(ctx, o), chord2, &out->in_reach);
  const Commute commute = BestCommute(ctx, c, o, chord2);
  out->minutes = commute.minutes;
  out->mode = commute.mode;
  const ColumnFit m =
      o.occ_column >= 0 ? FitColumn(ctx, c, o.occ_column, o.packed_code) : ColumnFit{};
  if (o.occ_column >= 0 && OutOfProject(ctx, c, o, m.project)) out->violations |= Bit(ReasonCode::kOutOfProject);
  const double cheap = CheapPart(
      ctx, c, o, OccupationComponent(c, o.occ_column, o.french_course, m.fit), out->components);
  out->components[0] = SkillsScore(ctx, o, level, m.practised);
  out->components[3] = CommuteScore(ctx, commute.minutes);
  out->score = ModelScore(ctx, CombineScore(ctx, cheap, out->components[0], out->components[3]));
}

}  // namespace

PairEvaluation EvaluatePair(const MatchRequest& given, CandidateIndex candidate,
                            OpeningIndex opening, const Taxonomy& taxonomy) {
  MatchRequest resolved;
  const MatchRequest& request = ResolvedPair(given, &candidate, &opening, &resolved);
  if (candidate < 0 || candidate >= static_cast<CandidateIndex>(request.candidates.size())) {
    throw InvalidArgumentError("EvaluatePair: candidate index " + std::to_string(candidate) +
                               " out of range [0, " +
                               std::to_string(request.candidates.size()) + ")");
  }
  if (opening < 0 || opening >= static_cast<OpeningIndex>(request.openings.size())) {
    throw InvalidArgumentError("EvaluatePair: opening index " + std::to_string(opening) +
                               " out of range [0, " + std::to_string(request.openings.size()) +
                               ")");
  }
  std::vector<std::string> problems;
  CollectPolicyProblems(request, &problems);
  const ValidationOptions validation{.is_known_occupation = [&](std::string_view code) { return taxonomy.Contains(code); }};
  CollectOpeningProblems(request, opening, &problems, validation);
  CollectCandidateProblems(request, candidate, &problems, validation);
  if (!problems.empty()) throw ValidationError(std::move(problems));
  Context ctx;
  PreparePolicy(request, taxonomy, &ctx);
  IndexOpening(request.openings[opening], &ctx);
  FinishOccupationTable(&ctx);
  OpeningData o;
  PrepareOpening(request, opening, &ctx, &o);
  CandidateData c;
  PrepareCandidate(ctx, candidate, &c);

  std::vector<float> level(ctx.skill_index.size() + 1, 0.0f);
  for (const auto& s : c.skills) level[s.skill] = s.level;
  PairOutcome out;
  EvaluateFully(ctx, c, o, FlooredChord2(c, o.transit, Chord2(c.p, o.p)), level.data(), &out);

  PairEvaluation e;
  e.feasible = out.violations == 0;
  for (int code = 1; code <= kMaxReasonCode; ++code) {
    if (out.violations & (uint32_t{1} << code)) {
      e.violations.push_back(static_cast<ReasonCode>(code));
    }
  }
  e.breakdown = ScoreBreakdown{out.components[0], out.components[1], out.components[2],
                               out.components[3], out.components[4], out.components[5]};
  e.score = out.score;
  e.commute_minutes = out.minutes;
  e.commute_mode = out.mode;
  // Skill details.
  const Candidate& cand = request.candidates[candidate];
  const Opening& op = request.openings[opening];
  // The candidate's best skill per code (highest level, the first on ties).
  // Long lists are indexed by code, so that a pair costs O(skills +
  // requirements) rather than their product (a hostile request may hold
  // 100,000 of each); short ones, the usual case, are scanned.
  constexpr size_t kIndexFrom = 32;
  const bool indexed = cand.skills.size() + op.required_skills.size() + op.optional_skills.size() > kIndexFrom;
  std::unordered_map<std::string_view, const Skill*> best_by_code;
  std::unordered_set<std::string_view> abroad_noted;
  if (indexed) {
    best_by_code.reserve(cand.skills.size());
    for (const Skill& s : cand.skills) {
      auto [it, inserted] = best_by_code.try_emplace(s.code, &s);
      if (!inserted && s.level > it->second->level) it->second = &s;
    }
  }
  auto best_skill = [&](const std::string& code) -> const Skill* {
    if (indexed) {
      const auto it = best_by_code.find(code);
      return it == best_by_code.end() ? nullptr : it->second;
    }
    const Skill* best = nullptr;
    for (const Skill& s : cand.skills) {
      if (s.code == code && (best == nullptr || s.level > best->level)) best = &s;
    }
    return best;
  };
  auto note_abroad = [&](const Skill* s) {
    if (s == nullptr || !s->acquired_abroad) return;
    const bool first = indexed ? abroad_noted.insert(s->code).second
                               : std::find(e.skills_acquired_abroad.begin(), e.skills_acquired_abroad.end(),
                                           s->code) == e.skills_acquired_abroad.end();
    if (first) e.skills_acquired_abroad.push_back(s->code);
  };
  e.required_skills_total = static_cast<int32_t>(op.required_skills.size());
  for (const SkillRequirement& q : op.required_skills) {
    const Skill* s = best_skill(q.code);
    if (s != nullptr) {
      ++e.required_skills_covered;
      note_abroad(s);
    } else {
      e.skill_gaps.push_back(q.code);
    }
  }
  for (const SkillRequirement& q : op.optional_skills) note_abroad(best_skill(q.code));
  return e;
}

std::vector<ScoreBreakdown> EvaluatePairs(const MatchRequest& given,
                                          std::span<const std::pair<CandidateIndex, OpeningIndex>> pairs,
                                          const ScoringOptions& options) {
  MatchRequest resolved;
  const MatchRequest& request = Resolved(given, &resolved);
  const Taxonomy& taxonomy = options.taxonomy != nullptr ? *options.taxonomy : Taxonomy::BuiltIn();
  const auto num_candidates = static_cast<CandidateIndex>(request.candidates.size());
  const auto num_openings = static_cast<OpeningIndex>(request.openings.size());
  for (size_t p = 0; p < pairs.size(); ++p) {
    const auto [i, j] = pairs[p];
    if (i < 0 || i >= num_candidates || j < 0 || j >= num_openings) {
      throw InvalidArgumentError("EvaluatePairs: pair " + std::to_string(p) + " (" + std::to_string(i) + ", " +
                                 std::to_string(j) + ") out of range: " + std::to_string(num_candidates) +
                                 " candidates, " + std::to_string(num_openings) + " openings");
    }
  }
  const ValidationOptions validation{.is_known_occupation = [&](std::string_view code) { return taxonomy.Contains(code); }};
  std::vector<std::string> problems;
  Context ctx;
  std::vector<int32_t> order;
  std::vector<OpeningData> openings;
  PrepareOpenings(request, taxonomy, validation, &ctx, &order, &openings, &problems);
  for (CandidateIndex i = 0; i < num_candidates; ++i) CollectCandidateProblems(request, i, &problems, validation);
  if (!problems.empty()) throw ValidationError(std::move(problems));
  std::vector<int32_t> slot(static_cast<size_t>(num_openings));
  for (size_t k = 0; k < order.size(); ++k) slot[static_cast<size_t>(order[k])] = static_cast<int32_t>(k);

  // Pairs by candidate, so that each candidate is prepared once per slice.
  std::vector<int64_t> by_candidate(pairs.size());
  std::iota(by_candidate.begin(), by_candidate.end(), int64_t{0});
  std::stable_sort(by_candidate.begin(), by_candidate.end(),
                   [&](int64_t a, int64_t b) { return pairs[static_cast<size_t>(a)].first < pairs[static_cast<size_t>(b)].first; });
  std::vector<ScoreBreakdown> out(pairs.size());
  const int threads = internal::ResolveThreads(options.execution.threads);
  internal::ForSlices(threads, static_cast<int64_t>(pairs.size()), [&](int64_t begin, int64_t end) {
    CandidateData c;
    CandidateIndex prepared = -1;
    std::vector<float> level(ctx.skill_index.size() + 1, 0.0f);
    PairOutcome outcome;
    for (int64_t q = begin; q < end; ++q) {
      const auto p = static_cast<size_t>(by_candidate[static_cast<size_t>(q)]);
      const auto [i, j] = pairs[p];
      if (i != prepared) {
        for (const auto& s : c.skills) level[s.skill] = 0.0f;
        PrepareCandidate(ctx, i, &c);
        for (const auto& s : c.skills) level[s.skill] = s.level;
        prepared = i;
      }
      const OpeningData& o = openings[static_cast<size_t>(slot[static_cast<size_t>(j)])];
      EvaluateFully(ctx, c, o, FlooredChord2(c, o.transit, Chord2(c.p, o.p)), level.data(), &outcome);
      const double* x = outcome.components;
      out[p] = ScoreBreakdown{x[0], x[1], x[2], x[3], x[4], x[5]};
    }
  });
  return out;
}

}  // namespace passerelle
