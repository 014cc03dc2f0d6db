// Outcomes (passerelle/outcomes.h): the fit recovers a known truth from a
// synthetic history, metrics against direct formulas, the split, warnings,
// and the history's conversion to and from `passerelle.v1`.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "passerelle/error.h"
#include "passerelle/outcomes.h"
#include "passerelle/proto.h"

namespace passerelle {
namespace {

HistoryOptions SmallHistory() {
  HistoryOptions options;
  options.region = "occitanie";
  options.candidates = 3000;
  options.openings = 800;
  options.placements = 20000;
  options.seed = 7;
  return options;
}

const History& TestHistory() {
  static const History* const kHistory = new History(GenerateHistory(SmallHistory()));
  return *kHistory;
}

double Coefficient(const ScoreModel& m, const std::string& feature) {
  for (const ModelCoefficient& k : m.coefficients) {
    if (k.feature == feature) return k.value;
  }
  ADD_FAILURE() << "no coefficient " << feature;
  return 0;
}

TEST(FitTest, RecoversTheTruthsSignsAndOrdering) {
  const History& history = TestHistory();
  const FitReport report = FitScoreModel(history);
  const HistoryTruth truth;
  std::vector<std::pair<double, std::string>> fitted, expected;
  for (int k = 0; k < 6; ++k) {
    const double value = Coefficient(report.model, kScoreModelFeatures[k]);
    SCOPED_TRACE(kScoreModelFeatures[k]);
    EXPECT_GT(value * truth.coefficients[k], 0) << "sign";
    // Hidden heterogeneity attenuates logistic coefficients (by about
    // 1 / sqrt(1 + pi sd^2 / 8), 0.95 here); sampling adds noise.
    EXPECT_NEAR(value, truth.coefficients[k], 0.35 * truth.coefficients[k] + 0.15);
    fitted.push_back({value, kScoreModelFeatures[k]});
    expected.push_back({truth.coefficients[k], kScoreModelFeatures[k]});
  }
  std::sort(fitted.begin(), fitted.end());
  std::sort(expected.begin(), expected.end());
  for (int k = 0; k < 6; ++k) EXPECT_EQ(fitted[k].second, expected[k].second) << "rank " << k;
  EXPECT_NEAR(report.model.intercept, truth.intercept, 0.6);
}

TEST(FitTest, TestAucIsWithinTwoHundredthsOfTheTruths) {
  const History& history = TestHistory();
  const FitReport report = FitScoreModel(history);
  const std::vector<ScoreBreakdown> breakdowns = PastBreakdowns(history);
  const std::vector<double> truth = TruthProbabilities(HistoryTruth{}, breakdowns);
  std::vector<double> p;
  std::vector<bool> y;
  for (size_t k = 0; k < history.placements.size(); ++k) {
    if (history.placements[k].placed_on < report.test_from) continue;
    p.push_back(truth[k]);
    y.push_back(history.placements[k].lasting);
  }
  ASSERT_EQ(static_cast<int64_t>(p.size()), report.test_count);
  const double truth_auc = ComputeMetrics(p, y).auc;
  EXPECT_GT(report.test_metrics.auc, 0.6);
  EXPECT_NEAR(report.test_metrics.auc, truth_auc, 0.02);
}

TEST(FitTest, SplitsByDateLastFifthIsTheTestSet) {
  const History& history = TestHistory();
  const FitReport report = FitScoreModel(history);
  int64_t before = 0;
  for (const PastPlacement& p : history.placements) before += p.placed_on < report.test_from;
  EXPECT_EQ(report.training_count, before);
  EXPECT_EQ(report.training_count + report.test_count, static_cast<int64_t>(history.placements.size()));
  EXPECT_NEAR(static_cast<double>(report.test_count) / history.placements.size(), 0.2, 0.01);
  EXPECT_LT(report.trained_to, report.test_from);
  FitOptions options;
  Date d;
  ASSERT_TRUE(ParseDate("2025-01-01", &d));
  options.test_from = d;
  const FitReport later = FitScoreModel(history, options);
  EXPECT_EQ(later.test_from, d);
  EXPECT_GT(later.test_count, report.test_count);
  options.test_from = history.placements.front().placed_on;  // nothing to train on
  EXPECT_THROW(FitScoreModel(history, options), InvalidArgumentError);
}

TEST(FitTest, IsDeterministicWhateverTheThreads) {
  const History& history = TestHistory();
  FitOptions one, three;
  one.execution.threads = 1;
  three.execution.threads = 3;
  const FitReport a = FitScoreModel(history, one);
  const FitReport b = FitScoreModel(history, three);
  EXPECT_EQ(a.model.intercept, b.model.intercept);
  for (int k = 0; k < 6; ++k) EXPECT_EQ(a.model.coefficients[k].value, b.model.coefficients[k].value);
  EXPECT_EQ(a.test_metrics.auc, b.test_metrics.auc);
}

TEST(FitTest, WarnsOfSelectiveLabelsAndSmallSubgroups) {
  History history = TestHistory();
  FitOptions options;
  options.language = Language::kEnglish;
  FitReport report = FitScoreModel(history, options);
  ASSERT_FALSE(report.warnings.empty());
  EXPECT_NE(report.warnings[0].find("selective labels"), std::string::npos);
  // Every subgroup of every attribute has metrics; the smallest warn.
  for (const char* attribute : {"gender", "country_of_origin", "departement", "age_group"}) {
    EXPECT_TRUE(std::any_of(report.subgroup_metrics.begin(), report.subgroup_metrics.end(),
                            [&](const SubgroupMetrics& g) { return g.attribute == attribute; }))
        << attribute;
  }
  for (const SubgroupMetrics& g : report.subgroup_metrics) {
    const bool small = std::min(g.metrics.lasting, g.metrics.count - g.metrics.lasting) < options.min_subgroup_outcomes;
    const std::string needle = "subgroup " + g.attribute + " = \"" + g.value + "\"";
    const bool warned = std::any_of(report.warnings.begin(), report.warnings.end(),
                                    [&](const std::string& w) { return w.find(needle) != std::string::npos; });
    EXPECT_EQ(small, warned) << needle;
  }
  // The report survives the wire.
  const FitReport back = FitReportFromProto(ToProto(report));
  EXPECT_EQ(back.model.intercept, report.model.intercept);
  EXPECT_EQ(back.test_from, report.test_from);
  EXPECT_EQ(back.trained_to, report.trained_to);
  EXPECT_EQ(back.test_metrics.auc, report.test_metrics.auc);
  EXPECT_EQ(back.test_metrics.calibration.size(), 10u);
  EXPECT_EQ(back.subgroup_metrics.size(), report.subgroup_metrics.size());
  EXPECT_EQ(back.warnings, report.warnings);
  history.randomised = true;
  report = FitScoreModel(history, options);
  for (const std::string& w : report.warnings) EXPECT_EQ(w.find("selective labels"), std::string::npos);
}

TEST(MetricsTest, AgreeWithDirectFormulas) {
  const std::vector<double> p = {0.1, 0.4, 0.35, 0.8, 0.8, 0.95};
  const std::vector<bool> y = {false, false, true, true, false, true};
  const ModelMetrics m = ComputeMetrics(p, y);
  // AUC by counting pairs (lasting, not lasting), ties half.
  double wins = 0;
  int pairs = 0;
  double brier = 0, log_loss = 0;
  for (size_t a = 0; a < p.size(); ++a) {
    brier += (p[a] - y[a]) * (p[a] - y[a]);
    log_loss -= y[a] ? std::log(p[a]) : std::log(1 - p[a]);
    for (size_t b = 0; b < p.size(); ++b) {
      if (!y[a] || y[b]) continue;
      ++pairs;
      wins += p[a] > p[b] ? 1 : (p[a] == p[b] ? 0.5 : 0);
    }
  }
  EXPECT_DOUBLE_EQ(m.auc, wins / pairs);
  EXPECT_DOUBLE_EQ(m.brier, brier / 6);
  EXPECT_NEAR(m.log_loss, log_loss / 6, 1e-12);
  EXPECT_EQ(m.count, 6);
  EXPECT_EQ(m.lasting, 3);
  ASSERT_EQ(m.calibration.size(), 10u);
  EXPECT_EQ(m.calibration[8].count, 2);  // the two 0.8
  EXPECT_DOUBLE_EQ(m.calibration[8].observed_rate, 0.5);
  EXPECT_DOUBLE_EQ(m.calibration[3].mean_predicted, 0.35);
}

TEST(LastingProbabilityTest, IsTheSigmoidOfTheLinearForm) {
  ScoreModel model{-1.0, {{"skills", 2.0}, {"commute", -0.5}}};
  const ScoreBreakdown b{0.5, 0.9, 1, 0.4, 0.3, 0.2};
  EXPECT_DOUBLE_EQ(LastingProbability(model, b), 1 / (1 + std::exp(-(-1.0 + 2.0 * 0.5 - 0.5 * 0.4))));
}

TEST(HistoryProtoTest, RoundTripKeepsEveryPlacementAndItsComponents) {
  HistoryOptions options = SmallHistory();
  options.placements = 300;
  const History history = GenerateHistory(options);
  const v1::History proto = ToProto(history);
  ASSERT_EQ(proto.placements_size(), 300);
  const History back = FromProto(proto);
  ASSERT_EQ(back.placements.size(), history.placements.size());
  const std::vector<ScoreBreakdown> a = PastBreakdowns(history), b = PastBreakdowns(back);
  for (size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(back.placements[k].placed_on, history.placements[k].placed_on);
    EXPECT_EQ(back.placements[k].lasting, history.placements[k].lasting);
    EXPECT_EQ(back.placements[k].days_employed_first_year, history.placements[k].days_employed_first_year);
    EXPECT_EQ(a[k].skills, b[k].skills) << k;
    EXPECT_EQ(a[k].commute, b[k].commute) << k;
    EXPECT_EQ(a[k].occupation, b[k].occupation) << k;
  }
}

TEST(HistoryProtoTest, ParsedFromBytesSharesIdenticalRecordsAndScoresAlike) {
  HistoryOptions options = SmallHistory();
  options.candidates = 200;
  options.openings = 60;
  options.placements = 2000;
  const History history = GenerateHistory(options);
  const std::string bytes = ToProto(history).SerializeAsString();
  const History parsed = ParseHistory(bytes, "h.pb");
  // Each distinct person and opening once (the generator's records are
  // distinct), not once per placement.
  std::vector<bool> used_c(history.records.candidates.size()), used_o(history.records.openings.size());
  for (const PastPlacement& p : history.placements) used_c[p.candidate] = used_o[p.opening] = true;
  EXPECT_EQ(parsed.records.candidates.size(), static_cast<size_t>(std::count(used_c.begin(), used_c.end(), true)));
  EXPECT_EQ(parsed.records.openings.size(), static_cast<size_t>(std::count(used_o.begin(), used_o.end(), true)));
  EXPECT_LT(parsed.records.candidates.size(), history.placements.size() / 5);
  ASSERT_EQ(parsed.placements.size(), history.placements.size());
  const std::vector<ScoreBreakdown> a = PastBreakdowns(history), b = PastBreakdowns(parsed);
  for (size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(parsed.placements[k].placed_on, history.placements[k].placed_on);
    EXPECT_EQ(parsed.placements[k].lasting, history.placements[k].lasting);
    EXPECT_EQ(a[k].skills, b[k].skills) << k;
    EXPECT_EQ(a[k].occupation, b[k].occupation) << k;
    EXPECT_EQ(a[k].french, b[k].french) << k;
    EXPECT_EQ(a[k].commute, b[k].commute) << k;
    EXPECT_EQ(a[k].tension, b[k].tension) << k;
    EXPECT_EQ(a[k].preferences, b[k].preferences) << k;
  }
  // The same model as from the message.
  const FitReport from_bytes = FitScoreModel(parsed), from_message = FitScoreModel(FromProto(ToProto(history)));
  EXPECT_EQ(from_bytes.model.intercept, from_message.model.intercept);
  // Bad bytes: the file and the place.
  EXPECT_THROW(ParseHistory(bytes.substr(0, bytes.size() - 7), "h.pb"), InvalidArgumentError);
  EXPECT_THROW(ParseHistory("", "h.pb"), InvalidArgumentError);
  v1::History bad = ToProto(history);
  bad.mutable_placements(17)->set_placed_on("yesterday");
  try {
    ParseHistory(bad.SerializeAsString(), "h.pb");
    FAIL() << "no error";
  } catch (const ValidationError& e) {
    EXPECT_NE(std::string(e.what()).find("placements[17].placed_on"), std::string::npos) << e.what();
  }
}

TEST(HistoryProtoTest, ProblemsNameThePlacement) {
  v1::History proto = ToProto(GenerateHistory([] {
    HistoryOptions o = SmallHistory();
    o.placements = 5;
    return o;
  }()));
  proto.mutable_placements(3)->set_placed_on("2025-13-01");
  proto.mutable_placements(1)->mutable_candidate()->mutable_home()->set_latitude(95);
  try {
    FromProto(proto);
    FAIL() << "no error";
  } catch (const ValidationError& e) {
    EXPECT_NE(std::string(e.what()).find("placements[3].placed_on"), std::string::npos) << e.what();
  }
  proto.mutable_placements(3)->set_placed_on("2025-12-01");
  try {
    FromProto(proto);
    FAIL() << "no error";
  } catch (const ValidationError& e) {
    EXPECT_NE(std::string(e.what()).find("placements[1].candidate"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("latitude"), std::string::npos) << e.what();
  }
}

TEST(Sha256Test, MatchesKnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace passerelle
