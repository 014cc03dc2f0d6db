// Synthetic regional data: requests with the shape of reality, since no real
// refugee data can ship.
//
// `Generate` builds a whole `MatchRequest` for a region: candidates (newly
// arrived job seekers) living in the region's towns, openings of every kind in
// the métiers en tension, the employers and training bodies offering them, and
// a default `Policy`. `GenerateStreaming` produces the same records one at a
// time, so a writer can put 1,000,000 candidates on disk while holding only
// the openings and employers in memory.
//
// How:
// - A region is a small text file (`data/regions/<name>.csv`, format in
//   docs/synthetic.md): towns with coordinates, population, département and
//   public-transport coverage; départements with BMO hiring volumes and
//   seasonal shares; the region's mix of occupation families; employers'
//   networks. The five regions of the seeds and `france` (the 96
//   metropolitan départements, for national runs) are compiled into the
//   library; `GeneratorOptions::regions_dir` adds a user's own files.
// - Every other figure (French levels, ages, origins, right to work,
//   barriers, licences, opening kinds, seats, minimum French levels,
//   schedules) is a documented table in src/synthetic/; docs/synthetic.md
//   lists them with their source or marks them as assumptions.
// - Randomness is passerelle's own: xoshiro256** seeded by splitmix64,
//   uniforms from 53 bits, normals by the polar Box–Muller method with a
//   hand-written logarithm, discrete draws by cumulative tables. No standard
//   library distribution and no libm transcendental function is used, so a
//   seed gives the same request, bit for bit, on every platform.
// - Candidate `i` and opening `i` each draw from their own random stream
//   (seed, kind, i): adding candidates never changes the openings, and the
//   first N candidates of a larger run are the N candidates of a smaller one.
//
// Cost: linear in candidates + openings; about 2 µs per candidate (see
// docs/synthetic.md for measured figures). Memory: the openings and employers
// (streaming) or the whole request (`Generate`).
#ifndef PASSERELLE_SYNTHETIC_H_
#define PASSERELLE_SYNTHETIC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "passerelle/model.h"
#include "passerelle/policy.h"

namespace passerelle::synthetic {

// What to generate. The defaults make a small Occitanie case (the demo's).
struct GeneratorOptions {
  // A built-in region (see `AvailableRegions`) or the stem of a file
  // `<regions_dir>/<region>.csv`.
  std::string region = "occitanie";
  // Candidates to generate, >= 0.
  int64_t candidates = 600;
  // Openings of every kind, >= 0, mixed in the documented shares (55% jobs,
  // 10% apprenticeships, 10% internships, 5% workplace trials, 10% qualifying
  // trainings, 10% French courses).
  int64_t openings = 120;
  // Same seed, same request, on every platform.
  uint64_t seed = 1;
  // Folder searched first for `<region>.csv`; empty: built-in regions only.
  std::string regions_dir;
};

// Receives the records of a request in this order: `OnPolicy` once, then
// every employer, then every opening, then every candidate, each list in id
// order. Records are valid (see passerelle/validate.h) and ids are unique:
// "e-0001", "o-000001", "c-000001" (more digits past 9,999 / 999,999).
class RequestSink {
 public:
  virtual ~RequestSink() = default;
  // The request's policy and a one-line description (region, seed, sizes).
  virtual void OnPolicy(const Policy& policy, const std::string& description) = 0;
  // Employer `index` (0-based; openings refer to it by that index).
  virtual void OnEmployer(EmployerIndex index, const Employer& employer) = 0;
  // An opening; `employer` is the record its `employer` index refers to, or
  // null for kNoEmployer. The pointer is valid during the call only.
  virtual void OnOpening(OpeningIndex index, const Opening& opening,
                         const Employer* employer) = 0;
  virtual void OnCandidate(CandidateIndex index, const Candidate& candidate) = 0;
};

// Streams a request to `sink`.
// - Throws `InvalidArgumentError` for bad options, naming the option as the
//   command line spells it: `--region: unknown region "mars"; available:
//   ...`, `--candidates: must be >= 0, got -5`; and for a malformed region
//   file, naming file and line. Nothing reaches `sink` before the options and
//   the region are checked.
// - Deterministic: same options, same calls with the same records.
void GenerateStreaming(const GeneratorOptions& options, RequestSink& sink);

// The whole request in memory: the records `GenerateStreaming` streams.
// Throws like `GenerateStreaming`.
MatchRequest Generate(const GeneratorOptions& options);

// Names of the built-in regions, sorted: "entre-sambre-et-meuse", "france",
// "loir-et-cher", "occitanie", "somme", "val-de-marne". Any French
// département or region is available too (`LoadRegion`).
std::vector<std::string> AvailableRegions();

// ---------------------------------------------------------------------------
// Region data, for users writing their own region file and for tests.
// ---------------------------------------------------------------------------

// Occupation families of the generator; each groups a few ROME codes of the
// métiers en tension (see `OccupationProfiles`).
enum class Family : uint8_t {
  kConstruction = 0,
  kAgriculture,
  kHospitality,
  kCare,
  kCleaning,
  kMetal,
  kWood,
  kLogistics,
  kBakery,
  kMechanics,
};
inline constexpr int kNumFamilies = 10;
// "construction", "agriculture", ... as written in region files.
const char* ToString(Family family);

struct Town {
  std::string name;
  // INSEE code of the département, or the territory code outside France
  // ("BE-WNA").
  std::string departement;
  // The commune's INSEE code when the town is a built-in commune (regions
  // with `towns,communes`); empty for a listed town.
  std::string insee_code;
  GeoPoint location;
  // Municipal population, thousands.
  double population_thousands = 0;
  TransitAccess transit = TransitAccess::kDaytime;
};

struct DepartementInfo {
  std::string code;
  std::string name;
  // Hiring projects a year (BMO survey), which spread the openings.
  double hiring_projects = 0;
  // Share of those projects that are seasonal, in [0, 1].
  double seasonal_share = 0;
};

// A parsed region file.
struct Region {
  std::string name;
  std::string label;
  // ISO 3166-1 alpha-2: "FR", "BE".
  std::string country;
  // Year-round openings by family (sums to 1).
  double family_shares[kNumFamilies] = {};
  // Seasonal openings by family (sums to 1).
  double seasonal_family_shares[kNumFamilies] = {};
  // Employers' networks by role: "employers" (MEDEF 41), "small_business"
  // (CPME), "construction" (FFB), "agriculture" (FNSEA), "apprenticeship"
  // (CFA BTP), "training" (a training body's network).
  std::vector<std::pair<std::string, std::string>> networks;
  std::vector<DepartementInfo> departements;
  // The towns: listed in the file (`town` records), or every built-in
  // commune of the départements (`towns,communes`: French regions).
  std::vector<Town> towns;
  // Whether `towns` are the built-in communes. Homes are then drawn by
  // population weighted by transport (docs/synthetic.md, "Real communes").
  bool towns_are_communes = false;
};

// Parses the text of a region file; `source` names it in error messages
// (`occitanie.csv:12: town: latitude "4x.1" is not a number`). Throws
// `InvalidArgumentError` on any malformed or inconsistent line (unknown
// record kind, town in an undeclared département, shares not summing to 1).
Region ParseRegion(std::string_view text, std::string_view source);

// Loads `name` from `regions_dir` (when non-empty and the file exists) or
// from the built-in regions; else, for France, builds the region of a
// département code ("41", "2A", "974") or name ("Cher"), or of a region name
// ("Bretagne", "centre-val-de-loire"; accents, case and hyphens ignored) from
// the `france` file's départements and the built-in communes (a built-in
// file of that one département, such as `loir-et-cher` for "41", is used
// instead when there is one). Throws `InvalidArgumentError` naming
// `--region` when none has it.
Region LoadRegion(const std::string& name, const std::string& regions_dir = "");

// One occupation the generator knows: its family, its tension and the skill
// codes shared by candidates' skills and openings' requirements. Skill codes
// are readable "domain.skill" strings, e.g. "maconnerie.parpaing"; a code may
// belong to several occupations ("chantier.securite"), which makes skill
// coverage meaningful across neighbouring trades.
struct OccupationProfile {
  const char* rome;
  Family family;
  // Title used for openings, e.g. "Maçon".
  const char* title;
  // Share of hiring projects judged difficult, BMO 2020, national.
  double tension;
  CefrLevel min_french_level;
  std::vector<const char*> skills;
};
// The 24 métiers en tension of docs/synthetic.md, in ROME order within
// family order.
const std::vector<OccupationProfile>& OccupationProfiles();

}  // namespace passerelle::synthetic

#endif  // PASSERELLE_SYNTHETIC_H_
