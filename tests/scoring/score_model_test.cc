// Scoring with `Policy::score_model`: a pair's score is the model's
// probability, EvaluatePair and ScoreRequest agree to the bit, rows keep
// exactly the most probable pairs whatever the coefficients' signs (with
// bounds, or without when skills or commute weigh negatively), and the
// three versions of pass 1 agree.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pass1.h"  // src/scoring: SetSimdLevel
#include "passerelle/error.h"
#include "passerelle/scoring.h"
#include "passerelle/synthetic.h"
#include "passerelle/validate.h"

namespace passerelle {
namespace {

MatchRequest Request() {
  synthetic::GeneratorOptions options;
  options.region = "occitanie";
  options.candidates = 150;
  options.openings = 900;
  MatchRequest r = synthetic::Generate(options);
  r.policy.max_pairs_per_candidate = 20;
  return r;
}

ScoreModel Model(double skills, double occupation, double french, double commute, double tension,
                 double preferences) {
  return ScoreModel{-2.0,
                    {{"skills", skills},
                     {"occupation", occupation},
                     {"french", french},
                     {"commute", commute},
                     {"tension", tension},
                     {"preferences", preferences}}};
}

double Probability(const ScoreModel& m, const ScoreBreakdown& b) {
  const double x[6] = {b.skills, b.occupation, b.french, b.commute, b.tension, b.preferences};
  double eta = m.intercept;
  for (int k = 0; k < 6; ++k) eta += m.coefficients[k].value * x[k];
  return 1 / (1 + std::exp(-eta));
}

// Each row: scores as EvaluatePair's (to the bit), non-increasing, and no
// feasible pair left out is more probable than one kept.
void ExpectMostProbableRows(const MatchRequest& r, const ScoreMatrix& m) {
  const auto max_pairs = static_cast<size_t>(r.policy.max_pairs_per_candidate);
  for (CandidateIndex c = 0; c < m.num_candidates(); ++c) {
    std::vector<float> kept_scores;
    std::vector<bool> kept(r.openings.size(), false);
    float worst_kept = 2;
    const auto row = m.row(c);
    for (size_t k = 0; k < row.size(); ++k) {
      const PairEvaluation e = EvaluatePair(r, c, row[k].opening);
      ASSERT_TRUE(e.feasible);
      EXPECT_EQ(row[k].score, static_cast<float>(e.score)) << c << " rank " << k;
      EXPECT_NEAR(e.score, Probability(*r.policy.score_model, e.breakdown), 1e-9);
      if (k > 0) EXPECT_LE(row[k].score, row[k - 1].score) << c;
      kept[row[k].opening] = true;
      worst_kept = std::min(worst_kept, row[k].score);
    }
    int32_t feasible = 0;
    for (OpeningIndex o = 0; o < static_cast<OpeningIndex>(r.openings.size()); ++o) {
      const PairEvaluation e = EvaluatePair(r, c, o);
      if (!e.feasible) continue;
      ++feasible;
      if (!kept[o]) EXPECT_LE(static_cast<float>(e.score), worst_kept) << "candidate " << c << " opening " << o;
    }
    EXPECT_EQ(row.size(), std::min<size_t>(feasible, max_pairs)) << c;
  }
}

TEST(ScoreModelTest, RowsKeepTheMostProbablePairsWhateverTheSigns) {
  const MatchRequest base = Request();
  const ScoreModel models[] = {
      Model(2.0, 1.5, 1.0, 1.2, 0.3, 0.6),     // all positive: bounds as without a model
      Model(2.0, -1.5, 1.0, 1.2, -0.3, 0.6),   // negative cheap components: the offset
      Model(2.0, 1.5, 1.0, -1.2, 0.3, 0.6),    // negative commute: no pruning by bound
      Model(-0.5, 1.5, -1.0, 1.2, 0.3, -0.6),  // negative skills
      Model(0, 0, 0, 0, 0, 0),                 // a constant
  };
  for (const ScoreModel& model : models) {
    SCOPED_TRACE(::testing::Message() << model.coefficients[0].value << " " << model.coefficients[1].value << " "
                                      << model.coefficients[3].value);
    MatchRequest r = base;
    r.policy.score_model = model;
    const ScoreMatrix m = ScoreRequest(r, {.execution = {.threads = 2}});
    EXPECT_GT(m.num_entries(), 0);
    ExpectMostProbableRows(r, m);
    // The same rows with every version of pass 1, one thread or two.
    for (auto level : {scoring_internal::SimdLevel::kPortable, scoring_internal::SimdLevel::kAvx2}) {
      scoring_internal::SetSimdLevel(level);
      const ScoreMatrix other = ScoreRequest(r, {.execution = {.threads = 1}});
      scoring_internal::SetSimdLevel(scoring_internal::SimdLevel::kAvx512);
      ASSERT_EQ(other.num_entries(), m.num_entries());
      for (size_t k = 0; k < m.entries().size(); ++k) {
        EXPECT_EQ(other.entries()[k].opening, m.entries()[k].opening);
        EXPECT_EQ(other.entries()[k].score, m.entries()[k].score);
      }
    }
  }
}

TEST(ScoreModelTest, WithoutAModelScoresAreUnchanged) {
  // The model's offset joins the tension term; without a model it is 0 and
  // changes no bit: the weighted mean, as EvaluatePair computes it.
  const MatchRequest r = Request();
  const ScoreMatrix m = ScoreRequest(r);
  for (CandidateIndex c = 0; c < 20; ++c) {
    for (const ScoredPair& p : m.row(c)) {
      const ScoreBreakdown b = p.breakdown();
      const ScoreWeights& w = r.policy.weights;
      const double mean = (w.skills * b.skills + w.occupation * b.occupation + w.french * b.french +
                           w.commute * b.commute + w.tension * b.tension + w.preferences * b.preferences) /
                          w.sum();
      EXPECT_NEAR(p.score, mean, 1e-6);
    }
  }
}

TEST(ScoreModelTest, ValidationNamesTheBadCoefficient) {
  MatchRequest r = Request();
  r.policy.score_model = ScoreModel{NAN, {{"skills", 1.0}, {"salary", 2.0}, {"skills", 3.0}, {"french", INFINITY}}};
  std::vector<std::string> problems;
  CollectProblems(r, &problems);
  auto has = [&](const std::string& needle) {
    return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) { return p.find(needle) != std::string::npos; });
  };
  EXPECT_TRUE(has("policy.score_model.intercept")) << ::testing::PrintToString(problems);
  EXPECT_TRUE(has("policy.score_model.coefficients[1].feature: \"salary\" is not a score component"));
  EXPECT_TRUE(has("policy.score_model.coefficients[2].feature: \"skills\" appears twice"));
  EXPECT_TRUE(has("policy.score_model.coefficients[3].value"));
  EXPECT_THROW(ScoreRequest(r), ValidationError);
}

}  // namespace
}  // namespace passerelle
