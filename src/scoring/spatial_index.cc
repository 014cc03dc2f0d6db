// The spatial index of spatial_index.h: Morton keys, the R-tree of blocks
// (Boost.Geometry), the boxes around search circles, the blocks' spheres.
#include "spatial_index.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

#include "unit_sphere.h"

namespace passerelle::scoring_internal {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using Point = bg::model::point<double, 2, bg::cs::cartesian>;  // (lon, lat) degrees
using Box = bg::model::box<Point>;
using Value = std::pair<Box, int32_t>;  // a block's bounding box, its index
using RTree = bgi::rtree<Value, bgi::rstar<16>>;

// Boxes (in lon/lat degrees) covering the spherical cap of great-circle
// radius `chord2` (squared chord) around `home`. Empty result: everything.
bool CapBox(const GeoPoint& home, double chord2, Box* box) {
  if (!(chord2 < 4.0)) return false;
  constexpr double kRadToDeg = 180.0 / 3.14159265358979323846;
  const double angle = 2 * std::asin(0.5 * std::sqrt(chord2));  // radians
  const double margin = 1e-9;
  const double dlat = angle * kRadToDeg * (1 + 1e-9) + margin;
  const double lat_min = home.latitude - dlat, lat_max = home.latitude + dlat;
  if (lat_min <= -90 || lat_max >= 90) return false;
  const double ratio = std::sin(angle) / std::cos(home.latitude * kDegToRad);
  if (ratio >= 1) return false;
  const double dlon = std::asin(ratio) * kRadToDeg * (1 + 1e-9) + margin;
  if (home.longitude - dlon < -180 || home.longitude + dlon > 180) return false;
  *box = Box(Point(home.longitude - dlon, lat_min), Point(home.longitude + dlon, lat_max));
  return true;
}

}  // namespace

struct SpatialIndex::Tree {
  RTree rtree;
};

uint64_t MortonKey(const GeoPoint& p) {
  auto spread = [](uint64_t x) {
    x &= 0xffffffff;
    x = (x | (x << 16)) & 0x0000ffff0000ffffULL;
    x = (x | (x << 8)) & 0x00ff00ff00ff00ffULL;
    x = (x | (x << 4)) & 0x0f0f0f0f0f0f0f0fULL;
    x = (x | (x << 2)) & 0x3333333333333333ULL;
    x = (x | (x << 1)) & 0x5555555555555555ULL;
    return x;
  };
  const auto lat = static_cast<uint64_t>((p.latitude + 90.0) / 180.0 * 65535.0);
  const auto lon = static_cast<uint64_t>((p.longitude + 180.0) / 360.0 * 65535.0);
  return spread(lat) << 1 | spread(lon);
}

SpatialIndex::SpatialIndex(const MatchRequest& request, std::span<const int32_t> order,
                           std::span<const OpeningData> openings) {
  const auto num_openings = static_cast<int32_t>(openings.size());
  const int32_t num_blocks = (num_openings + kBlock - 1) / kBlock;
  auto tree = std::make_unique<Tree>();
  {
    std::vector<Value> values(num_blocks);
    for (int32_t b = 0; b < num_blocks; ++b) {
      Box box;
      bg::assign_inverse(box);
      for (int32_t k = b * kBlock; k < std::min(num_openings, (b + 1) * kBlock); ++k) {
        const GeoPoint& p = request.openings[order[k]].location;
        bg::expand(box, Point(p.longitude, p.latitude));
      }
      values[b] = {box, b};
    }
    tree->rtree = RTree(values.begin(), values.end());  // packing construction
  }
  tree_ = std::move(tree);
  spheres_.resize(num_blocks);
  for (int32_t b = 0; b < num_blocks; ++b) {
    BlockSphere& sphere = spheres_[b];
    const int32_t begin = b * kBlock, end = std::min(num_openings, (b + 1) * kBlock);
    double x = 0, y = 0, z = 0;
    for (int32_t k = begin; k < end; ++k) {
      x += openings[k].p.x;
      y += openings[k].p.y;
      z += openings[k].p.z;
    }
    sphere.x = x / (end - begin);
    sphere.y = y / (end - begin);
    sphere.z = z / (end - begin);
    double r2 = 0;
    for (int32_t k = begin; k < end; ++k) {
      const Vec3& p = openings[k].p;
      const double dx = sphere.x - p.x, dy = sphere.y - p.y, dz = sphere.z - p.z;
      r2 = std::max(r2, dx * dx + dy * dy + dz * dz);
    }
    sphere.radius = std::sqrt(r2) * (1 + 1e-9) + 1e-12;
  }
}

SpatialIndex::~SpatialIndex() = default;

void SpatialIndex::BlocksNear(const GeoPoint& home, double chord2,
                              std::vector<int32_t>* blocks) const {
  blocks->clear();
  Box box;
  if (CapBox(home, chord2, &box)) {
    tree_->rtree.query(bgi::intersects(box),
                       boost::make_function_output_iterator(
                           [&](const Value& v) { blocks->push_back(v.second); }));
  } else {
    blocks->resize(num_blocks());
    for (int32_t b = 0; b < num_blocks(); ++b) (*blocks)[b] = b;
  }
}

}  // namespace passerelle::scoring_internal
