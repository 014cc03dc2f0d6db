// Private to src/scoring: pass 1 of `ScoreRequest`, for one candidate. Every
// opening of the blocks the candidate's walk leaves (SpatialIndex::Walk):
// inside the search circle or not, in the car-only band or not, its hard constraints
// (CheckPair), reasons counted; for each feasible pair, appended to `Found`:
// the cheap part of the score, the skills component when the candidate has
// none of the opening's skills (otherwise its position goes to `overlap`, to
// be computed by the caller), and the score's upper bound (score_bound.h).
// The rules on the candidate's occupations come last: a feasible pair outside
// the professional project is counted (`out_of_project`), not appended, and a
// training in a trade the candidate practised, with none of its skills, has
// skills component 0 (SkillsScore's `practised` case when the candidate holds
// none of the optional skills: 0.25 x +0.0).
//
// Three versions compute the same, to the bit: portable (scalar, branch-free
// constraint checks; pass1_portable.cc), AVX2 (4 openings at a time;
// pass1_avx2.cc) and AVX-512 (8 at a time; pass1_avx512.cc). None contracts
// products and sums into fused multiply-adds (-ffp-contract=off), so every
// operation is rounded as in the scalar code. `ChoosePass1Kernel` picks the
// fastest one the processor runs.
//
// The files compiled with AVX flags include this header for its types and
// declarations; they call none of the inline functions it brings along (see
// pass1_block.h for why).
#ifndef PASSERELLE_SRC_SCORING_PASS1_H_
#define PASSERELLE_SRC_SCORING_PASS1_H_

#include <cstdint>
#include <span>
#include <tuple>
#include <vector>

#include "passerelle/scoring.h"
#include "prepared.h"
#include "score_bound.h"
#include "spatial_index.h"

// The SIMD versions exist on x86-64 with GCC or Clang (their intrinsics and
// per-file ISA flags); elsewhere pass 1 is the portable version alone.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PASSERELLE_SCORING_X86 1
#else
#define PASSERELLE_SCORING_X86 0
#endif

namespace passerelle::scoring_internal {

// The openings' fields pass 1 reads, one array each, padded to whole blocks.
struct Pass1Layout {
  const double* x;
  const double* y;
  const double* z;
  const uint32_t* needs;
  const int32_t* start_key;
  const int32_t* min_accepted_key;
  const int32_t* transit;
  int32_t num_openings;
};

// The openings' fields the bound reads (OpeningWarm, one array each).
struct BoundLayout {
  const int32_t* occupation_slot;
  const int32_t* french_class;
  const uint32_t* sector_bit;
  const uint32_t* contract_bit;
  const int32_t* trial_short;
  const double* weighted_tension;
  const double* skills_if_none;
  const uint64_t* skill_mask;
  const int32_t* transit;
  const int32_t* rule;  // RuleKey
};

// What the rules on the candidate's occupations read of an opening, in one
// int32: its occupation column + 1 (0: none) shifted by kRuleColumnShift, and
// which rules apply. A candidate's table (BoundCandidate::rules), by column +
// 1, has the bits of the rules that hold there: a lane's rule bits are
// `rules[key >> kRuleColumnShift] & key`.
inline constexpr int32_t kRuleProject = 1;   // the project rule applies / is broken
inline constexpr int32_t kRuleTeaching = 2;  // a training or apprenticeship / a practised trade
inline constexpr int kRuleColumnShift = 2;

// What pass 1 reads of the candidate.
struct Pass1Candidate {
  double x, y, z;
  double search_chord2;
  double band_from;  // beyond: only a car reaches it (kInfinity: no band)
  double reach2_car;
  const double* reach2_by_site;
  // FlooredChord2's table, and whether any entry is non-zero (a town-level
  // home): pairs are checked and bounded on the floored chord.
  const double* floor2_by_site;
  bool floored;
  uint32_t blocked;
  int32_t french;
  int32_t available;
  uint32_t commute_checked;
  uint32_t car_would_help;
};

// What the bound reads of the candidate.
struct BoundCandidate {
  const double* occupation;   // FillOccupationTable, CheapTables
  const double* french;
  const double* preferences;
  const CommuteBoundCoefficients* commute;
  const double* commute_table;
  double skills_weight;   // weights[0]
  double commute_weight;  // weights[3]
  uint32_t preferred_sectors;
  uint32_t preferred_contracts;
  uint64_t skill_mask;  // SkillBit of each of the candidate's skills
  const int32_t* rules;  // by occupation column + 1: kRuleProject, kRuleTeaching
};

// Per feasible pair (arrays with room for every opening, plus a block).
struct Found {
  int32_t* k;        // opening position in Z-order
  double* chord2;
  double* cheap;     // CheapSum
  double* skills;    // SkillsScore (0 until computed for `overlap` pairs)
  float* bound;      // CombineScore(cheap, skills, CommuteBound), rounded
  int32_t* overlap;  // pairs whose skills are left to compute
};

// The codes pass 1 counts, 0 to 9, as the first entries of `ExclusionCounts`
// in a plain array (see pass1_block.h); the project rule's count apart.
inline constexpr int kNumExclusionCounts = 10;
static_assert(std::tuple_size_v<ExclusionCounts> > kNumExclusionCounts);
static_assert(static_cast<int>(ReasonCode::kFrenchRouting) < kNumExclusionCounts);

struct Pass1Result {
  int32_t excluded[kNumExclusionCounts] = {};  // by ReasonCode value
  int32_t examined = 0;
  int32_t out_of_project = 0;  // feasible pairs outside the project (ReasonCode::kOutOfProject)
  int32_t num_found = 0;
  int32_t num_overlap = 0;
  bool in_reach = false;
};

// A version of pass 1 over the blocks `blocks[0]` to `blocks[num_blocks - 1]`.
// The layouts and `found` by value: local copies, which the stores through
// their pointers cannot change, stay in registers.
using Pass1Kernel = void (*)(Pass1Layout o, BoundLayout w, const Pass1Candidate& pc,
                             const BoundCandidate& bc, const int32_t* blocks,
                             int32_t num_blocks, Found found, Pass1Result* result);

void Pass1Portable(Pass1Layout o, BoundLayout w, const Pass1Candidate& pc,
                   const BoundCandidate& bc, const int32_t* blocks, int32_t num_blocks,
                   Found found, Pass1Result* result);
#if PASSERELLE_SCORING_X86
// Only on a processor with AVX2 and POPCNT.
void Pass1Avx2(Pass1Layout o, BoundLayout w, const Pass1Candidate& pc, const BoundCandidate& bc,
               const int32_t* blocks, int32_t num_blocks, Found found, Pass1Result* result);
// Only on a processor with AVX-512 F, VL, DQ and BW, and POPCNT.
void Pass1Avx512(Pass1Layout o, BoundLayout w, const Pass1Candidate& pc,
                 const BoundCandidate& bc, const int32_t* blocks, int32_t num_blocks,
                 Found found, Pass1Result* result);
#endif

// ---- Outside the kernels (pass1.cc) -----------------------------------------

// An opening's key for the rules on the candidate's occupations: the project
// rule applies unless `outside_project_rule`; the teaching rule to a training
// or apprenticeship (`teaches`); neither without an occupation column.
int32_t RuleKey(const OpeningData& o);

// SetSimdLevel caps the version ChoosePass1Kernel picks (tests compare all
// three); SetSimdAllowed(false) is kPortable, true kAvx512. Not for use while
// ScoreRequest runs.
enum class SimdLevel { kPortable = 0, kAvx2 = 1, kAvx512 = 2 };
void SetSimdLevel(SimdLevel level);
void SetSimdAllowed(bool allowed);

// The fastest version this processor runs, within the level set.
Pass1Kernel ChoosePass1Kernel();

// The openings' fields that pass 1 and the bound read, apart and dense:
// positions (one array per coordinate), constraint fields (OpeningHot), the
// fields of the cheap components (OpeningWarm); the full OpeningData is read
// only for the few pairs scored exactly. Arrays padded to whole blocks:
// padding positions are NaN, never within any circle.
class Pass1Openings {
 public:
  // `openings` in Z-order.
  Pass1Openings(const Context& ctx, std::span<const OpeningData> openings);
  Pass1Openings(const Pass1Openings&) = delete;
  Pass1Openings& operator=(const Pass1Openings&) = delete;

  const Pass1Layout& layout() const { return layout_; }
  const BoundLayout& bound_layout() const { return bound_layout_; }
  // Openings plus padding: a multiple of kBlock.
  int32_t padded_size() const { return static_cast<int32_t>(pos_x_.size()); }

 private:
  std::vector<double> pos_x_, pos_y_, pos_z_;
  std::vector<uint32_t> hot_needs_;
  std::vector<int32_t> hot_start_, hot_min_accepted_, hot_transit_;
  std::vector<int32_t> warm_slot_, warm_french_class_, warm_trial_short_;
  std::vector<uint32_t> warm_sector_, warm_contract_;
  std::vector<double> warm_tension_, warm_skills_if_none_;
  std::vector<uint64_t> warm_skill_mask_;
  std::vector<int32_t> warm_rule_;
  Pass1Layout layout_;
  BoundLayout bound_layout_;
};

// The candidate's inputs of pass 1 and of the bound. `band_from`: squared
// chord beyond which only a car reaches (kInfinity: no such band);
// `occupation_table`: FillOccupationTable's; `skill_mask`: SkillBit of each of
// the candidate's skills; `rules`: by occupation column + 1, the rule bits
// that hold for the candidate there (RuleKey).
Pass1Candidate MakePass1Candidate(const CandidateData& c, double band_from);
BoundCandidate MakeBoundCandidate(const Context& ctx, const CandidateData& c,
                                  const double* occupation_table, const CheapTables& t,
                                  const CommuteBoundCoefficients& commute,
                                  const double* commute_table, uint64_t skill_mask,
                                  const int32_t* rules);

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_PASS1_H_
