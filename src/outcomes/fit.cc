// FitScoreModel and PastBreakdowns (passerelle/outcomes.h): the past pairs'
// components, a time-ordered split, an L2-penalised logistic regression by
// Newton's method (IRLS), and its test metrics by subgroup.
#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/internal/parallel.h"
#include "passerelle/outcomes.h"
#include "passerelle/scoring.h"
#include "text/catalogue.h"

namespace passerelle {
namespace {

constexpr int kFeatures = 6;
constexpr int kParams = kFeatures + 1;  // intercept first
using Vector = Eigen::Matrix<double, kParams, 1>;
using Matrix = Eigen::Matrix<double, kParams, kParams>;

// Rows are summed in blocks of this many, each block alone, then the blocks
// in order: the same bits whatever the threads.
constexpr int64_t kBlock = 16384;

std::array<double, kFeatures> Features(const ScoreBreakdown& b) {
  return {b.skills, b.occupation, b.french, b.commute, b.tension, b.preferences};
}

struct Sums {
  Vector gradient = Vector::Zero();  // of the log-likelihood
  Matrix hessian = Matrix::Zero();   // of minus the log-likelihood (X' W X)
  double log_likelihood = 0;
};

// Gradient, Hessian and log-likelihood over the training rows `rows` of `x`
// (n x 6, row-major) at `beta`.
Sums Accumulate(const std::vector<std::array<double, kFeatures>>& x, const std::vector<bool>& y,
                const std::vector<int64_t>& rows, const Vector& beta, int threads) {
  const int64_t n = static_cast<int64_t>(rows.size());
  const int64_t blocks = (n + kBlock - 1) / kBlock;
  std::vector<Sums> partial(static_cast<size_t>(blocks));
  internal::ForSlices(threads, blocks, [&](int64_t first, int64_t last) {
    for (int64_t block = first; block < last; ++block) {
      Sums s;
      const int64_t end = std::min(n, (block + 1) * kBlock);
      for (int64_t r = block * kBlock; r < end; ++r) {
        const auto& f = x[static_cast<size_t>(rows[static_cast<size_t>(r)])];
        Vector v;
        v(0) = 1.0;
        for (int k = 0; k < kFeatures; ++k) v(k + 1) = f[k];
        const double eta = beta.dot(v);
        const double p = 1.0 / (1.0 + std::exp(-eta));
        const double label = y[static_cast<size_t>(rows[static_cast<size_t>(r)])] ? 1.0 : 0.0;
        s.gradient += (label - p) * v;
        s.hessian.selfadjointView<Eigen::Lower>().rankUpdate(v, p * (1 - p));
        // log(sigmoid(eta)) for a lasting one, log(1 - sigmoid(eta)) otherwise, stably.
        const double z = label > 0 ? eta : -eta;
        s.log_likelihood -= z > 0 ? std::log1p(std::exp(-z)) : -z + std::log1p(std::exp(z));
      }
      partial[static_cast<size_t>(block)] = s;
    }
  });
  Sums total;
  for (const Sums& s : partial) {
    total.gradient += s.gradient;
    total.hessian += s.hessian;
    total.log_likelihood += s.log_likelihood;
  }
  total.hessian = total.hessian.selfadjointView<Eigen::Lower>();
  return total;
}

// Newton's method on the penalised log-likelihood (concave: a unique
// maximum), with step halving should a step not improve it.
Vector FitLogistic(const std::vector<std::array<double, kFeatures>>& x, const std::vector<bool>& y,
                   const std::vector<int64_t>& rows, double l2, int threads) {
  Vector beta = Vector::Zero();
  int64_t positives = 0;
  for (int64_t r : rows) positives += y[static_cast<size_t>(r)];
  const double rate = std::clamp(static_cast<double>(positives) / static_cast<double>(rows.size()), 1e-6, 1 - 1e-6);
  beta(0) = std::log(rate / (1 - rate));
  Matrix penalty = Matrix::Identity() * l2;
  penalty(0, 0) = 0;
  auto objective = [&](const Vector& b, const Sums& s) {
    return s.log_likelihood - 0.5 * l2 * b.tail<kFeatures>().squaredNorm();
  };
  Sums s = Accumulate(x, y, rows, beta, threads);
  for (int iteration = 0; iteration < 100; ++iteration) {
    const Vector gradient = s.gradient - penalty * beta;
    const Matrix hessian = s.hessian + penalty + Matrix::Identity() * 1e-12;
    const Vector step = hessian.ldlt().solve(gradient);
    double t = 1.0;
    Vector next = beta + step;
    Sums at_next = Accumulate(x, y, rows, next, threads);
    while (objective(next, at_next) < objective(beta, s) - 1e-12 * std::fabs(objective(beta, s)) && t > 1e-6) {
      t /= 2;
      next = beta + t * step;
      at_next = Accumulate(x, y, rows, next, threads);
    }
    beta = next;
    s = at_next;
    if ((t * step).cwiseAbs().maxCoeff() < 1e-9) break;
  }
  return beta;
}

std::string GenderValue(Gender g) { return ToString(g); }
// An unknown value is "-", as in the response's `by_subgroup`.
std::string OrDash(const std::string& value) { return value.empty() ? "-" : value; }

}  // namespace

std::vector<ScoreBreakdown> PastBreakdowns(const History& history, const ExecutionOptions& execution,
                                           const Taxonomy& taxonomy) {
  std::vector<std::pair<CandidateIndex, OpeningIndex>> pairs;
  pairs.reserve(history.placements.size());
  for (const PastPlacement& p : history.placements) pairs.emplace_back(p.candidate, p.opening);
  ScoringOptions options;
  options.execution = execution;
  options.taxonomy = &taxonomy;
  return EvaluatePairs(history.records, pairs, options);
}

FitReport FitScoreModel(const History& history, const FitOptions& options) {
  const Taxonomy& taxonomy = options.taxonomy != nullptr ? *options.taxonomy : Taxonomy::BuiltIn();
  const std::vector<PastPlacement>& placements = history.placements;
  const int64_t n = static_cast<int64_t>(placements.size());
  {
    std::vector<std::string> problems;
    for (int64_t k = 0; k < n && problems.size() < 20; ++k) {
      if (placements[static_cast<size_t>(k)].placed_on == kNoDate) {
        problems.push_back("placements[" + std::to_string(k) + "].placed_on: missing (YYYY-MM-DD)");
      }
    }
    if (!problems.empty()) throw ValidationError(std::move(problems));
  }
  if (n == 0) throw InvalidArgumentError("history: no placements to fit on");
  const std::vector<ScoreBreakdown> breakdowns = PastBreakdowns(history, options.execution, taxonomy);
  std::vector<std::array<double, kFeatures>> x(static_cast<size_t>(n));
  std::vector<bool> y(static_cast<size_t>(n));
  for (int64_t k = 0; k < n; ++k) {
    x[static_cast<size_t>(k)] = Features(breakdowns[static_cast<size_t>(k)]);
    y[static_cast<size_t>(k)] = placements[static_cast<size_t>(k)].lasting;
  }
  // Time order (ties by position), and the split.
  std::vector<int64_t> by_date(static_cast<size_t>(n));
  std::iota(by_date.begin(), by_date.end(), int64_t{0});
  std::stable_sort(by_date.begin(), by_date.end(), [&](int64_t a, int64_t b) {
    return placements[static_cast<size_t>(a)].placed_on < placements[static_cast<size_t>(b)].placed_on;
  });
  FitReport report;
  report.test_from = options.test_from ? *options.test_from
                                       : placements[static_cast<size_t>(by_date[static_cast<size_t>(n * 8 / 10)])].placed_on;
  std::vector<int64_t> train, test;
  for (int64_t k : by_date) {
    (placements[static_cast<size_t>(k)].placed_on < report.test_from ? train : test).push_back(k);
  }
  if (train.empty() || test.empty()) {
    throw InvalidArgumentError("history: the split at " + FormatDate(report.test_from) + " leaves " +
                               std::to_string(train.size()) + " training and " + std::to_string(test.size()) +
                               " test placements; both must be non-empty (--test-from)");
  }
  report.trained_from = placements[static_cast<size_t>(train.front())].placed_on;
  report.trained_to = placements[static_cast<size_t>(train.back())].placed_on;
  report.training_count = static_cast<int64_t>(train.size());
  report.test_count = static_cast<int64_t>(test.size());
  report.l2 = options.l2;
  report.data_sha256 = options.data_sha256;
  if (!std::isfinite(options.l2) || options.l2 < 0) {
    throw InvalidArgumentError("l2: " + std::to_string(options.l2) + " must be a finite number >= 0");
  }

  const int threads = internal::ResolveThreads(options.execution.threads);
  const Vector beta = FitLogistic(x, y, train, options.l2, threads);
  report.model.intercept = beta(0);
  for (int k = 0; k < kFeatures; ++k) report.model.coefficients.push_back({kScoreModelFeatures[k], beta(k + 1)});

  // Test metrics, overall and by subgroup.
  auto probability = [&](int64_t k) { return LastingProbability(report.model, breakdowns[static_cast<size_t>(k)]); };
  auto metrics_of = [&](const std::vector<int64_t>& rows) {
    std::vector<double> p(rows.size());
    std::vector<bool> lasting(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      p[r] = probability(rows[r]);
      lasting[r] = y[static_cast<size_t>(rows[r])];
    }
    return ComputeMetrics(p, lasting);
  };
  report.test_metrics = metrics_of(test);
  const std::vector<Candidate>& candidates = history.records.candidates;
  using ValueOf = std::string (*)(const Candidate&);
  const std::pair<const char*, ValueOf> attributes[] = {
      {"gender", [](const Candidate& c) { return GenderValue(c.subgroup.gender); }},
      {"country_of_origin", [](const Candidate& c) { return OrDash(c.subgroup.country_of_origin); }},
      {"departement", [](const Candidate& c) { return OrDash(c.subgroup.departement); }},
      {"age_group", [](const Candidate& c) { return std::string(ToString(AgeGroupOf(c.age))); }},
  };
  if (!history.randomised) report.warnings.push_back(text::Format(text::Message::kFitSelectiveLabels, options.language));
  for (const auto& [attribute, value_of] : attributes) {
    std::map<std::string, std::vector<int64_t>> groups;
    for (int64_t k : test) {
      groups[value_of(candidates[static_cast<size_t>(placements[static_cast<size_t>(k)].candidate)])].push_back(k);
    }
    for (const auto& [value, rows] : groups) {
      SubgroupMetrics g{attribute, value, metrics_of(rows)};
      const int64_t lasting = g.metrics.lasting, other = g.metrics.count - lasting;
      if (std::min(lasting, other) < options.min_subgroup_outcomes) {
        report.warnings.push_back(text::Format(text::Message::kFitSmallSubgroup, options.language,
                                               {{"attribute", attribute},
                                                {"value", value},
                                                {"count", g.metrics.count},
                                                {"lasting", lasting}}));
      }
      report.subgroup_metrics.push_back(std::move(g));
    }
  }
  return report;
}

}  // namespace passerelle
