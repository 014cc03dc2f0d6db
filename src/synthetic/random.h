// Portable randomness for the generator: the same numbers on every platform.
//
// The standard library's engines are portable but its distributions are not
// (their algorithms are implementation-defined), and libm's log/cos need not
// be correctly rounded. So everything here uses only integer operations and
// IEEE-754 +, -, *, / and sqrt, which are exactly specified (passerelle builds
// with -std=c++20, so GCC does not contract a*b+c into an FMA).
//
// - `SplitMix64`: seeds and stream derivation (Steele, Lea, Flood 2014).
// - `Rng`: xoshiro256** (Blackman, Vigna 2018), period 2^256 - 1.
// - Uniform doubles from the top 53 bits; normals by the polar form of the
//   Box–Muller transform (Marsaglia, Bray 1964) with `PortableLog`.
// - `Discrete` and `PickIndex` for weighted choices, `Shuffled` for
//   permutations.
#ifndef PASSERELLE_SRC_SYNTHETIC_RANDOM_H_
#define PASSERELLE_SRC_SYNTHETIC_RANDOM_H_

#include <cassert>
#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace passerelle::synthetic::internal {

inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Natural logarithm of x > 0, to about 1 ulp, from exactly specified
// operations only: x = m * 2^e with m in [sqrt(1/2), sqrt(2)), then
// log m = 2 atanh(t), t = (m - 1) / (m + 1), |t| < 0.172, by its series.
inline double PortableLog(double x) {
  assert(x > 0 && std::isfinite(x));
  int e = 0;
  double m = std::frexp(x, &e);  // exact; m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2;
    --e;
  }
  const double t = (m - 1) / (m + 1);
  const double t2 = t * t;
  // 2 * (t + t^3/3 + ... + t^23/23): the next term is below 1e-19.
  double sum = 0;
  for (int k = 23; k >= 3; k -= 2) sum = (sum + 1.0 / k) * t2;
  const double log_m = 2 * t * (1 + sum);
  constexpr double kLn2 = 0.69314718055994530942;
  return log_m + e * kLn2;
}

// Cosine of |x| <= pi/2 by its Taylor series (exactly specified operations
// only; within a few ulps, below 1e-15, on that range). Used for
// longitude scales.
inline double PortableCos(double x) {
  assert(std::fabs(x) <= 1.5708);
  const double x2 = x * x;
  double term = 1, sum = 1;
  for (int k = 1; k <= 12; ++k) {
    term *= -x2 / ((2 * k - 1) * (2 * k));
    sum += term;
  }
  return sum;
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t s = seed;
    for (uint64_t& word : state_) word = SplitMix64(&s);
  }

  // An independent stream for record `index` of kind `stream` under `seed`:
  // record i of a run is the same whatever the number of records.
  static Rng ForRecord(uint64_t seed, uint64_t stream, uint64_t index) {
    uint64_t s = seed;
    uint64_t a = SplitMix64(&s);
    s = a ^ (stream * 0xd1b54a32d192ed03ULL);
    uint64_t b = SplitMix64(&s);
    s = b ^ (index * 0x9e3779b97f4a7c15ULL);
    return Rng(SplitMix64(&s));
  }

  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1), multiples of 2^-53.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  bool Bernoulli(double p) { return Uniform() < p; }

  // Uniform integer in [lo, hi], by Lemire's multiply-shift with rejection
  // (exactly uniform).
  int64_t UniformInt(int64_t lo, int64_t hi) {
    assert(lo <= hi);
    const uint64_t range = static_cast<uint64_t>(hi - lo) + 1;
    if (range == 0) return static_cast<int64_t>(Next());  // full 64-bit range
    __uint128_t m = static_cast<__uint128_t>(Next()) * range;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < range) {
      const uint64_t threshold = (0 - range) % range;
      while (low < threshold) {
        m = static_cast<__uint128_t>(Next()) * range;
        low = static_cast<uint64_t>(m);
      }
    }
    return lo + static_cast<int64_t>(m >> 64);
  }

  // Standard normal, polar Box–Muller; the second variate is discarded so
  // that every call consumes a self-contained number of draws.
  double Normal() {
    for (;;) {
      const double u = 2 * Uniform() - 1;
      const double v = 2 * Uniform() - 1;
      const double s = u * u + v * v;
      if (s > 0 && s < 1) return u * std::sqrt(-2 * PortableLog(s) / s);
    }
  }
  double Normal(double mean, double stddev) { return mean + stddev * Normal(); }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

// A discrete distribution over 0..n-1 from non-negative weights, drawn by
// binary search in the cumulative table.
class Discrete {
 public:
  Discrete() = default;
  explicit Discrete(std::span<const double> weights) { Reset(weights); }

  void Reset(std::span<const double> weights) {
    cumulative_.clear();
    double total = 0;
    last_positive_ = 0;
    for (double w : weights) {
      assert(w >= 0);
      if (w > 0) last_positive_ = static_cast<int>(cumulative_.size());
      total += w;
      cumulative_.push_back(total);
    }
    total_ = total;
  }

  bool empty() const { return cumulative_.empty() || total_ <= 0; }
  int size() const { return static_cast<int>(cumulative_.size()); }

  int Draw(Rng& rng) const {
    assert(!empty());
    const double target = rng.Uniform() * total_;
    // First index whose cumulative weight exceeds target.
    int lo = 0, hi = size() - 1;
    while (lo < hi) {
      const int mid = (lo + hi) / 2;
      if (cumulative_[mid] > target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    // Uniform() * total_ may round up to total_: never return a trailing
    // zero-weight entry.
    return lo <= last_positive_ ? lo : last_positive_;
  }

 private:
  std::vector<double> cumulative_;
  double total_ = 0;
  int last_positive_ = 0;
};

// Index of a weighted choice by one uniform, for short lists of shares that
// sum to 1: the first index whose share the uniform falls in, the last if
// rounding carries it past them all.
inline int PickIndex(Rng& rng, std::span<const double> shares) {
  double u = rng.Uniform();
  int i = 0;
  for (double share : shares) {
    if (u < share) return i;
    u -= share;
    ++i;
  }
  return i - 1;
}

// A permutation of 0..n-1 (Fisher–Yates with our own integers).
inline std::vector<int> Shuffled(Rng& rng, int n) {
  std::vector<int> v(n);
  for (int i = 0; i < n; ++i) v[i] = i;
  for (int i = n - 1; i > 0; --i) std::swap(v[i], v[rng.UniformInt(0, i)]);
  return v;
}

}  // namespace passerelle::synthetic::internal

#endif  // PASSERELLE_SRC_SYNTHETIC_RANDOM_H_
