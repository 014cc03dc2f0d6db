// Geographic parts of a matching network: recursive bisection of the map
// with cuts placed where few candidate-opening pairs cross.
#include "partition.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <future>
#include <span>
#include <vector>

#include "passerelle/internal/parallel.h"

namespace passerelle::matching {
namespace {

// Cut positions tried per bisection: quantiles of the candidates'
// coordinate, spread over [share - kSlack, share + kSlack] of them.
constexpr int kCutsTried = 61;
constexpr double kSlack = 0.15;
// Candidates sampled for the quantiles.
constexpr size_t kMaxPositionSamples = 20'000;
// Below this many pairs a bisection runs on one thread.
constexpr size_t kParallelMinPairs = 1 << 16;

struct Point {
  double x, y;  // km-like: longitude scaled by cos(mean latitude), latitude
  double operator[](int axis) const { return axis == 0 ? x : y; }
};

// A sampled pair's two ends, carried along so that each pass over the pairs
// reads them in sequence (not by index into a million points).
struct PairEnds {
  Point candidate, opening;
};

// std::upper_bound(cuts.begin(), cuts.end(), x) - cuts.begin() for sorted
// `cuts` (not empty), written so that each step is a conditional move, not
// a jump.
size_t UpperBound(const std::vector<double>& cuts, double x) {
  const double* base = cuts.data();
  size_t n = cuts.size();
  while (n > 1) {
    const size_t half = n / 2;
    base = x < base[half] ? base : base + half;
    n -= half;
  }
  return static_cast<size_t>(base - cuts.data()) + (x < *base ? 0 : 1);
}

class Bisection {
 public:
  Bisection(std::vector<Point> candidates, std::vector<Point> openings, const std::vector<SampledPair>& pairs)
      : cand_(std::move(candidates)), open_(std::move(openings)) {
    pairs_.reserve(pairs.size());
    for (const SampledPair& p : pairs) pairs_.push_back({cand_[p.candidate], open_[p.opening]});
  }

  GeographicParts Run(int32_t parts, int threads) {
    GeographicParts out;
    out.candidate_part.assign(cand_.size(), 0);
    out.opening_part.assign(open_.size(), 0);
    std::vector<int32_t> cands(cand_.size()), opens(open_.size());
    for (size_t i = 0; i < cands.size(); ++i) cands[i] = static_cast<int32_t>(i);
    for (size_t i = 0; i < opens.size(); ++i) opens[i] = static_cast<int32_t>(i);
    Split(std::move(cands), std::move(opens), std::span<PairEnds>(pairs_), parts, 0, threads, &out);
    out.parts = parts;
    return out;
  }

 private:
  // The parts [first, first + parts) from these candidates, openings and
  // pairs, on up to `threads` threads: the pairs' counts in slices (summed:
  // the same counts), then the two sides at once (each writes its own
  // candidates' and openings' entries of `out`, and reorders its own range
  // of the pairs, whose order no count depends on). Same parts on any number
  // of threads.
  void Split(std::vector<int32_t> cands, std::vector<int32_t> opens, std::span<PairEnds> pairs,
             int32_t parts, int32_t first, int threads, GeographicParts* out) {
    if (pairs.size() < kParallelMinPairs) threads = 1;
    if (parts <= 1 || cands.size() < 2) {
      for (const int32_t c : cands) out->candidate_part[c] = first;
      for (const int32_t o : opens) out->opening_part[o] = first;
      // Parts left without candidates stay empty (their ids are skipped).
      return;
    }
    const int32_t left_parts = parts / 2;
    const double share = static_cast<double>(left_parts) / parts;
    int best_axis = 0, best_j = 0;
    double best_cut = 0;
    int64_t best_crossing = -1;
    for (int axis = 0; axis < 2; ++axis) {
      // Candidate quantiles from a regular sample of the candidates.
      const size_t step = std::max<size_t>(1, cands.size() / kMaxPositionSamples);
      std::vector<double> sample;
      for (size_t i = 0; i < cands.size(); i += step) sample.push_back(cand_[cands[i]][axis]);
      std::sort(sample.begin(), sample.end());
      std::vector<double> cuts(kCutsTried);
      for (int j = 0; j < kCutsTried; ++j) {
        const double q = std::clamp(share - kSlack + 2 * kSlack * j / (kCutsTried - 1), 0.0, 1.0);
        cuts[j] = sample[std::min(sample.size() - 1, static_cast<size_t>(q * sample.size()))];
      }
      // A pair crosses cut x when min < x <= max of its ends' coordinates:
      // a range of cut indices, counted with a difference array. The ends of
      // the range are std::upper_bound's positions in the sorted cuts, found
      // by a binary search without branches (UpperBound): a pair's ends are
      // in no order the branch predictor could learn.
      std::vector<std::vector<int64_t>> slice_diff(static_cast<size_t>(threads),
                                                   std::vector<int64_t>(kCutsTried + 1, 0));
      passerelle::internal::RunWorkers(threads, [&](int t) {
        std::vector<int64_t>& d = slice_diff[static_cast<size_t>(t)];
        const size_t begin = pairs.size() * static_cast<size_t>(t) / static_cast<size_t>(threads);
        const size_t end = pairs.size() * static_cast<size_t>(t + 1) / static_cast<size_t>(threads);
        for (size_t i = begin; i < end; ++i) {
          const PairEnds& p = pairs[i];
          double lo = p.candidate[axis], hi = p.opening[axis];
          if (lo > hi) std::swap(lo, hi);
          ++d[UpperBound(cuts, lo)];
          --d[UpperBound(cuts, hi)];
        }
      });
      std::vector<int64_t> diff(kCutsTried + 1, 0);
      for (const std::vector<int64_t>& d : slice_diff) {
        for (int j = 0; j <= kCutsTried; ++j) diff[j] += d[j];
      }
      int64_t crossing = 0;
      for (int j = 0; j < kCutsTried; ++j) {
        crossing += diff[j];
        // Ties go to the cut nearest the balanced one.
        const bool better =
            best_crossing < 0 || crossing < best_crossing ||
            (crossing == best_crossing && std::abs(j - kCutsTried / 2) < std::abs(best_j - kCutsTried / 2));
        if (better) {
          best_crossing = crossing;
          best_axis = axis;
          best_cut = cuts[j];
          best_j = j;
        }
      }
    }
    std::vector<int32_t> left_c, right_c, left_o, right_o;
    for (const int32_t c : cands) (cand_[c][best_axis] < best_cut ? left_c : right_c).push_back(c);
    for (const int32_t o : opens) (open_[o][best_axis] < best_cut ? left_o : right_o).push_back(o);
    // In place: the pairs on the left of the cut, then those on the right,
    // then those crossing it (dropped).
    const auto on_left = [&](const PairEnds& p) {
      return p.candidate[best_axis] < best_cut && p.opening[best_axis] < best_cut;
    };
    const auto on_right = [&](const PairEnds& p) {
      return !(p.candidate[best_axis] < best_cut) && !(p.opening[best_axis] < best_cut);
    };
    const auto left_end = std::partition(pairs.begin(), pairs.end(), on_left);
    const auto right_end = std::partition(left_end, pairs.end(), on_right);
    const std::span<PairEnds> left_p(pairs.begin(), left_end), right_p(left_end, right_end);
    cands = {};
    opens = {};
    const int left_threads = threads / 2;
    std::future<void> left = passerelle::internal::RunAlongside(left_threads > 0, [&] {
      Split(std::move(left_c), std::move(left_o), left_p, left_parts, first, std::max(1, left_threads), out);
    });
    Split(std::move(right_c), std::move(right_o), right_p, parts - left_parts, first + left_parts,
          std::max(1, threads - left_threads), out);
    left.get();
  }

  std::vector<Point> cand_, open_;
  std::vector<PairEnds> pairs_;  // reordered by the splits
};

}  // namespace

GeographicParts PartitionByGeography(const MatchRequest& request, std::vector<SampledPair> pairs,
                                     int32_t parts, int threads) {
  double mean_latitude = 0;
  for (const Candidate& c : request.candidates) mean_latitude += c.home.latitude;
  if (!request.candidates.empty()) mean_latitude /= static_cast<double>(request.candidates.size());
  const double x_scale = std::cos(mean_latitude * 3.14159265358979323846 / 180.0);
  std::vector<Point> cands, opens;
  cands.reserve(request.candidates.size());
  opens.reserve(request.openings.size());
  for (const Candidate& c : request.candidates) cands.push_back({c.home.longitude * x_scale, c.home.latitude});
  for (const Opening& o : request.openings) opens.push_back({o.location.longitude * x_scale, o.location.latitude});
  return Bisection(std::move(cands), std::move(opens), pairs).Run(std::max<int32_t>(1, parts), std::max(1, threads));
}

}  // namespace passerelle::matching
