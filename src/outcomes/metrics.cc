// Test metrics of a model (passerelle/outcomes.h): AUC, Brier score, log
// loss, calibration bins; and `LastingProbability`.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "passerelle/outcomes.h"

namespace passerelle {

double LastingProbability(const ScoreModel& model, const ScoreBreakdown& b) {
  const double x[6] = {b.skills, b.occupation, b.french, b.commute, b.tension, b.preferences};
  double eta = model.intercept;
  for (const ModelCoefficient& k : model.coefficients) {
    for (int f = 0; f < 6; ++f) {
      if (k.feature == kScoreModelFeatures[f]) eta += k.value * x[f];
    }
  }
  return 1.0 / (1.0 + std::exp(-eta));
}

ModelMetrics ComputeMetrics(const std::vector<double>& probabilities, const std::vector<bool>& lasting) {
  ModelMetrics m;
  const size_t n = probabilities.size();
  m.count = static_cast<int64_t>(n);
  constexpr int kBins = 10;
  m.calibration.resize(kBins);
  for (int b = 0; b < kBins; ++b) {
    m.calibration[b].lower = b / static_cast<double>(kBins);
    m.calibration[b].upper = (b + 1) / static_cast<double>(kBins);
  }
  if (n == 0) return m;
  double brier = 0, log_loss = 0;
  std::vector<double> predicted_sum(kBins, 0.0);
  std::vector<int64_t> lasting_in_bin(kBins, 0);
  for (size_t k = 0; k < n; ++k) {
    const double p = probabilities[k];
    const double y = lasting[k] ? 1.0 : 0.0;
    m.lasting += lasting[k];
    brier += (p - y) * (p - y);
    const double clipped = std::clamp(p, 1e-15, 1 - 1e-15);
    log_loss -= lasting[k] ? std::log(clipped) : std::log1p(-clipped);
    const int b = std::min(kBins - 1, static_cast<int>(p * kBins));
    ++m.calibration[b].count;
    predicted_sum[b] += p;
    lasting_in_bin[b] += lasting[k];
  }
  m.brier = brier / static_cast<double>(n);
  m.log_loss = log_loss / static_cast<double>(n);
  for (int b = 0; b < kBins; ++b) {
    CalibrationBin& bin = m.calibration[b];
    if (bin.count == 0) continue;
    bin.mean_predicted = predicted_sum[b] / static_cast<double>(bin.count);
    bin.observed_rate = static_cast<double>(lasting_in_bin[b]) / static_cast<double>(bin.count);
  }
  // AUC: the Mann-Whitney statistic, ties counted half (mid-ranks).
  const int64_t positives = m.lasting, negatives = m.count - m.lasting;
  if (positives == 0 || negatives == 0) return m;
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return probabilities[a] < probabilities[b] || (probabilities[a] == probabilities[b] && a < b);
  });
  double rank_sum = 0;  // of the lasting ones, ranks from 1
  for (size_t lo = 0; lo < n;) {
    size_t hi = lo + 1;
    while (hi < n && probabilities[order[hi]] == probabilities[order[lo]]) ++hi;
    const double mid_rank = (static_cast<double>(lo + 1) + static_cast<double>(hi)) / 2;
    for (size_t k = lo; k < hi; ++k) rank_sum += lasting[order[k]] ? mid_rank : 0.0;
    lo = hi;
  }
  const double p = static_cast<double>(positives), q = static_cast<double>(negatives);
  m.auc = (rank_sum - p * (p + 1) / 2) / (p * q);
  return m;
}

}  // namespace passerelle
