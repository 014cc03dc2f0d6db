// Scoring throughput on the synthetic generator's regions.
//
// BM_ScoreRequest/<candidates>/<openings>/<threads>: one `ScoreRequest` over a
// whole region. Counters:
//   examined, feasible, kept   pairs examined (in a search circle), passing
//                              every hard constraint, kept after truncation
//   pruning                    1 - examined / (candidates x openings)
//   feasible_per_s_per_core    feasible pairs scored per second per thread
// BM_NameExcludedOpenings: the openings behind every candidate's exclusion
// counts (what an unplaced candidate's reasons name).
// BM_EvaluatePair: one pair, the cost the matcher pays per explanation.
// With PASSERELLE_BENCH_NATIONAL=1 in the environment, also
// BM_ScoreRequest/national: 1,000,000 x 100,000 on 2 threads, one iteration
// (generation included in the process's peak memory: run it under
// `/usr/bin/time -v` with --benchmark_filter=national).
//
// Requests are generated once, outside the timed loop.
#include <cstdlib>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <benchmark/benchmark.h>

#include "passerelle/scoring.h"
#include "passerelle/synthetic.h"

namespace passerelle {
namespace {

const MatchRequest& Region(const std::string& region, int64_t candidates, int64_t openings) {
  static std::map<std::tuple<std::string, int64_t, int64_t>, MatchRequest> cache;
  auto key = std::make_tuple(region, candidates, openings);
  auto it = cache.find(key);
  if (it == cache.end()) {
    synthetic::GeneratorOptions options;
    options.region = region;
    options.candidates = candidates;
    options.openings = openings;
    options.seed = 1;
    it = cache.emplace(key, synthetic::Generate(options)).first;
  }
  return it->second;
}

void ReportCounters(benchmark::State& state, const ScoreMatrix& m, int64_t candidates,
                    int64_t openings, int threads) {
  state.counters["examined"] = static_cast<double>(m.pairs_examined());
  state.counters["feasible"] = static_cast<double>(m.pairs_feasible());
  state.counters["kept"] = static_cast<double>(m.num_entries());
  state.counters["pruning"] =
      1.0 - static_cast<double>(m.pairs_examined()) / (static_cast<double>(candidates) * openings);
  state.counters["feasible_per_s_per_core"] = benchmark::Counter(
      static_cast<double>(m.pairs_feasible()) / threads, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["examined_per_s_per_core"] = benchmark::Counter(
      static_cast<double>(m.pairs_examined()) / threads, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ScoreRequest(benchmark::State& state, const char* region) {
  const int64_t candidates = state.range(0), openings = state.range(1);
  const int threads = static_cast<int>(state.range(2));
  const MatchRequest& request = Region(region, candidates, openings);
  ScoreMatrix m;
  for (auto _ : state) {
    m = ScoreRequest(request, {.execution = {.threads = threads}});
    benchmark::DoNotOptimize(m.num_entries());
  }
  ReportCounters(state, m, candidates, openings, threads);
}

// Arguments: /*candidates=*/, /*openings=*/, /*threads=*/.
// National scale, on request only (minutes and gigabytes).
const bool kNationalRegistered = [] {
  const char* flag = std::getenv("PASSERELLE_BENCH_NATIONAL");
  if (flag == nullptr || std::string(flag) != "1") return false;
  benchmark::RegisterBenchmark("BM_ScoreRequest/national", BM_ScoreRequest, "occitanie")
      ->Args({1'000'000, 100'000, 2})
      ->Iterations(1)
      ->Unit(benchmark::kSecond)
      ->UseRealTime();
  return true;
}();

BENCHMARK_CAPTURE(BM_ScoreRequest, occitanie, "occitanie")
    ->Args({10'000, 2'000, 1})
    ->Args({10'000, 2'000, 2})
    ->Args({100'000, 20'000, 1})
    ->Args({100'000, 20'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);
// With `Policy::score_model` (docs/outcomes.md): the score is a probability,
// rows ranked on the model's linear form. Argument /*model=*/: 0 none (the
// weighted mean), 1 the synthetic truth's coefficients (all >= 0: bounds as
// without a model), 2 the same with a negative commute coefficient (no
// pruning by bound). Arguments: /*model=*/, /*threads=*/; Occitanie
// 10,000 x 3,000, the figure of bench/RESULTS.md.
void BM_ScoreRequestWithModel(benchmark::State& state) {
  MatchRequest request = Region("occitanie", 10'000, 3'000);
  const int64_t model = state.range(0);
  const int threads = static_cast<int>(state.range(1));
  if (model > 0) {
    request.policy.score_model = ScoreModel{-3.0,
                                            {{"skills", 2.0},
                                             {"occupation", 1.5},
                                             {"french", 1.0},
                                             {"commute", model == 2 ? -1.2 : 1.2},
                                             {"tension", 0.3},
                                             {"preferences", 0.6}}};
  }
  ScoreMatrix m;
  for (auto _ : state) {
    m = ScoreRequest(request, {.execution = {.threads = threads}});
    benchmark::DoNotOptimize(m.num_entries());
  }
  ReportCounters(state, m, 10'000, 3'000, threads);
}
BENCHMARK(BM_ScoreRequestWithModel)
    ->Args({0, 1})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(1.0);

// A dense département: every opening is within reach of every candidate, so
// nothing is pruned (all pairs examined).
BENCHMARK_CAPTURE(BM_ScoreRequest, val_de_marne, "val-de-marne")
    ->Args({10'000, 2'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);

// NameExcludedOpenings for every candidate of a region (the report asks it
// for the unplaced candidates without a usable opening only: an upper bound).
// Arguments: /*candidates=*/, /*openings=*/, /*threads=*/.
void BM_NameExcludedOpenings(benchmark::State& state) {
  const int64_t candidates = state.range(0), openings = state.range(1);
  const int threads = static_cast<int>(state.range(2));
  const MatchRequest& request = Region("occitanie", candidates, openings);
  std::vector<CandidateIndex> all(request.candidates.size());
  for (size_t c = 0; c < all.size(); ++c) all[c] = static_cast<CandidateIndex>(c);
  for (auto _ : state) {
    const ExcludedOpenings names =
        NameExcludedOpenings(request, all, kNamedOpeningsPerReason, {.execution = {.threads = threads}});
    benchmark::DoNotOptimize(names.num_candidates());
  }
  state.counters["candidates_per_s"] =
      benchmark::Counter(static_cast<double>(candidates), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_NameExcludedOpenings)
    ->Args({10'000, 3'000, 1})
    ->Args({100'000, 20'000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_EvaluatePair(benchmark::State& state) {
  const MatchRequest& request = Region("occitanie", 1'000, 200);
  CandidateIndex c = 0;
  OpeningIndex o = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(EvaluatePair(request, c, o));
    c = (c + 1) % 1'000;
    o = (o + 7) % 200;
  }
}
BENCHMARK(BM_EvaluatePair);

void BM_ExplainPair(benchmark::State& state) {
  const MatchRequest& request = Region("occitanie", 1'000, 200);
  const PairEvaluation e = EvaluatePair(request, 0, 0);
  for (auto _ : state) benchmark::DoNotOptimize(Explain(request, 0, 0, e, Language::kFrench));
}
BENCHMARK(BM_ExplainPair);

void BM_TaxonomyFromCsv(benchmark::State& state) {
  // Builds the built-in taxonomy's graph and proximity table from scratch.
  const Taxonomy& built_in = Taxonomy::BuiltIn();
  std::string csv = "code,label,tension,min_french_level,physical_demands,neighbours\n";
  for (OccupationId id = 0; id < built_in.size(); ++id) {
    csv += built_in.occupation(id).code + ",x,,,,";
    for (OccupationId n : built_in.Neighbours(id)) csv += built_in.occupation(n).code + ";";
    csv += "\n";
  }
  for (auto _ : state) benchmark::DoNotOptimize(Taxonomy::FromCsvString(csv).size());
}
BENCHMARK(BM_TaxonomyFromCsv)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace passerelle

BENCHMARK_MAIN();
