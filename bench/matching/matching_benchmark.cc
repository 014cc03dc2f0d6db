// End-to-end matching workloads: what an operator runs (a region in one
// batch) and what a counsellor does (one change, then a warm re-solve).
// Requests are generated outside the timed loop.
#include <benchmark/benchmark.h>

#include "passerelle/matcher.h"
#include "passerelle/synthetic.h"

namespace passerelle {
namespace {

MatchRequest Region(int64_t candidates, int64_t openings) {
  synthetic::GeneratorOptions options;
  options.region = "occitanie";
  options.candidates = candidates;
  options.openings = openings;
  options.seed = 1;
  return synthetic::Generate(options);
}

// Scoring, network, optimisation and the explained response.
void BM_MatchEndToEnd(benchmark::State& state) {
  const MatchRequest request = Region(state.range(0), state.range(1));
  int64_t placements = 0;
  for (auto _ : state) {
    const MatchResponse response = Match(request);
    placements = response.summary.placements;
    benchmark::DoNotOptimize(placements);
  }
  state.counters["placements"] = static_cast<double>(placements);
}
BENCHMARK(BM_MatchEndToEnd)
    ->Args({/*num_candidates=*/1000, /*num_openings=*/300})
    ->Args({/*num_candidates=*/10000, /*num_openings=*/3000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A counsellor bans the first placement of the previous answer, then
// re-solves: scores are kept, the optimiser starts from the last solution.
void BM_WarmResolveAfterOneBan(benchmark::State& state) {
  Matcher session(Region(state.range(0), state.range(1)));
  const MatchResponse first = session.Solve();
  size_t next = 0;
  MatchTimings total;
  for (auto _ : state) {
    state.PauseTiming();
    const Placement& p = first.placements[next++ % first.placements.size()];
    session.Ban(p.candidate_id, p.opening_id, "declined");
    state.ResumeTiming();
    benchmark::DoNotOptimize(session.Solve().summary.placements);
    state.PauseTiming();
    const MatchTimings& t = session.timings();
    total.scoring += t.scoring, total.network += t.network, total.solve += t.solve, total.report += t.report;
    session.ClearOverride(p.candidate_id, p.opening_id);
    session.Solve();
    state.ResumeTiming();
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["scoring_ms"] = 1e3 * total.scoring / n;
  state.counters["network_ms"] = 1e3 * total.network / n;
  state.counters["solve_ms"] = 1e3 * total.solve / n;
  state.counters["report_ms"] = 1e3 * total.report / n;
}
BENCHMARK(BM_WarmResolveAfterOneBan)
    ->Args({/*num_candidates=*/10000, /*num_openings=*/3000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The same change solved cold, for the ratio.
void BM_ColdResolveAfterOneBan(benchmark::State& state) {
  MatchRequest request = Region(state.range(0), state.range(1));
  const MatchResponse first = Match(request);
  const Placement& p = first.placements.front();
  for (CandidateIndex c = 0; c < static_cast<CandidateIndex>(request.candidates.size()); ++c) {
    if (request.candidates[c].id != p.candidate_id) continue;
    for (OpeningIndex o = 0; o < static_cast<OpeningIndex>(request.openings.size()); ++o) {
      if (request.openings[o].id == p.opening_id) request.bans.push_back({c, o, "declined"});
    }
  }
  for (auto _ : state) benchmark::DoNotOptimize(Match(request).summary.placements);
}
BENCHMARK(BM_ColdResolveAfterOneBan)
    ->Args({/*num_candidates=*/10000, /*num_openings=*/3000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace passerelle

BENCHMARK_MAIN();
