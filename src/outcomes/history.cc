// GenerateHistory and TruthProbabilities (passerelle/outcomes.h): a
// synthetic history drawn from a documented truth (docs/outcomes.md).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/outcomes.h"
#include "passerelle/scoring.h"
#include "passerelle/synthetic.h"
#include "random.h"

namespace passerelle {
namespace {

double TruthLogOdds(const HistoryTruth& truth, const ScoreBreakdown& b) {
  const double x[6] = {b.skills, b.occupation, b.french, b.commute, b.tension, b.preferences};
  double eta = truth.intercept;
  for (int k = 0; k < 6; ++k) eta += truth.coefficients[k] * x[k];
  return eta;
}

// Openings a counsellor looks at for one person before choosing the best.
constexpr int kOpeningsSeen = 5;

}  // namespace

std::vector<double> TruthProbabilities(const HistoryTruth& truth, const std::vector<ScoreBreakdown>& breakdowns) {
  std::vector<double> p(breakdowns.size());
  for (size_t k = 0; k < breakdowns.size(); ++k) p[k] = 1.0 / (1.0 + std::exp(-TruthLogOdds(truth, breakdowns[k])));
  return p;
}

History GenerateHistory(const HistoryOptions& options) {
  if (options.placements < 1 || options.placements > 100'000'000) {
    throw InvalidArgumentError("history: placements " + std::to_string(options.placements) +
                               " must be in [1, 100000000]");
  }
  if (options.days < 1) throw InvalidArgumentError("history: days " + std::to_string(options.days) + " must be >= 1");
  synthetic::GeneratorOptions generator;
  generator.region = options.region;
  generator.candidates = options.candidates;
  generator.openings = options.openings;
  generator.seed = options.seed;
  generator.regions_dir = options.regions_dir;
  History history;
  history.records = synthetic::Generate(generator);
  // Past pairs are scored, and counsellors chose, under the default policy.
  history.records.policy = Policy{};
  history.records.pins.clear();
  history.records.bans.clear();
  history.records.locks.clear();
  history.records.previous_placements.clear();
  history.records.description = "synthetic history: " + history.records.description;
  history.randomised = false;
  Date first_day = options.first_day;
  if (first_day == 0) ParseDate("2024-01-01", &first_day);

  ScoringOptions scoring;
  scoring.execution = options.execution;
  const ScoreMatrix scores = ScoreRequest(history.records, scoring);
  std::vector<CandidateIndex> with_pairs;
  for (CandidateIndex i = 0; i < static_cast<CandidateIndex>(history.records.candidates.size()); ++i) {
    if (!scores.row(i).empty()) with_pairs.push_back(i);
  }
  if (with_pairs.empty()) throw InvalidArgumentError("history: no candidate of the generated region has a feasible opening");

  // Selection: a random person; a counsellor looks at a few of their
  // feasible openings and sends them to the best-scoring one (greedy, not
  // randomised: selective labels).
  synthetic::internal::Rng rng(options.seed * 0x9e3779b97f4a7c15ULL + 0x5eed);
  const auto count = static_cast<size_t>(options.placements);
  history.placements.resize(count);
  std::vector<std::pair<CandidateIndex, OpeningIndex>> pairs(count);
  for (size_t k = 0; k < count; ++k) {
    const CandidateIndex i = with_pairs[static_cast<size_t>(rng.UniformInt(0, static_cast<int64_t>(with_pairs.size()) - 1))];
    const std::span<const ScoredPair> row = scores.row(i);
    const ScoredPair* best = nullptr;
    for (int s = 0; s < kOpeningsSeen; ++s) {
      const ScoredPair& p = row[static_cast<size_t>(rng.UniformInt(0, static_cast<int64_t>(row.size()) - 1))];
      if (best == nullptr || p.score > best->score) best = &p;
    }
    PastPlacement& placement = history.placements[k];
    placement.candidate = i;
    placement.opening = best->opening;
    placement.placed_on = first_day + static_cast<Date>(rng.UniformInt(0, options.days - 1));
    pairs[k] = {i, best->opening};
  }
  // Outcomes from the truth, on the components the fit will see.
  const std::vector<ScoreBreakdown> breakdowns = EvaluatePairs(history.records, pairs, scoring);
  for (size_t k = 0; k < count; ++k) {
    const double eta = TruthLogOdds(options.truth, breakdowns[k]) + options.truth.hidden_sd * rng.Normal();
    PastPlacement& placement = history.placements[k];
    placement.lasting = rng.Uniform() < 1.0 / (1.0 + std::exp(-eta));
    // Days employed in the first year: most of it for a lasting job, a
    // few months otherwise.
    placement.days_employed_first_year =
        static_cast<int32_t>(placement.lasting ? rng.UniformInt(240, 365) : rng.UniformInt(0, 180));
  }
  std::stable_sort(history.placements.begin(), history.placements.end(),
                   [](const PastPlacement& a, const PastPlacement& b) { return a.placed_on < b.placed_on; });
  return history;
}

}  // namespace passerelle
