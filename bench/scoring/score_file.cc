// Times ScoreRequest on a request file and prints a digest of the matrix, so
// that two builds can be compared for speed and for identical output.
//
// Usage: score_file REQUEST REPETITIONS [THREADS]
// Prints per repetition "wall_s=..." and once "pairs=... examined=...
// feasible=... digest=..." (FNV-1a over every row's pairs and every
// candidate's counts) and the exclusion counts summed by reason code.
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "passerelle/proto.h"
#include "passerelle/scoring.h"

namespace {

uint64_t Fnv(uint64_t h, const void* data, size_t bytes) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < bytes; ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s REQUEST REPETITIONS [THREADS]\n", argv[0]);
    return 2;
  }
  const passerelle::MatchRequest request = passerelle::ReadRequestFile(argv[1]);
  const int repetitions = std::stoi(argv[2]);
  passerelle::ScoringOptions options;
  options.execution.threads = argc > 3 ? std::stoi(argv[3]) : 2;
  for (int r = 0; r < repetitions; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const passerelle::ScoreMatrix m = passerelle::ScoreRequest(request, options);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("wall_s=%.3f\n", wall);
    if (r + 1 < repetitions) continue;
    uint64_t h = 0xcbf29ce484222325ULL;
    int64_t pairs = 0;
    std::array<int64_t, passerelle::kMaxReasonCode + 1> excluded_total{};
    for (int32_t c = 0; c < m.num_candidates(); ++c) {
      for (const passerelle::ScoredPair& p : m.row(c)) {
        // Field by field: the struct's padding is not part of the result.
        h = Fnv(h, &p.opening, sizeof p.opening);
        h = Fnv(h, &p.score, sizeof p.score);
        h = Fnv(h, &p.commute_minutes, sizeof p.commute_minutes);
        h = Fnv(h, &p.commute_mode, sizeof p.commute_mode);
        const float parts[6] = {p.skills, p.occupation, p.french, p.commute, p.tension, p.preferences};
        h = Fnv(h, parts, sizeof parts);
        ++pairs;
      }
      const passerelle::ExclusionCounts& e = m.excluded_counts(c);
      for (size_t r = 0; r < e.size(); ++r) excluded_total[r] += e[r];
      h = Fnv(h, e.data(), sizeof(e[0]) * e.size());
      const int32_t counts[3] = {m.examined(c), m.feasible(c), m.nothing_in_reach(c) ? 1 : 0};
      h = Fnv(h, counts, sizeof counts);
    }
    std::printf("pairs=%lld examined=%lld feasible=%lld digest=%016llx\n", static_cast<long long>(pairs),
                static_cast<long long>(m.pairs_examined()), static_cast<long long>(m.pairs_feasible()),
                static_cast<unsigned long long>(h));
    std::printf("excluded by reason code:");
    for (size_t r = 0; r < excluded_total.size(); ++r) {
      if (excluded_total[r] != 0) std::printf(" %zu=%lld", r, static_cast<long long>(excluded_total[r]));
    }
    std::printf("\n");
  }
  return 0;
}
