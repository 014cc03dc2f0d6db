// Backing large arrays with memory before they are written. Not part of the
// API: may change without notice.
//
// The first write to each page of fresh memory costs a page fault. On some
// virtual machines (shadow page tables) a fault costs 5-10 us, so that the
// arrays of a national run (gigabytes) spend seconds in faults. One
// MADV_POPULATE_WRITE call backs a whole range at once: the writes that
// follow then cost about half as much (measured in bench/RESULTS.md).
// Only for memory that is about to be written in full: a populated page is
// resident whether it is written or not.
#ifndef PASSERELLE_INTERNAL_MEMORY_H_
#define PASSERELLE_INTERNAL_MEMORY_H_

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace passerelle::internal {

// Ranges smaller than this are left to page faults (one call costs about
// what a few faults do).
inline constexpr size_t kPopulateMinBytes = size_t{1} << 20;

// Backs the whole pages within [data, data + bytes) with zeroed, writable
// memory now. Contents already there are kept. A no-op for small ranges,
// outside Linux, and on kernels without MADV_POPULATE_WRITE (before 5.14),
// where the writes fault page by page as before.
inline void PopulateForWriting(void* data, size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  if (bytes < kPopulateMinBytes) return;
  static const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<uintptr_t>(data);
  const uintptr_t from = (begin + page - 1) / page * page;
  const uintptr_t to = (begin + bytes) / page * page;
  if (to > from) (void)madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE);
#else
  (void)data;
  (void)bytes;
#endif
}

// Resizes `v`, a vector whose allocator writes nothing on growth
// (UninitializedAllocator), to `size` elements, and backs the new elements'
// pages (see PopulateForWriting): for arrays sized first, then filled.
template <typename Vector>
void ResizeForWriting(Vector& v, size_t size) {
  const size_t before = v.size();
  v.resize(size);
  if (size > before) {
    PopulateForWriting(v.data() + before, (size - before) * sizeof(typename Vector::value_type));
  }
}

}  // namespace passerelle::internal

#endif  // PASSERELLE_INTERNAL_MEMORY_H_
