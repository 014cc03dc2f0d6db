// NameExcludedOpenings (passerelle/scoring.h): the openings behind a
// candidate's exclusion counts. The request is prepared as `ScoreRequest`
// prepares it (same spatial index, same blocks, same squared chords), and
// each asked-for candidate's examined openings go through `CheckPair`, the
// reference pass 1's kernels agree with to the bit, so a named opening is
// one the count includes. Only the best few per reason are kept, in small
// sorted arrays.
#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "components.h"
#include "hard_constraints.h"
#include "passerelle/error.h"
#include "passerelle/internal/parallel.h"
#include "passerelle/scoring.h"
#include "passerelle/validate.h"
#include "prepared.h"
#include "spatial_index.h"
#include "unit_sphere.h"

namespace passerelle {

using namespace scoring_internal;

namespace {

constexpr int kNumReasons = std::tuple_size_v<ExclusionCounts>;

// The order in which openings are named: closest to being open first.
struct Named {
  double primary;  // the reason's own distance to feasibility (0: none)
  double chord2;
  OpeningIndex opening;
  bool operator<(const Named& b) const {
    return std::tie(primary, chord2, opening) < std::tie(b.primary, b.chord2, b.opening);
  }
};

}  // namespace

ExcludedOpenings::ExcludedOpenings(int32_t num_candidates, int32_t limit)
    : num_candidates_(num_candidates),
      limit_(limit),
      slots_(static_cast<size_t>(num_candidates) * kNumReasons * limit),
      used_(static_cast<size_t>(num_candidates) * kNumReasons, 0) {}

std::span<const OpeningIndex> ExcludedOpenings::Get(int32_t k, ReasonCode code) const {
  const int r = static_cast<int>(code);
  if (k < 0 || k >= num_candidates_ || r >= kNumReasons) return {};
  const size_t list = static_cast<size_t>(k) * kNumReasons + r;
  return {slots_.data() + list * limit_, used_[list]};
}

void ExcludedOpenings::Add(int32_t k, ReasonCode code, OpeningIndex opening) {
  const int r = static_cast<int>(code);
  const size_t list = static_cast<size_t>(k) * kNumReasons + r;
  if (used_[list] < limit_) slots_[list * limit_ + used_[list]++] = opening;
}

ExcludedOpenings NameExcludedOpenings(const MatchRequest& request,
                                      std::span<const CandidateIndex> candidates, int32_t limit,
                                      const ScoringOptions& options) {
  if (limit < 0 || limit > 255) {
    throw InvalidArgumentError("NameExcludedOpenings: limit " + std::to_string(limit) +
                               " out of range [0, 255]");
  }
  const auto num_asked = static_cast<int32_t>(candidates.size());
  ExcludedOpenings out(num_asked, limit);
  if (num_asked == 0 || limit == 0) return out;
  const Taxonomy& taxonomy = options.taxonomy != nullptr ? *options.taxonomy : Taxonomy::BuiltIn();
  const auto num_openings = static_cast<int32_t>(request.openings.size());
  for (const CandidateIndex i : candidates) {
    if (i < 0 || i >= static_cast<CandidateIndex>(request.candidates.size())) {
      throw InvalidArgumentError("NameExcludedOpenings: candidate index " + std::to_string(i) +
                                 " out of range [0, " + std::to_string(request.candidates.size()) +
                                 ")");
    }
  }
  // ScoreRequest's preparation and checks.
  const ValidationOptions validation{
      .is_known_occupation = [&](std::string_view code) { return taxonomy.Contains(code); }};
  std::vector<std::string> problems;
  Context ctx;
  std::vector<int32_t> order;
  std::vector<OpeningData> openings;
  PrepareOpenings(request, taxonomy, validation, &ctx, &order, &openings, &problems);
  for (const CandidateIndex i : candidates) {
    CollectCandidateProblems(request, i, &problems, validation);
  }
  if (!problems.empty()) throw ValidationError(std::move(problems));
  const SpatialIndex index(openings);
  std::vector<OpeningHot> hot(num_openings);
  for (int32_t k = 0; k < num_openings; ++k) hot[k] = MakeOpeningHot(ctx, openings[k]);
  const bool vehicle_band = ctx.constraints.vehicle && ctx.constraints.commute;
  constexpr uint32_t kCounted = (uint32_t{1} << kNumReasons) - 1;
  constexpr uint32_t kVehicleBit = Bit(ReasonCode::kVehicleRequired);

  auto name = [&](int64_t begin, int64_t end) {
    CandidateData c;
    std::vector<int32_t> blocks;
    std::vector<Named> best[kNumReasons];
    for (int64_t q = begin; q < end; ++q) {
      const CandidateIndex i = candidates[q];
      PrepareCandidate(ctx, i, &c);
      // No band: its openings are named too.
      index.Walk(c.p, c.search_chord2, kInfinity, &blocks);
      const double band_from = vehicle_band ? c.reach2_own : kInfinity;
      for (auto& list : best) list.clear();
      auto offer = [&](int r, const Named& x) {
        std::vector<Named>& list = best[r];
        if (static_cast<int32_t>(list.size()) == limit && !(x < list.back())) return;
        if (static_cast<int32_t>(list.size()) == limit) list.pop_back();
        list.insert(std::upper_bound(list.begin(), list.end(), x), x);
      };
      for (const int32_t b : blocks) {
        const int32_t block_end = std::min(num_openings, (b + 1) * kBlock);
        for (int32_t k = b * kBlock; k < block_end; ++k) {
          const OpeningData& o = openings[k];
          const double chord2 = Chord2(c.p, o.p);
          if (!(chord2 <= c.search_chord2)) continue;
          bool reach;
          uint32_t v = CheckPair(c, hot[k], chord2, &reach) & kCounted;
          // Beyond the candidate's own reach, pass 1 counts a vehicle alone.
          if (chord2 > band_from) {
            v &= kVehicleBit;
          } else if (v == 0 && !c.project_exempt && !o.outside_project_rule &&
                     OutOfProject(ctx, c, o, FitColumn(ctx, c, o.occ_column, o.packed_code).project)) {
            // The project rule, on the pairs that meet every other constraint.
            v = Bit(ReasonCode::kOutOfProject);
          }
          for (uint32_t bits = v; bits != 0; bits &= bits - 1) {
            const int r = __builtin_ctz(bits);
            double primary = 0;
            if (r == static_cast<int>(ReasonCode::kFrenchLevelTooLow)) {
              primary = hot[k].min_accepted_key - c.french;
            } else if (r == static_cast<int>(ReasonCode::kAvailableTooLate)) {
              primary = static_cast<double>(c.available) - static_cast<double>(hot[k].start_key);
            }
            offer(r, {primary, chord2, order[k]});
          }
        }
      }
      for (int r = 1; r < kNumReasons; ++r) {
        for (const Named& x : best[r]) out.Add(static_cast<int32_t>(q), static_cast<ReasonCode>(r), x.opening);
      }
    }
  };
  // Each candidate writes its own slots: any split gives the same result.
  int threads = internal::ResolveThreads(options.execution.threads);
  if (num_asked < 256) threads = 1;
  internal::ForSlices(threads, num_asked, name);
  return out;
}

}  // namespace passerelle
