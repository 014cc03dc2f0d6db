// Outcomes: past placements, what became of them, and a model of lasting
// employment fitted on them (docs/outcomes.md).
//
// Problem: the score is a hand-set weighted mean of six components; nobody
// checked that it predicts what programmes are for, a job that lasts ("emploi
// durable": in work six months later). GeoMatch (Bansak et al., Science
// 2018) and Annie MOORE fit employment models on past arrivals; this does the
// same on a `History` of past placements.
//
// Algorithm: each past pair is scored with the scorer's own formulas
// (`EvaluatePairs`, the records as they were then) into its six components;
// placements are split by date (the last 20 % are the test set); a logistic
// regression of `lasting` on the components, with an L2 penalty on the
// coefficients (not the intercept), is fitted by Newton's method (IRLS) with
// Eigen: 7 x 7 normal equations per iteration, O(n) per iteration, about 8
// iterations; deterministic (fixed summation order). The test set gives AUC
// (rank statistic, ties halved), Brier score, log loss and ten calibration
// bins, overall and by subgroup (gender, country of origin, département, age
// group).
//
// `GenerateHistory` draws a synthetic history from a documented ground truth
// (`HistoryTruth`), with counsellors' greedy choices as the selection rule,
// so that tests can check that `FitScoreModel` recovers it.
#ifndef PASSERELLE_OUTCOMES_H_
#define PASSERELLE_OUTCOMES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/execution.h"
#include "passerelle/model.h"
#include "passerelle/policy.h"
#include "passerelle/response.h"
#include "passerelle/taxonomy.h"

namespace passerelle {

// ---- History -------------------------------------------------------------

// One past placement: indices into `History::records`, so that a record
// unchanged between two placements may be stored once.
struct PastPlacement {
  CandidateIndex candidate = 0;
  OpeningIndex opening = 0;
  Date placed_on = kNoDate;
  // In work six months after the placement.
  bool lasting = false;
  std::optional<int32_t> days_employed_first_year;
};

struct History {
  // The candidates and openings as they were when placed, and the
  // employers; its policy is the one past pairs are scored with (the
  // defaults unless said otherwise).
  MatchRequest records;
  std::vector<PastPlacement> placements;
  std::string description;
  // Placements were assigned at random. When false, outcomes exist only for
  // pairs counsellors chose (selective labels): the fit warns.
  bool randomised = false;
};

// ---- The model -----------------------------------------------------------

// A pair's probability of a lasting job under `model`:
// sigmoid(intercept + sum of coefficient x component). Features absent from
// the model count 0. The scorer computes the same value (up to rounding)
// when `Policy::score_model` is set; a backtest calls this on breakdowns.
double LastingProbability(const ScoreModel& model, const ScoreBreakdown& breakdown);

// Test metrics of probabilities against outcomes.
struct CalibrationBin {
  double lower = 0;
  double upper = 0;
  int64_t count = 0;
  double mean_predicted = 0;
  double observed_rate = 0;
};
struct ModelMetrics {
  int64_t count = 0;
  int64_t lasting = 0;
  // Area under the ROC curve; 0.5 when one class is absent.
  double auc = 0.5;
  double brier = 0;
  double log_loss = 0;
  // Ten bins of width 0.1 (empty ones included).
  std::vector<CalibrationBin> calibration;
};
// - O(n log n) (the AUC sorts). `probabilities` and `lasting` have one entry
//   per placement.
ModelMetrics ComputeMetrics(const std::vector<double>& probabilities, const std::vector<bool>& lasting);

struct SubgroupMetrics {
  std::string attribute;  // "gender", "country_of_origin", "departement", "age_group"
  std::string value;
  ModelMetrics metrics;
};

// What `FitScoreModel` found: the model and how it was obtained and tested.
struct FitReport {
  ScoreModel model;
  Date trained_from = kNoDate;
  Date trained_to = kNoDate;
  Date test_from = kNoDate;
  int64_t training_count = 0;
  int64_t test_count = 0;
  double l2 = 0;
  std::string data_sha256;
  ModelMetrics test_metrics;
  std::vector<SubgroupMetrics> subgroup_metrics;
  std::vector<std::string> warnings;
};

struct FitOptions {
  // First day of the test period. Unset: the date of the placement at 80 %
  // of the history in date order (the last 20 % are the test set).
  std::optional<Date> test_from;
  // L2 penalty on the coefficients (not the intercept), in units of the
  // log-likelihood summed over placements. 1 is light for thousands of
  // placements and leaves the fit unique when a component never varies.
  double l2 = 1.0;
  // Subgroups with fewer test placements, or fewer than this many of either
  // outcome, get a warning that their metrics mean little.
  int64_t min_subgroup_outcomes = 30;
  // Hex sha256 of the data, copied into the report (`Sha256Hex`).
  std::string data_sha256;
  Language language = Language::kFrench;
  ExecutionOptions execution;
  // Null: `Taxonomy::BuiltIn()`.
  const Taxonomy* taxonomy = nullptr;
};

// Fits a model of `lasting` on the placements' components.
// - Throws `ValidationError` when a record is invalid (as `ScoreRequest`)
//   or a placement's index or date is missing; `InvalidArgumentError` when
//   the training or the test set is empty.
// - Deterministic: the same history gives the same bits, whatever the
//   threads.
FitReport FitScoreModel(const History& history, const FitOptions& options = {});

// The six components of every past pair (in `history.placements` order),
// scored with `history.records.policy`.
std::vector<ScoreBreakdown> PastBreakdowns(const History& history, const ExecutionOptions& execution = {},
                                           const Taxonomy& taxonomy = Taxonomy::BuiltIn());

// Lowercase hex SHA-256 of `bytes` (OpenSSL).
std::string Sha256Hex(std::string_view bytes);

// ---- Synthetic history ---------------------------------------------------

// The ground truth of `GenerateHistory` (docs/outcomes.md): a placement
// lasts when intercept + sum of coefficient x component + noise > 0, with
// logistic noise (so P(lasting) = sigmoid(intercept + ...)) plus a Gaussian
// term of standard deviation `hidden_sd` that no component sees (what the
// data cannot explain).
struct HistoryTruth {
  double intercept = -3.0;
  // skills, occupation, french, commute, tension, preferences.
  double coefficients[6] = {2.0, 1.5, 1.0, 1.2, 0.3, 0.6};
  double hidden_sd = 0.5;
};

struct HistoryOptions {
  std::string region = "occitanie";
  int64_t candidates = 2000;
  int64_t openings = 500;
  int64_t placements = 5000;
  uint64_t seed = 1;
  // Placements are spread evenly over this many days from `first_day`.
  Date first_day = 0;  // 0: 2024-01-01
  int32_t days = 730;
  HistoryTruth truth;
  std::string regions_dir;
  ExecutionOptions execution;
};

// Draws a history: a synthetic request (passerelle/synthetic.h) gives the
// people and openings; each placement takes a random candidate, who is
// sent, as a counsellor would greedily, to their best-scoring feasible
// opening (under the default weights) among a few drawn, and the outcome is
// drawn from the truth. Deterministic for a seed.
History GenerateHistory(const HistoryOptions& options);

// The truth's own probabilities for `breakdowns` (without the hidden term's
// draw: its expectation), for comparing a fit's AUC with the truth's.
std::vector<double> TruthProbabilities(const HistoryTruth& truth, const std::vector<ScoreBreakdown>& breakdowns);

}  // namespace passerelle

#endif  // PASSERELLE_OUTCOMES_H_
