// Geographic parts of a matching network: recursive bisection of the map
// with cuts placed where few candidate-opening pairs cross.
#include "partition.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace passerelle::matching {
namespace {

// Cut positions tried per bisection: quantiles of the candidates'
// coordinate, spread over [share - kSlack, share + kSlack] of them.
constexpr int kCutsTried = 61;
constexpr double kSlack = 0.15;
// Candidates sampled for the quantiles.
constexpr size_t kMaxPositionSamples = 20'000;

struct Point {
  double x, y;  // km-like: longitude scaled by cos(mean latitude), latitude
  double operator[](int axis) const { return axis == 0 ? x : y; }
};

// A sampled pair's two ends, carried along so that each pass over the pairs
// reads them in sequence (not by index into a million points).
struct PairEnds {
  Point candidate, opening;
};

class Bisection {
 public:
  Bisection(std::vector<Point> candidates, std::vector<Point> openings, const std::vector<SampledPair>& pairs)
      : cand_(std::move(candidates)), open_(std::move(openings)) {
    pairs_.reserve(pairs.size());
    for (const SampledPair& p : pairs) pairs_.push_back({cand_[p.candidate], open_[p.opening]});
  }

  GeographicParts Run(int32_t parts) {
    GeographicParts out;
    out.candidate_part.assign(cand_.size(), 0);
    out.opening_part.assign(open_.size(), 0);
    std::vector<int32_t> cands(cand_.size()), opens(open_.size());
    for (size_t i = 0; i < cands.size(); ++i) cands[i] = static_cast<int32_t>(i);
    for (size_t i = 0; i < opens.size(); ++i) opens[i] = static_cast<int32_t>(i);
    Split(std::move(cands), std::move(opens), std::move(pairs_), parts, 0, &out);
    out.parts = parts;
    return out;
  }

 private:
  void Split(std::vector<int32_t> cands, std::vector<int32_t> opens, std::vector<PairEnds> pairs,
             int32_t parts, int32_t first, GeographicParts* out) {
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
      // a range of cut indices, counted with a difference array.
      std::vector<int64_t> diff(kCutsTried + 1, 0);
      for (const PairEnds& p : pairs) {
        double lo = p.candidate[axis], hi = p.opening[axis];
        if (lo > hi) std::swap(lo, hi);
        const auto from = std::upper_bound(cuts.begin(), cuts.end(), lo) - cuts.begin();
        const auto to = std::upper_bound(cuts.begin(), cuts.end(), hi) - cuts.begin();
        ++diff[from];
        --diff[to];
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
    std::vector<PairEnds> left_p, right_p;
    for (const int32_t c : cands) (cand_[c][best_axis] < best_cut ? left_c : right_c).push_back(c);
    for (const int32_t o : opens) (open_[o][best_axis] < best_cut ? left_o : right_o).push_back(o);
    for (const PairEnds& p : pairs) {
      const bool cl = p.candidate[best_axis] < best_cut;
      const bool ol = p.opening[best_axis] < best_cut;
      if (cl == ol) (cl ? left_p : right_p).push_back(p);
    }
    cands = {};
    opens = {};
    pairs = {};
    Split(std::move(left_c), std::move(left_o), std::move(left_p), left_parts, first, out);
    Split(std::move(right_c), std::move(right_o), std::move(right_p), parts - left_parts, first + left_parts, out);
  }

  std::vector<Point> cand_, open_;
  std::vector<PairEnds> pairs_;  // moved into the first split
};

}  // namespace

GeographicParts PartitionByGeography(const MatchRequest& request, std::vector<SampledPair> pairs,
                                     int32_t parts) {
  double mean_latitude = 0;
  for (const Candidate& c : request.candidates) mean_latitude += c.home.latitude;
  if (!request.candidates.empty()) mean_latitude /= static_cast<double>(request.candidates.size());
  const double x_scale = std::cos(mean_latitude * 3.14159265358979323846 / 180.0);
  std::vector<Point> cands, opens;
  cands.reserve(request.candidates.size());
  opens.reserve(request.openings.size());
  for (const Candidate& c : request.candidates) cands.push_back({c.home.longitude * x_scale, c.home.latitude});
  for (const Opening& o : request.openings) opens.push_back({o.location.longitude * x_scale, o.location.latitude});
  return Bisection(std::move(cands), std::move(opens), pairs).Run(std::max<int32_t>(1, parts));
}

}  // namespace passerelle::matching
