// Row storage of ScoreRequest (row_storage.h): direct rows and their
// compaction, arenas and their concatenation, the tail given back.
#include "row_storage.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "passerelle/internal/memory.h"
#include "passerelle/internal/parallel.h"

namespace passerelle::scoring_internal {
namespace {

std::atomic<int64_t> direct_rows_limit{int64_t{16} << 30};

constexpr size_t kSlabBytes = size_t{8} << 20;

// Gives the pages of `v`'s storage past its size back to the system (they
// read as zeros if touched again). Only large arrays, which the allocator
// maps on their own, and only on Linux; elsewhere a no-op.
template <typename Vector>
void ReleaseTail(Vector& v) {
#if defined(__linux__)
  constexpr size_t kMinBytes = size_t{64} << 20;
  const size_t bytes = v.capacity() * sizeof(typename Vector::value_type);
  if (bytes < kMinBytes) return;
  const auto page = static_cast<uintptr_t>(internal::PageBytes());
  const auto base = reinterpret_cast<uintptr_t>(v.data());
  const uintptr_t from =
      (base + v.size() * sizeof(typename Vector::value_type) + page - 1) / page * page;
  const uintptr_t to = (base + bytes) / page * page;
  if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
#else
  (void)v;
#endif
}

}  // namespace

void SetDirectRowsLimit(int64_t bytes) {
  direct_rows_limit.store(bytes, std::memory_order_relaxed);
}

template <typename Entry>
RowArena<Entry>::~RowArena() {
  for (Entry* slab : slabs_) ::operator delete(slab);
}

template <typename Entry>
void RowArena<Entry>::NewSlab(size_t n) {
  const size_t size = std::max(kSlabBytes / sizeof(Entry), n);
  slabs_.reserve(slabs_.size() + 1);
  // Raw storage: pairs (implicit-lifetime aggregates) are copied into it.
  next_ = static_cast<Entry*>(::operator new(size * sizeof(Entry)));
  slabs_.push_back(next_);
  left_ = size;
}

template <typename Entry>
RowStorage<Entry>::RowStorage(BasicScoreMatrix<Entry>* matrix, int32_t num_candidates,
                              size_t max_pairs, int workers)
    : matrix_(matrix),
      num_candidates_(num_candidates),
      max_pairs_(max_pairs),
      arenas_(static_cast<size_t>(workers)),
      row_size_(num_candidates, 0),
      row_data_(num_candidates, nullptr) {
  auto& entries = ScoreMatrixBuilder::entries(*matrix);
  if (const int64_t limit = direct_rows_limit.load(std::memory_order_relaxed);
      static_cast<int64_t>(max_pairs) <=
      limit / static_cast<int64_t>(sizeof(Entry)) / std::max(1, num_candidates)) {
    try {
      // Address space only: no writes.
      entries.resize(static_cast<size_t>(num_candidates) * max_pairs);
      slots_ = entries.data();
      slot_bytes_ = static_cast<int64_t>(max_pairs * sizeof(Entry));
      page_bytes_ = static_cast<int64_t>(internal::PageBytes());
    } catch (const std::bad_alloc&) {
      entries = {};
    }
  }
}

template <typename Entry>
void RowStorage<Entry>::Sample(int64_t rows, int64_t resident) {
  if (slots_ == nullptr) return;
  const int64_t sample = std::min<int64_t>(num_candidates_, std::max<int64_t>(4096, num_candidates_ / 32));
  const int64_t resident_before = sampled_resident_.fetch_add(resident);
  const int64_t rows_before = sampled_rows_.fetch_add(rows);
  // The one report that completes the sample decides.
  if (rows_before >= sample || rows_before + rows < sample) return;
  if (2 * (resident_before + resident) < (rows_before + rows) * slot_bytes_) return;
  internal::PopulateForWriting(slots_, static_cast<size_t>(num_candidates_) * max_pairs_ * sizeof(Entry));
}

template <typename Entry>
void RowStorage<Entry>::Finish(int threads) {
  auto& entries = ScoreMatrixBuilder::entries(*matrix_);
  auto& offsets = ScoreMatrixBuilder::offsets(*matrix_);
  const CandidateIndex n = num_candidates_;
  offsets.assign(n + 1, 0);
  for (CandidateIndex i = 0; i < n; ++i) offsets[i + 1] = offsets[i] + row_size_[i];
  if (slots_ != nullptr) {
    // Compact in place, left to right (a row only moves down, over rows
    // already moved or its own old slot).
    for (CandidateIndex i = 0; i < n; ++i) {
      if (row_size_[i] > 0 && row_data_[i] != entries.data() + offsets[i]) {
        std::memmove(entries.data() + offsets[i], row_data_[i], row_size_[i] * sizeof(Entry));
      }
    }
    entries.resize(static_cast<size_t>(offsets[n]));
    ReleaseTail(entries);
    return;
  }
  // Concatenate rows in candidate order, each thread a range of candidates
  // holding about the same number of pairs.
  entries.resize(static_cast<size_t>(offsets[n]));  // no writes
  internal::ForSlices(threads, threads, [&](int64_t t, int64_t) {
    const int64_t total = offsets[n];
    const auto from = static_cast<CandidateIndex>(
        std::lower_bound(offsets.begin(), offsets.end(), total * t / threads) - offsets.begin());
    const auto to = static_cast<CandidateIndex>(
        std::lower_bound(offsets.begin(), offsets.end(), total * (t + 1) / threads) -
        offsets.begin());
    for (CandidateIndex i = from; i < std::min(to, n); ++i) {
      std::copy(row_data_[i], row_data_[i] + row_size_[i], entries.begin() + offsets[i]);
    }
  });
}

template class RowArena<ScoredPair>;
template class RowArena<ScoredOpening>;
template class RowStorage<ScoredPair>;
template class RowStorage<ScoredOpening>;

}  // namespace passerelle::scoring_internal
