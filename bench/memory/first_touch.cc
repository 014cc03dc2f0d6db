// What a first write to fresh memory costs on this machine, and what
// backing it first saves (passerelle/internal/memory.h): maps MIB MiB, then
// writes one byte per 4 KiB page on THREADS threads, three ways in turn,
// REPS times, each on a fresh mapping:
//   fault     the writes alone (one page fault per page);
//   populate  MADV_POPULATE_WRITE first, then the writes;
//   huge      MADV_HUGEPAGE and MADV_POPULATE_WRITE first, then the writes.
// Prints, per way, the median seconds of backing and of writing.
// IDLE_MS: a pause before each mapping. Some virtual machines hand the
// memory a guest frees back to the host within a moment (free page
// reporting); memory freed just before then comes back far cheaper than
// memory the host took back (bench/RESULTS.md, "Issue 22, seventh round").
//
// Usage: first_touch [MIB=1600] [THREADS=1] [REPS=3] [IDLE_MS=0]   (Linux only)
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const size_t mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1600;
  const int threads = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
  const int reps = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  const int idle_ms = argc > 4 ? std::max(0, std::atoi(argv[4])) : 0;
  constexpr size_t kHuge = size_t{2} << 20, kPage = 4096;
  const size_t bytes = mib << 20;
  const char* ways[] = {"fault", "populate", "huge"};
  std::vector<double> backing[3], writing[3];
  for (int r = 0; r < reps; ++r) {
    for (int way = 0; way < 3; ++way) {
      std::this_thread::sleep_for(std::chrono::milliseconds(idle_ms));
      void* mapped = mmap(nullptr, bytes + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (mapped == MAP_FAILED) {
        std::perror("mmap");
        return 1;
      }
      // Aligned to a huge page, so that "huge" can use whole ones.
      auto* p = reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(mapped) + kHuge - 1) / kHuge * kHuge);
      const double t0 = Now();
      if (way == 2 && madvise(p, bytes, MADV_HUGEPAGE) != 0) std::perror("madvise(MADV_HUGEPAGE)");
      if (way >= 1 && madvise(p, bytes, MADV_POPULATE_WRITE) != 0) std::perror("madvise(MADV_POPULATE_WRITE)");
      const double t1 = Now();
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
          const size_t from = bytes / kPage * t / threads * kPage, to = bytes / kPage * (t + 1) / threads * kPage;
          for (size_t at = from; at < to; at += kPage) p[at] = 1;
        });
      }
      for (std::thread& thread : pool) thread.join();
      const double t2 = Now();
      backing[way].push_back(t1 - t0);
      writing[way].push_back(t2 - t1);
      munmap(mapped, bytes + kHuge);
    }
  }
  std::printf("%zu MiB, %d thread(s), median of %d, %d ms idle before each\n", mib, threads, reps, idle_ms);
  for (int way = 0; way < 3; ++way) {
    const double b = Median(backing[way]), w = Median(writing[way]);
    std::printf("%-9s backing %.3f s  writing %.3f s  total %.3f s  (%.2f us per page)\n", ways[way], b, w, b + w,
                1e6 * (b + w) / static_cast<double>(bytes / kPage));
  }
  return 0;
}
