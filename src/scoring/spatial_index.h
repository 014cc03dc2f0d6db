// Private to src/scoring: which openings a candidate should examine. Openings
// are stored in Z-order (Morton keys: memory order follows space, so a
// candidate's openings sit close together) and grouped in blocks of `kBlock`
// consecutive ones. A Boost.Geometry R-tree (packing construction,
// O(m log m)) indexes the blocks' bounding boxes in longitude and latitude:
// a candidate's query is the box around their search circle. A sphere around
// each block, in unit-vector space, then lets pass 1 decide whole blocks at
// once (see ClassifyBlock in pass1_block.h).
#ifndef PASSERELLE_SRC_SCORING_SPATIAL_INDEX_H_
#define PASSERELLE_SRC_SCORING_SPATIAL_INDEX_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "passerelle/model.h"
#include "prepared.h"

namespace passerelle::scoring_internal {

// Openings per block: a query returns 16x fewer values than with single
// openings, and each block is a contiguous run of memory.
inline constexpr int32_t kBlock = 16;

// A sphere in unit-vector space holding the positions of a block's openings,
// with a margin for rounding: every chord computed to an opening of the
// block lies within [distance to the centre - radius, distance + radius].
struct BlockSphere {
  double x, y, z, radius;
};

// Z-order key of a location, to store openings near each other in memory.
uint64_t MortonKey(const GeoPoint& p);

// Positions 0 to n - 1 sorted by the Morton key of `point(position)`
// (locations that are not finite first), ties by position.
template <typename PointOf>
std::vector<int32_t> ZOrder(int32_t n, const PointOf& point) {
  std::vector<std::pair<uint64_t, int32_t>> keys(n);
  for (int32_t k = 0; k < n; ++k) {
    const GeoPoint& p = point(k);
    keys[k] = {std::isfinite(p.latitude) && std::isfinite(p.longitude) ? MortonKey(p) : 0, k};
  }
  std::sort(keys.begin(), keys.end());
  std::vector<int32_t> order(n);
  for (int32_t k = 0; k < n; ++k) order[k] = keys[k].second;
  return order;
}

class SpatialIndex {
 public:
  // `order`: the openings of `request` in Z-order; `openings`: the same,
  // prepared (their unit vectors make the blocks' spheres).
  SpatialIndex(const MatchRequest& request, std::span<const int32_t> order,
               std::span<const OpeningData> openings);
  ~SpatialIndex();
  SpatialIndex(const SpatialIndex&) = delete;
  SpatialIndex& operator=(const SpatialIndex&) = delete;

  int32_t num_blocks() const { return static_cast<int32_t>(spheres_.size()); }
  // One sphere per block.
  const BlockSphere* spheres() const { return spheres_.data(); }

  // Replaces `blocks` by the blocks that may hold openings within squared
  // chord `chord2` of `home`, in the R-tree's order (every block when the
  // circle's box would wrap around a pole or the antimeridian). Thread-safe.
  void BlocksNear(const GeoPoint& home, double chord2, std::vector<int32_t>* blocks) const;

 private:
  struct Tree;  // the R-tree, kept out of this header with Boost
  std::unique_ptr<const Tree> tree_;
  std::vector<BlockSphere> spheres_;
};

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_SPATIAL_INDEX_H_
