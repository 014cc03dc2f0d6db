// Private to src/scoring: pass 1's walk over a candidate's blocks, shared by
// its three versions (pass1_portable.cc, pass1_avx2.cc, pass1_avx512.cc):
// the reason counts summed in 6-bit lanes, and the counts handed back in a Pass1Result. Each
// version only says how it examines the openings of one block.
//
// One definition, three instruction sets. pass1_avx2.cc and pass1_avx512.cc
// are compiled with AVX flags (src/scoring/CMakeLists.txt), so the compiler
// may use those instructions in any function they define. Had they defined
// an inline function or a template instantiation with external linkage
// (weak, in a COMDAT group) that another file also defines, the linker would
// keep one of the copies, perhaps the AVX one, which would then run on any
// processor. Hence:
// - everything in this header is in an anonymous namespace: each file gets
//   its own copy, compiled with its own flags;
// - these helpers and the AVX files call no std:: function, template or
//   inline function of another header, only compiler intrinsics (inlined
//   always, never emitted) and plain arrays (not std::array, std::span or
//   std::min);
// - no AVX file has a static initialiser (it would run at start-up on every
//   processor): tables are constant-initialised;
// - the CPU check that chooses a version is in pass1.cc, compiled without
//   AVX flags.
// The CTest `scoring_avx_isolation` checks the AVX object files for weak
// symbols and static initialisers.
#ifndef PASSERELLE_SRC_SCORING_PASS1_BLOCK_H_
#define PASSERELLE_SRC_SCORING_PASS1_BLOCK_H_

#include <cstdint>

#include "pass1.h"
#include "passerelle/response.h"
#include "prepared.h"
#include "spatial_index.h"

namespace passerelle::scoring_internal {
namespace {

// Reason counts of pass 1 are summed in 6-bit lanes of a 64-bit word, lane r
// for ReasonCode r (1 to 9); kReasonLanes.lanes[v] spreads the bits of a
// violation set v.
constexpr int kLaneBits = 6;
constexpr int kLaneReasons = 10;
constexpr int32_t kLaneMax = (1 << kLaneBits) - 1;
constexpr uint32_t kLaneReasonMask = (1u << kLaneReasons) - 1;
static_assert(kBlock <= kLaneMax);
static_assert(kLaneReasons <= kNumExclusionCounts);

struct ReasonLaneTable {
  uint64_t lanes[1 << kLaneReasons];
};
constexpr ReasonLaneTable MakeReasonLanes() {
  ReasonLaneTable t{};
  for (uint32_t v = 0; v < (1u << kLaneReasons); ++v) {
    for (int r = 0; r < kLaneReasons; ++r) {
      if (v >> r & 1) t.lanes[v] |= uint64_t{1} << (kLaneBits * r);
    }
  }
  return t;
}
constexpr ReasonLaneTable kReasonLanes = MakeReasonLanes();

// The reasons pass 1 decides, as Bit(ReasonCode) constants (constant
// expressions: no call to Bit in the AVX files).
constexpr uint32_t kHealthRestrictionBit = Bit(ReasonCode::kHealthRestriction);
constexpr uint32_t kFrenchLevelTooLowBit = Bit(ReasonCode::kFrenchLevelTooLow);
constexpr uint32_t kAvailableTooLateBit = Bit(ReasonCode::kAvailableTooLate);
constexpr uint32_t kVehicleRequiredBit = Bit(ReasonCode::kVehicleRequired);
constexpr uint32_t kCommuteTooLongBit = Bit(ReasonCode::kCommuteTooLong);
constexpr int kVehicleRequiredIndex = static_cast<int>(ReasonCode::kVehicleRequired);

// Pass 1's counts while it walks the blocks (locals of the walk: once the
// version's block function is inlined they stay in registers).
struct Pass1Counts {
  uint64_t lanes = 0;       // reasons, in lanes (kReasonLanes)
  int32_t in_lanes = 0;     // openings counted in `lanes` since last emptied
  int32_t examined = 0;     // within the search circle
  int32_t vehicle = 0;      // of which in the car-only band
  int32_t out_of_project = 0;  // feasible, but outside the project
  int32_t num_found = 0;    // feasible pairs appended to Found
  int32_t num_overlap = 0;  // of which with skills left to compute
  uint32_t reach_bits = 0;  // nonzero: a checked opening is within own reach
};

inline void EmptyLanes(uint64_t lanes, int32_t* excluded) {
  for (int r = 1; r < kLaneReasons; ++r) {
    excluded[r] += static_cast<int32_t>((lanes >> (kLaneBits * r)) & kLaneMax);
  }
}

// Pass 1 over `blocks` (those the candidate's walk leaves, SpatialIndex::Walk:
// the caller adds the openings it counted in the band): for each,
// `examine(begin, end, counts)` looks at its openings `begin` to
// `end - 1` (`begin + kBlock` may go past `end` into the padding, whose NaN
// positions are never within a circle) and adds to `counts`: examined,
// vehicle, out of project, found and overlap pairs, reach, and its reasons
// to `lanes` (room is made for a whole block before each call).
template <typename ExamineBlock>
inline void WalkBlocks(const Pass1Layout& o, const int32_t* blocks,
                       int32_t num_blocks, const ExamineBlock& examine, Pass1Result* result) {
  Pass1Counts counts;
  int32_t excluded[kNumExclusionCounts] = {};
  for (int32_t i = 0; i < num_blocks; ++i) {
    const int32_t b = blocks[i];
    const int32_t begin = b * kBlock;
    const int32_t end = begin + kBlock < o.num_openings ? begin + kBlock : o.num_openings;
    if (counts.in_lanes + kBlock > kLaneMax) {
      EmptyLanes(counts.lanes, excluded);
      counts.lanes = 0;
      counts.in_lanes = 0;
    }
    counts.in_lanes += kBlock;
    examine(begin, end, counts);
  }
  EmptyLanes(counts.lanes, excluded);
  excluded[kVehicleRequiredIndex] += counts.vehicle;
  for (int r = 0; r < kNumExclusionCounts; ++r) result->excluded[r] = excluded[r];
  result->examined = counts.examined;
  result->out_of_project = counts.out_of_project;
  result->num_found = counts.num_found;
  result->num_overlap = counts.num_overlap;
  result->in_reach = counts.reach_bits != 0;
}

}  // namespace
}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_PASS1_BLOCK_H_
