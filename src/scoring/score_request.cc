// ScoreRequest (passerelle/scoring.h): the orchestration. Checks and
// prepares the request, builds the spatial index and pass 1's columns, then
// scores candidates in Z-order (neighbours examine mostly the same openings,
// still in cache), in fixed chunks over threads, each row into the matrix
// (row_storage.h). Each row depends on its candidate only, so the matrix is
// the same whatever the thread count and the order.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "candidate_scorer.h"
#include "pass1.h"
#include "passerelle/error.h"
#include "passerelle/validate.h"
#include "passerelle/internal/parallel.h"
#include "passerelle/scoring.h"
#include "prepared.h"
#include "row_storage.h"
#include "score_bound.h"
#include "spatial_index.h"

namespace passerelle {

using namespace scoring_internal;

namespace {

// Candidates per chunk: the unit of work a thread takes at a time.
constexpr int32_t kChunk = 64;

// Throws the problems of `request` found so far, then those of every
// candidate, in candidate order.
[[noreturn]] void ThrowProblems(const MatchRequest& request, const ValidationOptions& validation,
                                std::vector<std::string> problems) {
  const auto num_candidates = static_cast<CandidateIndex>(request.candidates.size());
  for (CandidateIndex i = 0; i < num_candidates; ++i) {
    CollectCandidateProblems(request, i, &problems, validation);
  }
  throw ValidationError(std::move(problems));
}

// ScoreRequest (Entry: ScoredPair) and RankRequest (ScoredOpening).
template <typename Entry>
BasicScoreMatrix<Entry> ScoreRows(const MatchRequest& given, const ScoringOptions& options) {
  MatchRequest resolved;
  const MatchRequest& request = Resolved(given, &resolved);
  const Taxonomy& taxonomy = options.taxonomy != nullptr ? *options.taxonomy : Taxonomy::BuiltIn();
  const auto num_openings = static_cast<int32_t>(request.openings.size());
  const auto num_candidates = static_cast<int32_t>(request.candidates.size());
  // The request validator's checks, record by record: candidates on the
  // worker threads that score them.
  const ValidationOptions validation{.is_known_occupation = [&](std::string_view code) { return taxonomy.Contains(code); }};
  std::vector<std::string> problems;
  Context ctx;
  std::vector<int32_t> order;
  std::vector<OpeningData> openings;
  PrepareOpenings(request, taxonomy, validation, &ctx, &order, &openings, &problems);
  // Report the candidates' problems too, then stop.
  if (!problems.empty()) ThrowProblems(request, validation, std::move(problems));

  const SpatialIndex index(openings);
  const Pass1Openings pass1_openings(ctx, openings);
  const std::vector<double> commute_table = CommuteBoundTable(ctx);
  CheapTables cheap_tables;
  FillCheapTables(ctx, &cheap_tables);
  const ScoringInputs inputs{.ctx = &ctx,
                             .openings = openings,
                             .order = order,
                             .index = &index,
                             .pass1_openings = &pass1_openings,
                             .pass1 = ChoosePass1Kernel(),
                             .commute_table = commute_table.data(),
                             .cheap_tables = &cheap_tables,
                             .vehicle_band = ctx.constraints.vehicle && ctx.constraints.commute,
                             .breakdowns = std::is_same_v<Entry, ScoredPair>};

  BasicScoreMatrix<Entry> matrix;
  auto& stats = ScoreMatrixBuilder::stats(matrix);
  stats.assign(num_candidates, {});
  // Candidates are visited in Z-order too, so that consecutive candidates
  // examine mostly the same openings, still in cache.
  const std::vector<CandidateIndex> visit =
      ZOrder(num_candidates,
             [&](CandidateIndex i) -> const GeoPoint& { return request.candidates[i].home; });
  const int32_t num_chunks = (num_candidates + kChunk - 1) / kChunk;
  int threads = internal::ResolveThreads(options.execution.threads);
  threads = std::max(1, std::min(threads, num_chunks));
  RowStorage<Entry> rows(&matrix, num_candidates, static_cast<size_t>(ctx.max_pairs), threads);
  std::vector<std::vector<std::string>> chunk_problems(num_chunks);
  std::atomic<int32_t> next_chunk{0};
  std::atomic<int64_t> total_examined{0}, total_feasible{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;

  auto worker = [&](int worker_index) {
    try {
      CandidateScorer scorer(inputs);
      int64_t examined_here = 0, feasible_here = 0;
      for (int32_t chunk; (chunk = next_chunk.fetch_add(1)) < num_chunks;) {
        const CandidateIndex first = chunk * kChunk;
        const CandidateIndex last = std::min(num_candidates, first + kChunk);
        int64_t resident_here = 0;
        for (CandidateIndex visited = first; visited < last; ++visited) {
          const CandidateIndex i = visit[visited];
          if (!CollectCandidateProblems(request, i, &chunk_problems[chunk], validation)) continue;
          CandidateScoreStats& st = stats[i];
          scorer.Score(i, &st);
          examined_here += st.examined;
          feasible_here += st.feasible;
          resident_here += rows.ResidentBytes(scorer.row_size());
          scorer.WriteRow(rows.Take(worker_index, i, scorer.row_size()));
        }
        rows.Sample(last - first, resident_here);
      }
      total_examined += examined_here;
      total_feasible += feasible_here;
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next_chunk = num_chunks;
    }
  };
  // The worker catches everything: RunWorkers has nothing to rethrow.
  internal::RunWorkers(threads, worker);
  if (failure) std::rethrow_exception(failure);
  if (std::any_of(chunk_problems.begin(), chunk_problems.end(),
                  [](const auto& list) { return !list.empty(); })) {
    // Chunks follow the visiting order: list the problems again, by index.
    ThrowProblems(request, validation, std::move(problems));
  }
  rows.Finish(threads);
  ScoreMatrixBuilder::SetTotals(matrix, num_openings, total_examined.load(), total_feasible.load());
  return matrix;
}

}  // namespace

ScoreMatrix ScoreRequest(const MatchRequest& request, const ScoringOptions& options) {
  return ScoreRows<ScoredPair>(request, options);
}

ScoreRanking RankRequest(const MatchRequest& request, const ScoringOptions& options) {
  return ScoreRows<ScoredOpening>(request, options);
}

}  // namespace passerelle
