// The spatial index of spatial_index.h: Morton keys, the blocks' spheres and
// the tree above them, a candidate's walk.
#include "spatial_index.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

// The children's decisions on AVX-512 (DecideAvx512): x86-64 with GCC or
// Clang (their intrinsics and target attribute).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PASSERELLE_WALK_AVX512 1
#include <immintrin.h>
#endif

#include "pass1.h"
#include "unit_sphere.h"

namespace passerelle::scoring_internal {

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

SpatialIndex::SpatialIndex(std::span<const OpeningData> openings)
    : num_openings_(static_cast<int32_t>(openings.size())),
      num_blocks_((num_openings_ + kBlock - 1) / kBlock) {
  const int32_t num_blocks = num_blocks_;
  std::vector<NodeSphere> blocks(num_blocks);
  for (int32_t b = 0; b < num_blocks; ++b) {
    NodeSphere& sphere = blocks[b];
    const int32_t begin = b * kBlock, end = std::min(num_openings_, (b + 1) * kBlock);
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
  std::vector<std::vector<NodeSphere>> levels;
  levels.push_back(std::move(blocks));
  // Each level's node: a sphere holding its children's spheres (centred on
  // their mean centre, radius the farthest child's distance plus its radius,
  // with the same margins as a block's).
  while (levels.back().size() > 1) {
    const std::vector<NodeSphere>& below = levels.back();
    const auto n = static_cast<int32_t>(below.size());
    std::vector<NodeSphere> level((n + kFanout - 1) / kFanout);
    for (int32_t i = 0; i < static_cast<int32_t>(level.size()); ++i) {
      const int32_t begin = i * kFanout, end = std::min(n, begin + kFanout);
      NodeSphere& sphere = level[i];
      double x = 0, y = 0, z = 0;
      for (int32_t j = begin; j < end; ++j) x += below[j].x, y += below[j].y, z += below[j].z;
      sphere.x = x / (end - begin);
      sphere.y = y / (end - begin);
      sphere.z = z / (end - begin);
      double r = 0;
      for (int32_t j = begin; j < end; ++j) {
        const double dx = sphere.x - below[j].x, dy = sphere.y - below[j].y, dz = sphere.z - below[j].z;
        r = std::max(r, std::sqrt(dx * dx + dy * dy + dz * dz) + below[j].radius);
      }
      sphere.radius = r * (1 + 1e-9) + 1e-12;
    }
    levels.push_back(std::move(level));
  }
  decide_ = DecidePortable;
#if PASSERELLE_WALK_AVX512
  // With pass 1's AVX-512 version (the same processor check, and the same
  // cap for tests).
  if (ChoosePass1Kernel() == Pass1Avx512) decide_ = DecideAvx512;
#endif
  // Each level's spheres as four arrays, padded to whole groups of kFanout
  // (the children of one node): padding centres are NaN, beyond any circle.
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  for (const std::vector<NodeSphere>& level : levels) {
    const size_t padded = (level.size() + kFanout - 1) / kFanout * kFanout;
    Level& soa = levels_.emplace_back();
    for (std::vector<double>* v : {&soa.x, &soa.y, &soa.z}) v->assign(padded, kNaN);
    soa.radius.assign(padded, 0.0);
    for (size_t i = 0; i < level.size(); ++i) {
      soa.x[i] = level[i].x, soa.y[i] = level[i].y, soa.z[i] = level[i].z;
      soa.radius[i] = level[i].radius;
    }
  }
}

int64_t SpatialIndex::NodeSpan(int level) const {
  int64_t span = 1;
  for (int l = 0; l < level; ++l) span *= kFanout;
  return span;
}

SpatialIndex::ChildDecisions SpatialIndex::DecidePortable(const double* x, const double* y,
                                                          const double* z, const double* r,
                                                          const Vec3& home, const WalkRadii& w,
                                                          bool leaves) {
  ChildDecisions out;
  for (int j = 0; j < kFanout; ++j) {
    const double dx = home.x - x[j], dy = home.y - y[j], dz = home.z - z[j];
    const double d2 = dx * dx + dy * dy + dz * dz;
    const double s_out = w.search_out + r[j], s_in = w.search_in - r[j];
    const double b_out = w.band_out + r[j], in = w.inner - r[j];
    // NaN centres (padding) compare false: beyond.
    if (!(d2 <= s_out * s_out)) continue;
    if (s_in >= 0 && d2 <= s_in * s_in && d2 > b_out * b_out) {
      out.counted |= 1u << j;
    } else if (leaves || (in >= 0 && d2 <= in * in)) {
      out.whole |= 1u << j;
    } else {
      out.deeper |= 1u << j;
    }
  }
  return out;
}

#if PASSERELLE_WALK_AVX512
// The same decisions, 8 children at once. Compiled for AVX-512 by its
// attribute alone (this file has no AVX flags: the inline functions it calls
// are emitted for every processor), called only on processors that have it.
static_assert(kFanout == 8);
__attribute__((target("avx512f,avx512dq"))) SpatialIndex::ChildDecisions
SpatialIndex::DecideAvx512(const double* x, const double* y, const double* z, const double* r,
                           const Vec3& home, const WalkRadii& w, bool leaves) {
  const __m512d rr = _mm512_loadu_pd(r);
  const __m512d dx = _mm512_sub_pd(_mm512_set1_pd(home.x), _mm512_loadu_pd(x));
  const __m512d dy = _mm512_sub_pd(_mm512_set1_pd(home.y), _mm512_loadu_pd(y));
  const __m512d dz = _mm512_sub_pd(_mm512_set1_pd(home.z), _mm512_loadu_pd(z));
  const __m512d d2 = _mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(dx, dx), _mm512_mul_pd(dy, dy)),
                                   _mm512_mul_pd(dz, dz));
  const __m512d s_out = _mm512_add_pd(_mm512_set1_pd(w.search_out), rr);
  const __m512d s_in = _mm512_sub_pd(_mm512_set1_pd(w.search_in), rr);
  const __m512d b_out = _mm512_add_pd(_mm512_set1_pd(w.band_out), rr);
  const __m512d in = _mm512_sub_pd(_mm512_set1_pd(w.inner), rr);
  const __m512d zero = _mm512_setzero_pd();
  const __mmask8 within = _mm512_cmp_pd_mask(d2, _mm512_mul_pd(s_out, s_out), _CMP_LE_OQ);
  const __mmask8 counted = within & _mm512_cmp_pd_mask(s_in, zero, _CMP_GE_OQ) &
                           _mm512_cmp_pd_mask(d2, _mm512_mul_pd(s_in, s_in), _CMP_LE_OQ) &
                           _mm512_cmp_pd_mask(d2, _mm512_mul_pd(b_out, b_out), _CMP_GT_OQ);
  const __mmask8 inside = leaves ? 0xff
                                 : _mm512_cmp_pd_mask(in, zero, _CMP_GE_OQ) &
                                       _mm512_cmp_pd_mask(d2, _mm512_mul_pd(in, in), _CMP_LE_OQ);
  ChildDecisions out;
  out.counted = counted;
  out.whole = within & ~counted & inside;
  out.deeper = within & ~counted & ~inside & 0xff;
  return out;
}
#endif

int32_t SpatialIndex::Walk(const Vec3& home, double search_chord2, double band_from,
                           std::vector<int32_t>* blocks) const {
  blocks->clear();
  if (num_openings_ == 0) return 0;
  // A node of centre c and radius r holds points at chords within
  // [d - r, d + r] of home, d = |home - c|. The circle's and the band's
  // radii widened or narrowed by a relative 1e-12 (far more than the
  // rounding of d and of the chords pass 1 computes to openings), so that a
  // node's decision is the one each of its openings' tests would make; the
  // tests compare squares (no root per node).
  const double search = std::sqrt(search_chord2), band = std::sqrt(std::max(0.0, band_from));
  WalkRadii w;
  w.search_out = search * (1 + 1e-12);
  w.search_in = search * (1 - 1e-12);
  w.band_out = band * (1 + 1e-12);
  // Within it, no block is skipped or counted: whole nodes go to `blocks`.
  w.inner = std::min(w.search_in, band * (1 - 1e-12));
  int32_t in_band = 0;
  // Depth first. The stack holds (level, node) of the nodes whose children
  // are left to decide: at most kFanout per level, and 2^31 openings make
  // 10 levels above the blocks.
  struct Entry {
    int level;
    int32_t node;
  };
  Entry stack[16 * kFanout];
  int top = 0;
  // The root, as the only child of a node above it.
  stack[top++] = {static_cast<int>(levels_.size()), 0};
  while (top > 0) {
    const Entry e = stack[--top];
    const int level = e.level - 1;
    const Level& l = levels_[level];
    const size_t at = static_cast<size_t>(e.node) * kFanout;
    const ChildDecisions d =
        decide_(&l.x[at], &l.y[at], &l.z[at], &l.radius[at], home, w, level == 0);
    const int64_t span = NodeSpan(level);
    // Children to look into, last to first (so the first is walked first).
    for (uint32_t rest = d.deeper; rest != 0; rest &= ~(1u << (31 - __builtin_clz(rest)))) {
      stack[top++] = {level, static_cast<int32_t>(at) + 31 - __builtin_clz(rest)};
    }
    for (uint32_t rest = d.counted; rest != 0; rest &= rest - 1) {
      const int64_t first = (static_cast<int64_t>(at) + __builtin_ctz(rest)) * span * kBlock;
      in_band += static_cast<int32_t>(std::min<int64_t>(num_openings_, first + span * kBlock) - first);
    }
    for (uint32_t rest = d.whole; rest != 0; rest &= rest - 1) {
      const int64_t first = (static_cast<int64_t>(at) + __builtin_ctz(rest)) * span;
      for (int64_t b = first; b < std::min<int64_t>(num_blocks_, first + span); ++b) {
        blocks->push_back(static_cast<int32_t>(b));
      }
    }
  }
  return in_band;
}

}  // namespace passerelle::scoring_internal
