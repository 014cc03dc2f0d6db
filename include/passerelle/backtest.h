// Backtest: what would passerelle have done with the people counsellors
// placed, measured in expected lasting placements under a fitted model
// (docs/outcomes.md, "Backtest"). GeoMatch's headline analysis (Bansak et
// al., Science 2018), made reproducible.
//
// Algorithm: placements are grouped into cohorts by period (a calendar month
// by default). A cohort is a matching problem of its own: its people (each
// needing as many placements as they had), its openings (each with as many
// seats as it had placements), the history's employers and policy with the
// model as `score_model` and no unplaced penalty. Three assignments are
// scored with the model: the historical one, a greedy one (best probability
// first over the feasible pairs) and passerelle's optimum (`Match`). The sums
// of probabilities are the expected lasting placements; a bootstrap over
// people, stratified by cohort, gives 95 % intervals, paired for the gain of
// the optimum over history.
//
// Cost: one `Match` and one `ScoreRequest` per cohort, then B x N draws for
// N people (B = 1,000 by default).
#ifndef PASSERELLE_BACKTEST_H_
#define PASSERELLE_BACKTEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "passerelle/execution.h"
#include "passerelle/model.h"
#include "passerelle/outcomes.h"
#include "passerelle/policy.h"
#include "passerelle/taxonomy.h"

namespace passerelle {

enum class BacktestPeriod { kMonth, kQuarter, kWhole };

struct BacktestOptions {
  // Placements from and to these days (inclusive); unset: all.
  std::optional<Date> from, to;
  BacktestPeriod period = BacktestPeriod::kMonth;
  // Bootstrap resamples for the intervals, >= 0 (0: no intervals: low and
  // high equal the value).
  int32_t bootstrap_samples = 1000;
  uint64_t seed = 1;
  ExecutionOptions execution;
  // Null: `Taxonomy::BuiltIn()`.
  const Taxonomy* taxonomy = nullptr;
};

struct BacktestEstimate {
  double value = 0;
  double low = 0;
  double high = 0;
};

struct BacktestRow {
  // "2024-03", "2024-Q1", "all" (cohorts), "total", or "gender=female".
  std::string label;
  Date from = kNoDate, to = kNoDate;
  int64_t people = 0;
  int64_t seats = 0;
  BacktestEstimate historical, greedy, optimal, optimal_gain;
  int64_t historical_placements = 0, greedy_placements = 0, optimal_placements = 0;
};

struct BacktestReport {
  std::vector<BacktestRow> cohorts;
  BacktestRow total;
  // gender, country_of_origin, departement, age_group; each "attribute=value".
  std::vector<BacktestRow> subgroups;
  int32_t bootstrap_samples = 0;
  std::vector<std::string> warnings;
};

// Runs the backtest of `model` on `history`.
// - Throws `InvalidArgumentError` when no placement falls in [from, to], and
//   `ValidationError` for invalid records (as `Match`).
// - Deterministic for a seed, whatever the threads.
BacktestReport Backtest(const History& history, const ScoreModel& model, const BacktestOptions& options = {});

}  // namespace passerelle

#endif  // PASSERELLE_BACKTEST_H_
