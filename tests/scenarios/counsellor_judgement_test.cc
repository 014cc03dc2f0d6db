// The counsellor's judgement: placements a job counsellor would accept on
// data as people really enter it (issue 18). Two cases of
// examples/scenarios (an association's spreadsheet, the welders), then
// properties on generated requests, each checked against an oracle
// independent of the scoring code (the taxonomy's proximity, EvaluatePair,
// the flow's values).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "passerelle/matcher.h"
#include "passerelle/scoring.h"
#include "passerelle/synthetic.h"
#include "passerelle/taxonomy.h"
#include "scenario.h"

namespace passerelle {
namespace {

using testing::Scenario;

// The project rule seen from outside: the best taxonomy proximity between
// the opening's occupation and the candidate's target or past occupations.
double ProjectProximity(const Candidate& c, const Opening& o) {
  double best = 0;
  for (const auto* list : {&c.target_occupations, &c.past_occupations}) {
    for (const std::string& code : *list) best = std::max(best, Taxonomy::BuiltIn().Proximity(code, o.occupation));
  }
  return best;
}

// The rule applies to the pair: a non-exempt candidate, an opening with an
// occupation that is not a French course.
bool ProjectRuleApplies(const Candidate& c, const Opening& o) {
  return !c.open_to_other_trades && !(c.target_occupations.empty() && c.past_occupations.empty()) &&
         !o.occupation.empty() && o.kind != OpeningKind::kFrenchCourse;
}

bool WithinProject(const MatchRequest& r, const Candidate& c, const Opening& o) {
  return !ProjectRuleApplies(c, o) ||
         static_cast<float>(ProjectProximity(c, o)) >= static_cast<float>(r.policy.project_min_proximity);
}

// ---- An association's spreadsheet ------------------------------------------

TEST(CounsellorJudgementTest, TheSpreadsheetCaseKeepsEveryoneWithinTheirProject) {
  const Scenario s("tableur-loir-et-cher");
  const MatchRequest& r = s.request();
  for (const Placement& p : s.response().placements) {
    EXPECT_TRUE(WithinProject(r, s.candidate(p.candidate_id), s.opening(p.opening_id)))
        << p.candidate_id << " -> " << p.opening_id << ": " << p.explanation;
  }
  // The placements the issue saw rejected do not happen.
  EXPECT_FALSE(s.IsPlacedIn("t-01", "to-04")) << "care assistant sent to a masonry trial";
  EXPECT_FALSE(s.IsPlacedIn("t-02", "to-03")) << "home help sent to a car-mechanic job";
  EXPECT_FALSE(s.IsPlacedIn("t-05", "to-05")) << "teacher sent to a welding training";
  EXPECT_TRUE(s.IsPlacedIn("t-03", "to-03")) << "the mechanic keeps the car-mechanic job";
  // A welder from home (no recorded skill) goes to the welding job, the
  // novice with a welding project to the welding training.
  EXPECT_TRUE(s.IsPlacedIn("t-14", "to-06"));
  EXPECT_TRUE(s.IsPlacedIn("t-15", "to-05"));
  s.ExpectEveryoneAccountedFor();
}

TEST(CounsellorJudgementTest, TheSpreadsheetCaseExplainsItselfHonestly) {
  const Scenario s("tableur-loir-et-cher");
  for (const Placement& p : s.response().placements) {
    // Town-level places: no commute of 0 minutes, none under the floor.
    EXPECT_EQ(p.explanation.find(" 0 min"), std::string::npos) << p.explanation;
    EXPECT_GT(p.commute_minutes, 5.0) << p.candidate_id << " -> " << p.opening_id;
  }
  for (const Unplaced& u : s.response().unplaced) {
    for (const Reason& reason : u.reasons) {
      if (reason.count > 0) EXPECT_FALSE(reason.opening_ids.empty()) << u.candidate_id << ": " << reason.detail;
    }
  }
  // What the spreadsheet lacks is said: a French level not given. The
  // teacher's K2107 is a ROME sheet, known since the whole ROME is built in.
  std::set<std::pair<WarningCode, std::string>> warnings;
  for (const Warning& w : s.response().warnings) warnings.insert({w.code, w.path.substr(0, w.path.find(')') + 1)});
  EXPECT_FALSE(warnings.count({WarningCode::kUnknownOccupation, "candidates[4] (id \"t-05\")"}));
  EXPECT_TRUE(warnings.count({WarningCode::kFrenchLevelMissing, "candidates[19] (id \"t-20\")"}));
}

// ---- The welders -------------------------------------------------------------

TEST(CounsellorJudgementTest, ExperiencedWeldersGetTheJobAndTheNoviceTheTraining) {
  const Scenario s("soudeurs-vendome");
  EXPECT_TRUE(s.IsPlacedIn("w-01", "wo-01"));
  EXPECT_TRUE(s.IsPlacedIn("w-02", "wo-01"));
  EXPECT_TRUE(s.IsPlacedIn("w-03", "wo-02"));
  // For a welder the job scores above the training; for the novice the
  // training is the better fit.
  EXPECT_GT(s.Evaluate("w-01", "wo-01").score, s.Evaluate("w-01", "wo-02").score);
  EXPECT_GT(s.Evaluate("w-03", "wo-02").score, s.Evaluate("w-01", "wo-02").score);
}

TEST(CounsellorJudgementTest, WithoutTheNoviceTheWeldersStillFillTheJobNotTheTraining) {
  MatchRequest r = ReadRequestFile(std::string(PASSERELLE_SCENARIOS_DIR) + "/soudeurs-vendome/request.json");
  r.candidates.pop_back();  // w-03, the novice
  const MatchResponse response = Match(r);
  std::set<std::string> placed_in;
  for (const Placement& p : response.placements) placed_in.insert(p.opening_id);
  EXPECT_EQ(response.placements.size(), 2u);
  EXPECT_EQ(placed_in, std::set<std::string>{"wo-01"});
}

// ---- Properties on generated requests --------------------------------------

MatchRequest Generated(const std::string& region, int candidates, int openings, uint64_t seed) {
  synthetic::GeneratorOptions options;
  options.region = region;
  options.candidates = candidates;
  options.openings = openings;
  options.seed = seed;
  return synthetic::Generate(options);
}

// Under the default policy no placement is outside the person's project; a
// person open to other trades placed outside theirs never holds a seat that
// someone whose project it is, left unplaced, would fill with more value (the
// swap would raise the objective: the optimum has none).
TEST(CounsellorJudgementTest, AnUnrelatedPlacementNeverTakesASeatFromSomeoneWhoseProjectItIs) {
  int unrelated_total = 0;
  for (const auto& [region, seed] : {std::pair{"loir-et-cher", 1}, {"occitanie", 2}, {"somme", 3}}) {
    SCOPED_TRACE(region);
    MatchRequest r = Generated(region, 1500, 300, seed);
    for (size_t i = 0; i < r.candidates.size(); i += 9) r.candidates[i].open_to_other_trades = true;
    const MatchResponse response = Match(r);
    std::map<std::string, CandidateIndex> candidate_index;
    std::map<std::string, OpeningIndex> opening_index;
    for (size_t i = 0; i < r.candidates.size(); ++i) candidate_index[r.candidates[i].id] = static_cast<CandidateIndex>(i);
    for (size_t j = 0; j < r.openings.size(); ++j) opening_index[r.openings[j].id] = static_cast<OpeningIndex>(j);
    std::set<CandidateIndex> placed;
    for (const Placement& p : response.placements) placed.insert(candidate_index[p.candidate_id]);
    const double penalty = r.policy.unplaced_penalty;
    int unrelated = 0;
    for (const Placement& p : response.placements) {
      const Candidate& a = r.candidates[candidate_index[p.candidate_id]];
      const OpeningIndex o = opening_index[p.opening_id];
      const Opening& opening = r.openings[o];
      if (a.open_to_other_trades && !a.target_occupations.empty()) {
        Candidate strict = a;
        strict.open_to_other_trades = false;
        if (WithinProject(r, strict, opening)) continue;
        ++unrelated;
        const double value_a = a.priority * (p.score - penalty);
        for (size_t b = 0; b < r.candidates.size(); ++b) {
          const Candidate& cb = r.candidates[b];
          if (placed.count(static_cast<CandidateIndex>(b)) || cb.open_to_other_trades) continue;
          if (!ProjectRuleApplies(cb, opening) || !WithinProject(r, cb, opening)) continue;
          const PairEvaluation e = EvaluatePair(r, static_cast<CandidateIndex>(b), o);
          if (!e.feasible) continue;
          EXPECT_LE(cb.priority * (static_cast<float>(e.score) - penalty), value_a + 1e-6)
              << cb.id << " left unplaced while " << a.id << " (open to other trades) holds " << opening.id;
        }
      } else {
        EXPECT_TRUE(WithinProject(r, a, opening)) << a.id << " -> " << opening.id << ": " << p.explanation;
      }
    }
    unrelated_total += unrelated;
  }
  EXPECT_GT(unrelated_total, 0);  // the open-to-other-trades side is exercised
}

// A job in occupation X scores above a qualifying training for X (the same
// opening as a training) for someone who holds the job's required skills;
// and a training scores higher for a novice with the same project than for
// someone who holds what it teaches.
TEST(CounsellorJudgementTest, TrainingsGoToThoseWhoNeedThem) {
  const MatchRequest base = Generated("occitanie", 400, 300, 4);
  int compared = 0;
  for (size_t j = 0; j < base.openings.size() && compared < 400; ++j) {
    const Opening& job = base.openings[j];
    if (job.kind != OpeningKind::kJob || job.required_skills.empty()) continue;
    for (size_t i = 0; i < base.candidates.size() && compared < 400; i += 7) {
      MatchRequest r;
      r.policy = base.policy;
      r.employers = base.employers;
      Candidate holder = base.candidates[i];
      holder.skills.clear();
      for (const SkillRequirement& q : job.required_skills) holder.skills.push_back({q.code, 1.0, false, false, ""});
      holder.target_occupations = {job.occupation};
      Candidate novice = holder;
      novice.id += "-novice";
      novice.skills.clear();
      novice.past_occupations.clear();  // the same project, never practised
      Opening training = job;
      training.id += "-training";
      training.kind = OpeningKind::kQualifyingTraining;
      r.candidates = {holder, novice};
      r.openings = {job, training};
      const PairEvaluation at_job = EvaluatePair(r, 0, 0);
      const PairEvaluation at_training = EvaluatePair(r, 0, 1);
      if (!at_job.feasible || !at_training.feasible) continue;
      ++compared;
      EXPECT_GT(at_job.score, at_training.score) << holder.id << " at " << job.id;
      const PairEvaluation novice_at_training = EvaluatePair(r, 1, 1);
      EXPECT_GT(novice_at_training.score, at_training.score) << holder.id << " at " << job.id;
    }
  }
  EXPECT_GT(compared, 50);
}

// Stable re-runs: after one ban, with last run's answer, at most five other
// people move (the target; 19 to 32 moved without it).
TEST(CounsellorJudgementTest, OneBanWithThePreviousAnswerMovesAtMostFiveOthers) {
  const MatchRequest base = Generated("loir-et-cher", 1500, 300, 1);
  const MatchResponse before = Match(base);
  std::map<std::string, std::set<std::string>> was;
  for (const Placement& p : before.placements) was[p.candidate_id].insert(p.opening_id);
  std::map<std::string, CandidateIndex> candidate_index;
  std::map<std::string, OpeningIndex> opening_index;
  for (size_t i = 0; i < base.candidates.size(); ++i) candidate_index[base.candidates[i].id] = static_cast<CandidateIndex>(i);
  for (size_t j = 0; j < base.openings.size(); ++j) opening_index[base.openings[j].id] = static_cast<OpeningIndex>(j);
  std::vector<PreviousPlacement> previous;
  for (const Placement& p : before.placements) previous.push_back({p.candidate_id, p.opening_id});
  int trials = 0;
  for (size_t k = 0; k < before.placements.size() && trials < 8; k += before.placements.size() / 8) {
    const Placement& banned = before.placements[k];
    MatchRequest r = base;
    r.bans.push_back({candidate_index[banned.candidate_id], opening_index[banned.opening_id], "refusé à l'entretien"});
    r.previous_placements = previous;
    const MatchResponse after = Match(r);
    std::map<std::string, std::set<std::string>> now;
    for (const Placement& p : after.placements) now[p.candidate_id].insert(p.opening_id);
    int moved = 0;
    std::set<std::string> people;
    for (const auto& [id, openings] : was) people.insert(id);
    for (const auto& [id, openings] : now) people.insert(id);
    for (const std::string& id : people) {
      moved += id != banned.candidate_id && was[id] != now[id];
    }
    EXPECT_LE(moved, 5) << "ban of " << banned.candidate_id << " -> " << banned.opening_id;
    EXPECT_EQ(after.summary.previous_moved_forced, 1);
    EXPECT_EQ(after.summary.previous_kept + after.summary.previous_moved_forced + after.summary.previous_moved_by_choice,
              static_cast<int64_t>(before.placements.size()));
    ++trials;
  }
  EXPECT_EQ(trials, 8);
}

}  // namespace
}  // namespace passerelle
