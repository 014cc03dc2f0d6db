// Private to src/scoring: where the workers of `ScoreRequest` and
// `RankRequest` put each candidate's kept pairs, and how those rows become
// the matrix's CSR arrays.
//
// Direct rows: each row is written straight into the matrix, in a slot of
// max_pairs_per_candidate pairs at its candidate's place, and the rows are
// compacted in place at the end (nationally, with ScoreRequest's 40-byte
// pairs, this saves writing 1.4 GB twice against arena rows). The entries'
// storage is sized without being written: when a sample of rows shows they
// will make most slot pages resident, all the slots are backed in one call
// (see `Sample`); otherwise only the pages rows are written to are ever
// touched, so that the slots cost address space, not memory. The pages past
// the last row are then given back to the system.
// Arena rows: when the slots would take more address space than the limit
// (SetDirectRowsLimit), or cannot be reserved, rows wait in per-worker arenas
// and are copied once all are scored.
#ifndef PASSERELLE_SRC_SCORING_ROW_STORAGE_H_
#define PASSERELLE_SRC_SCORING_ROW_STORAGE_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "passerelle/scoring.h"

namespace passerelle {

// The only writer of a ScoreMatrix's private arrays (its friend).
class ScoreMatrixBuilder {
 public:
  template <typename Entry>
  static std::vector<int64_t>& offsets(BasicScoreMatrix<Entry>& m) { return m.row_offsets_; }
  template <typename Entry>
  static auto& entries(BasicScoreMatrix<Entry>& m) { return m.entries_; }
  template <typename Entry>
  static std::vector<CandidateScoreStats>& stats(BasicScoreMatrix<Entry>& m) { return m.stats_; }
  template <typename Entry>
  static void SetTotals(BasicScoreMatrix<Entry>& m, int32_t openings, int64_t examined, int64_t feasible) {
    m.num_openings_ = openings;
    m.pairs_examined_ = examined;
    m.pairs_feasible_ = feasible;
  }
};

namespace scoring_internal {

// Direct rows are used when their slots take at most this many bytes of
// address space (default 16 GiB). Tests set it to 0 to compare both ways.
// Not for use while ScoreRequest runs.
void SetDirectRowsLimit(int64_t bytes);

// Kept rows of one worker, appended to slabs of 8 MiB.
template <typename Entry>
class RowArena {
 public:
  RowArena() = default;
  RowArena(const RowArena&) = delete;
  RowArena& operator=(const RowArena&) = delete;
  ~RowArena();
  // Room for `n` pairs, contiguous.
  Entry* Take(size_t n) {
    if (n > left_) NewSlab(n);
    Entry* taken = next_;
    next_ += n;
    left_ -= n;
    return taken;
  }

 private:
  void NewSlab(size_t n);

  std::vector<Entry*> slabs_;
  Entry* next_ = nullptr;
  size_t left_ = 0;
};

// The rows of a matrix being scored. Each candidate's row is taken once, by
// one worker; rows of different candidates may be taken and written
// concurrently. `Entry`: the matrix's (ScoredPair or ScoredOpening).
template <typename Entry>
class RowStorage {
 public:
  // Rows of `num_candidates` candidates, at most `max_pairs` pairs each, for
  // `workers` workers, to end up in `matrix`.
  RowStorage(BasicScoreMatrix<Entry>* matrix, int32_t num_candidates, size_t max_pairs, int workers);
  RowStorage(const RowStorage&) = delete;
  RowStorage& operator=(const RowStorage&) = delete;

  // Room for candidate `i`'s row of `n` pairs (n <= max_pairs), for worker
  // `worker`, to be filled by the caller.
  Entry* Take(int worker, CandidateIndex i, int32_t n) {
    row_size_[i] = n;
    Entry* row = slots_ != nullptr ? slots_ + static_cast<size_t>(i) * max_pairs_
                                   : arenas_[worker].Take(static_cast<size_t>(n));
    row_data_[i] = row;
    return row;
  }

  // About how many bytes of memory a row of `n` pairs makes resident in its
  // slot: its pages, counting one page more for where it starts in the
  // first (slots smaller than a page share pages).
  int64_t ResidentBytes(int32_t n) const {
    if (n == 0) return 0;
    return std::min(slot_bytes_, n * static_cast<int64_t>(sizeof(Entry)) + page_bytes_);
  }
  // Reported by each worker after each chunk of candidates: `rows` rows
  // taken, whose ResidentBytes sum to `resident`. Once the rows of a sample
  // of candidates are in, if they make at least half their slots resident,
  // the rest of the direct slots is backed with memory in one call
  // (PopulateForWriting: about half the cost of faulting the pages in one by
  // one as rows are written); sparser rows leave the slots to page faults,
  // so that only the pages written are ever resident.
  void Sample(int64_t rows, int64_t resident);

  // Once every row is written (a candidate whose row was not taken has an
  // empty one): the matrix's offsets and entries, rows in candidate order,
  // with `threads` threads.
  void Finish(int threads);

 private:
  BasicScoreMatrix<Entry>* matrix_;
  int32_t num_candidates_;
  size_t max_pairs_;
  // Direct rows: the matrix's entries, a slot of max_pairs_ per candidate;
  // null: rows in arenas.
  Entry* slots_ = nullptr;
  std::vector<RowArena<Entry>> arenas_;
  int64_t slot_bytes_ = 0, page_bytes_ = 0;
  std::atomic<int64_t> sampled_rows_{0}, sampled_resident_{0};
  std::vector<int32_t> row_size_;
  // Where each candidate's row sits (in the matrix or an arena).
  std::vector<const Entry*> row_data_;
};

}  // namespace scoring_internal
}  // namespace passerelle

#endif  // PASSERELLE_SRC_SCORING_ROW_STORAGE_H_
