// Backtest (passerelle/backtest.h) on a synthetic history: history's value
// against the model's probabilities computed apart, the optimum never below
// history or greedy, intervals around their values, subgroups adding up to
// the total, determinism, and bad windows.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "passerelle/backtest.h"
#include "passerelle/error.h"
#include "passerelle/outcomes.h"

namespace passerelle {
namespace {

const History& TestHistory() {
  static const History* const kHistory = [] {
    HistoryOptions options;
    options.region = "loir-et-cher";
    options.candidates = 800;
    options.openings = 250;
    options.placements = 3000;
    options.seed = 11;
    return new History(GenerateHistory(options));
  }();
  return *kHistory;
}

const ScoreModel& TestModel() {
  static const ScoreModel* const kModel = new ScoreModel(FitScoreModel(TestHistory()).model);
  return *kModel;
}

BacktestOptions Quarterly(int threads = 1) {
  BacktestOptions options;
  options.period = BacktestPeriod::kQuarter;
  options.bootstrap_samples = 200;
  options.execution.threads = threads;
  return options;
}

const BacktestReport& TestReport() {
  static const BacktestReport* const kReport = new BacktestReport(Backtest(TestHistory(), TestModel(), Quarterly()));
  return *kReport;
}

TEST(BacktestTest, HistoryIsTheSumOfTheModelsProbabilitiesOfThePairsMade) {
  const History& h = TestHistory();
  const std::vector<ScoreBreakdown> made = PastBreakdowns(h);
  std::map<std::string, double> by_quarter;
  double total = 0;
  for (size_t k = 0; k < h.placements.size(); ++k) {
    const std::string day = FormatDate(h.placements[k].placed_on);
    const int month = std::stoi(day.substr(5, 2));
    const double p = LastingProbability(TestModel(), made[k]);
    by_quarter[day.substr(0, 4) + "-Q" + std::to_string((month - 1) / 3 + 1)] += p;
    total += p;
  }
  const BacktestReport& r = TestReport();
  ASSERT_EQ(r.cohorts.size(), by_quarter.size());
  for (const BacktestRow& c : r.cohorts) {
    EXPECT_NEAR(c.historical.value, by_quarter.at(c.label), 1e-6) << c.label;
    EXPECT_EQ(c.historical_placements, c.seats);
  }
  EXPECT_NEAR(r.total.historical.value, total, 1e-6);
  EXPECT_EQ(r.total.seats, static_cast<int64_t>(h.placements.size()));
}

// History's pairs are feasible here, so history (and greedy) is one of the
// assignments the optimum chooses among: it can only do better.
TEST(BacktestTest, TheOptimumIsNeverBelowHistoryOrGreedy) {
  const BacktestReport& r = TestReport();
  for (const BacktestRow& c : r.cohorts) {
    EXPECT_GE(c.optimal.value, c.historical.value - 1e-6) << c.label;
    EXPECT_GE(c.optimal.value, c.greedy.value - 1e-6) << c.label;
    EXPECT_LE(c.optimal_placements, c.seats);
    EXPECT_NEAR(c.optimal_gain.value, c.optimal.value - c.historical.value, 1e-9);
  }
  EXPECT_GT(r.total.optimal_gain.low, 0) << "the optimum gains, beyond the bootstrap's doubt";
}

TEST(BacktestTest, IntervalsSurroundTheirValues) {
  const BacktestReport& r = TestReport();
  auto check = [](const BacktestRow& row) {
    for (const BacktestEstimate* e : {&row.historical, &row.greedy, &row.optimal, &row.optimal_gain}) {
      EXPECT_LT(e->low, e->value) << row.label;
      EXPECT_GT(e->high, e->value) << row.label;
    }
  };
  for (const BacktestRow& c : r.cohorts) check(c);
  check(r.total);
  BacktestOptions none = Quarterly();
  none.bootstrap_samples = 0;
  none.to = r.cohorts.front().to;
  const BacktestReport plain = Backtest(TestHistory(), TestModel(), none);
  ASSERT_EQ(plain.cohorts.size(), 1u);
  EXPECT_EQ(plain.cohorts[0].optimal.low, plain.cohorts[0].optimal.value);
  EXPECT_EQ(plain.cohorts[0].optimal.high, plain.cohorts[0].optimal.value);
  EXPECT_EQ(plain.cohorts[0].optimal.value, r.cohorts[0].optimal.value);
}

TEST(BacktestTest, SubgroupsAddUpToTheTotal) {
  const BacktestReport& r = TestReport();
  std::map<std::string, double> historical, optimal;
  std::map<std::string, int64_t> seats;
  for (const BacktestRow& g : r.subgroups) {
    const std::string attribute = g.label.substr(0, g.label.find('='));
    historical[attribute] += g.historical.value;
    optimal[attribute] += g.optimal.value;
    seats[attribute] += g.seats;
  }
  EXPECT_EQ(historical.size(), 4u);  // gender, country_of_origin, departement, age_group
  for (const auto& [attribute, value] : historical) {
    EXPECT_NEAR(value, r.total.historical.value, 1e-6) << attribute;
    EXPECT_NEAR(optimal[attribute], r.total.optimal.value, 1e-6) << attribute;
    EXPECT_EQ(seats[attribute], r.total.seats) << attribute;
  }
}

TEST(BacktestTest, SameAnswerWhateverTheThreads) {
  const BacktestReport two = Backtest(TestHistory(), TestModel(), Quarterly(2));
  const BacktestReport& one = TestReport();
  ASSERT_EQ(two.cohorts.size(), one.cohorts.size());
  for (size_t i = 0; i < one.cohorts.size(); ++i) {
    EXPECT_EQ(two.cohorts[i].optimal.value, one.cohorts[i].optimal.value);
    EXPECT_EQ(two.cohorts[i].greedy.low, one.cohorts[i].greedy.low);
  }
  EXPECT_EQ(two.total.optimal_gain.high, one.total.optimal_gain.high);
}

TEST(BacktestTest, AWindowWithoutPlacementsIsAnError) {
  BacktestOptions options = Quarterly();
  Date d;
  ParseDate("2030-01-01", &d);
  options.from = d;
  EXPECT_THROW(Backtest(TestHistory(), TestModel(), options), InvalidArgumentError);
  options = Quarterly();
  options.bootstrap_samples = -1;
  EXPECT_THROW(Backtest(TestHistory(), TestModel(), options), InvalidArgumentError);
}

}  // namespace
}  // namespace passerelle
