// Private to src/scoring: locations as unit vectors and distances as squared
// chords between them. A chord grows with the great-circle distance, so pair
// loops compare distances with three products and no trigonometry; the
// conversions to and from kilometres are done once per candidate, or only
// for the pairs scored exactly.
#ifndef PASSERELLE_SRC_SCORING_UNIT_SPHERE_H_
#define PASSERELLE_SRC_SCORING_UNIT_SPHERE_H_

#include <algorithm>
#include <cmath>

#include "passerelle/model.h"

namespace passerelle::scoring_internal {

inline constexpr double kEarthRadiusKm = 6371.0088;  // as DistanceKm
inline constexpr double kDegToRad = 3.14159265358979323846 / 180.0;

struct Vec3 {
  double x = 0, y = 0, z = 0;
};

inline Vec3 ToUnit(const GeoPoint& p) {
  const double lat = p.latitude * kDegToRad, lon = p.longitude * kDegToRad;
  const double c = std::cos(lat);
  return {c * std::cos(lon), c * std::sin(lon), std::sin(lat)};
}

inline double Chord2(const Vec3& a, const Vec3& b) {
  const double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

// Great-circle km from the squared chord between unit vectors; equal to the
// haversine formula of `DistanceKm` up to rounding.
inline double ChordToKm(double chord2) {
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, 0.5 * std::sqrt(chord2)));
}

// Squared chord of a great-circle distance.
inline double KmToChord2(double km) {
  const double angle = km / kEarthRadiusKm;
  if (angle >= 3.14159265358979323846) return 4.0 + 1e-9;
  const double chord = 2 * std::sin(angle / 2);
  return chord * chord;
}

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_UNIT_SPHERE_H_
