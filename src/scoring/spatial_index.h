// Private to src/scoring: which openings a candidate should examine. Openings
// are stored in Z-order (Morton keys: memory order follows space, so a
// candidate's openings sit close together) and grouped in blocks of `kBlock`
// consecutive ones. A sphere around each block, in unit-vector space, and a
// tree of spheres above them (each node around `kFanout` consecutive nodes
// of the level below, so a node holds a contiguous run of openings) let a
// candidate's walk decide whole nodes at once: beyond the search circle
// (skipped), wholly in the car-only band (counted, see pass1.h), or to be
// looked into; the blocks left are those pass 1 examines opening by opening.
#ifndef PASSERELLE_SRC_SCORING_SPATIAL_INDEX_H_
#define PASSERELLE_SRC_SCORING_SPATIAL_INDEX_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "passerelle/model.h"
#include "prepared.h"
#include "unit_sphere.h"

namespace passerelle::scoring_internal {

// Openings per block: each block is a contiguous run of memory, examined 8
// or 16 lanes at a time.
inline constexpr int32_t kBlock = 16;
// Nodes of a level per node of the level above.
inline constexpr int32_t kFanout = 8;

// A sphere in unit-vector space holding the positions of a node's openings,
// with a margin for rounding: every chord computed to an opening of the
// node lies within [distance to the centre - radius, distance + radius].
struct NodeSphere {
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
  // `openings`: prepared, in Z-order (their unit vectors make the spheres).
  explicit SpatialIndex(std::span<const OpeningData> openings);

  int32_t num_blocks() const { return num_blocks_; }

  // The walk of a candidate at unit vector `home`, with search circle
  // `search_chord2` and car-only band beyond `band_from` (squared chords;
  // `band_from` >= `search_chord2`: no band). Replaces `blocks` by the
  // blocks that may hold an opening within the circle and are not wholly in
  // the band (each once, in no set order: pass 1's results do not depend
  // on it), and returns how many openings lie in nodes wholly in the band
  // (within the circle and beyond `band_from`, whatever the rounding of a
  // chord computed to them: see the margins in spatial_index.cc). Every
  // opening within the circle is either in a returned block or counted,
  // once. Thread-safe.
  int32_t Walk(const Vec3& home, double search_chord2, double band_from,
               std::vector<int32_t>* blocks) const;

 private:
  // Blocks under a node of `level`.
  int64_t NodeSpan(int level) const;

  // The decisions for the kFanout children of a node (see Walk): bit j of
  // `deeper` (children to look into), `counted` (wholly in the band) and
  // `whole` (every block examined); the others are beyond the circle.
  struct ChildDecisions {
    uint32_t deeper = 0, counted = 0, whole = 0;
  };
  // The radii Walk compares with (see there).
  struct WalkRadii {
    double search_out, search_in, band_out, inner;
  };
  // Decides the children of a node from their spheres' fields (kFanout
  // each), for `home`; `leaves`: they are blocks.
  using DecideChildren = ChildDecisions (*)(const double* x, const double* y, const double* z,
                                            const double* radius, const Vec3& home,
                                            const WalkRadii& radii, bool leaves);
  static ChildDecisions DecidePortable(const double* x, const double* y, const double* z,
                                       const double* radius, const Vec3& home,
                                       const WalkRadii& radii, bool leaves);
  // x86-64 only; called only on processors with AVX-512 F and DQ.
  static ChildDecisions DecideAvx512(const double* x, const double* y, const double* z,
                                     const double* radius, const Vec3& home,
                                     const WalkRadii& radii, bool leaves);

  // A level's spheres, one array per field, padded to whole groups of
  // kFanout nodes (NaN centres).
  struct Level {
    std::vector<double> x, y, z, radius;
  };

  int32_t num_openings_ = 0;
  int32_t num_blocks_ = 0;
  // levels_[0]: one sphere per block; node i of levels_[l + 1] holds the
  // spheres of nodes i * kFanout to i * kFanout + kFanout - 1 of levels_[l];
  // the last level has one node.
  std::vector<Level> levels_;
  DecideChildren decide_ = nullptr;
};

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_SPATIAL_INDEX_H_
