// Companion of score_numpy.py: generates a synthetic region, writes the
// prepared scoring inputs (the arrays ScoreRequest's pair loop reads) as .npy
// files, times ScoreRequest on it and writes its result, so that the numpy
// implementation runs the same formula on the same data in the same run.
//
// Usage: score_export OUT_DIR REGION CANDIDATES OPENINGS REPETITIONS
// Prints one line per thread count: "cpp threads=T median_wall_s=... median_cpu_s=...".
// With PASSERELLE_SCORING_PORTABLE=1 in the environment, ScoreRequest runs its
// portable pass 1 instead of the AVX2 one (the results are the same).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "pass1.h"  // src/scoring: SetSimdAllowed
#include "passerelle/scoring.h"
#include "passerelle/validate.h"
#include "passerelle/synthetic.h"
#include "prepared.h"  // src/scoring: the prepared form of a request

namespace passerelle {
namespace {

using namespace scoring_internal;

template <typename T>
const char* Descr();
template <> const char* Descr<double>() { return "<f8"; }
template <> const char* Descr<float>() { return "<f4"; }
template <> const char* Descr<int64_t>() { return "<i8"; }
template <> const char* Descr<int32_t>() { return "<i4"; }
template <> const char* Descr<uint32_t>() { return "<u4"; }
template <> const char* Descr<int8_t>() { return "|i1"; }
template <> const char* Descr<uint8_t>() { return "|u1"; }

// Writes a C-order array in NPY format 1.0.
template <typename T>
void WriteNpy(const std::string& dir, const std::string& name, const std::vector<T>& data,
              int64_t rows, int64_t cols = 0) {
  std::string header = std::string("{'descr': '") + Descr<T>() +
                       "', 'fortran_order': False, 'shape': (" + std::to_string(rows) +
                       (cols > 0 ? ", " + std::to_string(cols) + ")" : ",)") + ", }";
  const size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::ofstream out(dir + "/" + name + ".npy", std::ios::binary);
  out.write("\x93NUMPY\x01\x00", 8);
  const auto len = static_cast<uint16_t>(header.size());
  const char len_bytes[2] = {static_cast<char>(len & 0xff), static_cast<char>(len >> 8)};
  out.write(len_bytes, 2);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  out.write(reinterpret_cast<const char*>(data.data()),
            static_cast<std::streamsize>(data.size() * sizeof(T)));
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int Run(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s OUT_DIR REGION CANDIDATES OPENINGS REPETITIONS\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  synthetic::GeneratorOptions options;
  options.region = argv[2];
  options.candidates = std::stoll(argv[3]);
  options.openings = std::stoll(argv[4]);
  const int repetitions = std::stoi(argv[5]);
  const MatchRequest request = synthetic::Generate(options);
  // PASSERELLE_SCORING_PORTABLE=1: time (and export) the portable pass 1.
  if (const char* portable = std::getenv("PASSERELLE_SCORING_PORTABLE");
      portable != nullptr && std::string(portable) == "1") {
    SetSimdAllowed(false);
  }
  const auto n = static_cast<int64_t>(request.candidates.size());
  const auto m = static_cast<int64_t>(request.openings.size());

  // Prepared inputs, exactly as ScoreRequest builds them.
  const Taxonomy& taxonomy = Taxonomy::BuiltIn();
  std::vector<std::string> problems;
  CollectProblems(request, &problems,
                  {.is_known_occupation = [&](std::string_view code) { return taxonomy.Contains(code); }});
  if (!problems.empty()) {
    std::fprintf(stderr, "invalid request: %s\n", problems[0].c_str());
    return 1;
  }
  Context ctx;
  PreparePolicy(request, taxonomy, &ctx);
  for (const Opening& o : request.openings) IndexOpening(o, &ctx);
  FinishOccupationTable(&ctx);
  std::vector<OpeningData> openings(m);
  for (int64_t j = 0; j < m; ++j) {
    PrepareOpening(request, static_cast<OpeningIndex>(j), &ctx, &openings[j]);
  }
  std::vector<CandidateData> candidates(n);
  for (int64_t i = 0; i < n; ++i) {
    PrepareCandidate(ctx, static_cast<CandidateIndex>(i), &candidates[i]);
  }

  {
    std::ofstream meta(dir + "/meta.txt");
    meta << "weights";
    for (double w : ctx.weights) meta << " " << w;
    meta << "\ndetour " << ctx.detour << "\nhalf_life " << ctx.half_life
         << "\ncommute " << ctx.constraints.commute << "\nvehicle " << ctx.constraints.vehicle
         << "\nfrench_level " << ctx.constraints.french_level << "\navailability "
         << ctx.constraints.availability << "\nmax_pairs " << ctx.max_pairs << "\nnum_skills "
         << ctx.skill_index.size() << "\n";
  }

  // Candidates.
  size_t ko = 1, ks = 1;
  for (const CandidateData& c : candidates) {
    ko = std::max(ko, c.occupations.size());
    ks = std::max(ks, c.skills.size());
  }
  std::vector<double> c_xyz, c_lonlat, c_max_minutes, c_reach2, c_search2, c_occ_weight;
  std::vector<uint32_t> c_blocked, c_pref_sectors, c_pref_contracts, c_occ_packed;
  std::vector<int32_t> c_available, c_occ_row, c_skill_id;
  std::vector<float> c_skill_level;
  std::vector<int8_t> c_french;
  std::vector<uint8_t> c_modes, c_home_transit, c_has_car, c_trials, c_short, c_has_occ;
  for (int64_t i = 0; i < n; ++i) {
    const CandidateData& c = candidates[i];
    c_xyz.insert(c_xyz.end(), {c.p.x, c.p.y, c.p.z});
    c_lonlat.insert(c_lonlat.end(),
                    {request.candidates[i].home.longitude, request.candidates[i].home.latitude});
    c_blocked.push_back(c.blocked);
    c_french.push_back(c.french);
    c_available.push_back(c.available);
    c_max_minutes.push_back(c.max_minutes);
    c_modes.push_back(c.modes);
    c_home_transit.push_back(static_cast<uint8_t>(c.home_transit));
    c_has_car.push_back(c.has_car);
    c_reach2.insert(c_reach2.end(), {c.reach2_other, c.reach2_transit_day, c.reach2_transit_city,
                                     c.reach2_car, c.reach2_own});
    c_search2.push_back(c.search_chord2);
    c_pref_sectors.push_back(c.preferred_sectors);
    c_pref_contracts.push_back(c.preferred_contracts);
    c_trials.push_back(c.prefers_trials);
    c_short.push_back(c.prefers_short);
    c_has_occ.push_back(!c.occupations.empty());
    for (size_t k = 0; k < ko; ++k) {
      const bool has = k < c.occupations.size();
      c_occ_row.push_back(has ? c.occupations[k].row : -1);
      c_occ_packed.push_back(has ? c.occupations[k].packed : 0);
      c_occ_weight.push_back(has ? c.occupations[k].weight : 0.0);
    }
    for (size_t k = 0; k < ks; ++k) {
      const bool has = k < c.skills.size();
      c_skill_id.push_back(has ? c.skills[k].skill : 0);
      c_skill_level.push_back(has ? c.skills[k].level : 0.0f);
    }
  }
  WriteNpy(dir, "c_xyz", c_xyz, n, 3);
  WriteNpy(dir, "c_lonlat", c_lonlat, n, 2);
  WriteNpy(dir, "c_blocked", c_blocked, n);
  WriteNpy(dir, "c_french", c_french, n);
  WriteNpy(dir, "c_available", c_available, n);
  WriteNpy(dir, "c_max_minutes", c_max_minutes, n);
  WriteNpy(dir, "c_modes", c_modes, n);
  WriteNpy(dir, "c_home_transit", c_home_transit, n);
  WriteNpy(dir, "c_has_car", c_has_car, n);
  WriteNpy(dir, "c_reach2", c_reach2, n, 5);
  WriteNpy(dir, "c_search2", c_search2, n);
  WriteNpy(dir, "c_pref_sectors", c_pref_sectors, n);
  WriteNpy(dir, "c_pref_contracts", c_pref_contracts, n);
  WriteNpy(dir, "c_prefers_trials", c_trials, n);
  WriteNpy(dir, "c_prefers_short", c_short, n);
  WriteNpy(dir, "c_has_occ", c_has_occ, n);
  WriteNpy(dir, "c_occ_row", c_occ_row, n, static_cast<int64_t>(ko));
  WriteNpy(dir, "c_occ_packed", c_occ_packed, n, static_cast<int64_t>(ko));
  WriteNpy(dir, "c_occ_weight", c_occ_weight, n, static_cast<int64_t>(ko));
  WriteNpy(dir, "c_skill_id", c_skill_id, n, static_cast<int64_t>(ks));
  WriteNpy(dir, "c_skill_level", c_skill_level, n, static_cast<int64_t>(ks));

  // Openings.
  int32_t kr = 1, kp = 1;
  for (const OpeningData& o : openings) {
    kr = std::max(kr, o.req_end - o.req_begin);
    kp = std::max(kp, o.opt_end - o.opt_begin);
  }
  std::vector<double> o_xyz, o_lonlat, o_tension, o_req_weight, o_opt_weight;
  std::vector<uint32_t> o_needs, o_packed, o_sector_bit, o_contract_bit;
  std::vector<int32_t> o_start, o_occ_col, o_req_skill, o_opt_skill, o_req_count;
  std::vector<int8_t> o_min_french, o_min_accepted;
  std::vector<uint8_t> o_transit, o_trains, o_french_training, o_french_course, o_trial, o_short;
  for (int64_t j = 0; j < m; ++j) {
    const OpeningData& o = openings[j];
    o_xyz.insert(o_xyz.end(), {o.p.x, o.p.y, o.p.z});
    o_lonlat.insert(o_lonlat.end(),
                    {request.openings[j].location.longitude, request.openings[j].location.latitude});
    o_needs.push_back(o.needs);
    o_start.push_back(o.start);
    o_min_french.push_back(o.min_french);
    o_min_accepted.push_back(o.min_accepted);
    o_transit.push_back(o.transit);
    o_occ_col.push_back(o.occ_column);
    o_packed.push_back(o.packed_code);
    o_tension.push_back(o.tension);
    o_sector_bit.push_back(o.sector_bit);
    o_contract_bit.push_back(o.contract_bit);
    o_trains.push_back(o.trains_skills);
    o_french_training.push_back(o.french_training);
    o_french_course.push_back(o.french_course);
    o_trial.push_back(o.trial);
    o_short.push_back(o.short_commitment);
    o_req_count.push_back(o.req_end - o.req_begin);
    for (int32_t k = 0; k < kr; ++k) {
      const bool has = o.req_begin + k < o.req_end;
      o_req_skill.push_back(has ? ctx.requirements[o.req_begin + k].skill : 0);
      o_req_weight.push_back(has ? ctx.requirements[o.req_begin + k].weight : 0.0);
    }
    for (int32_t k = 0; k < kp; ++k) {
      const bool has = o.opt_begin + k < o.opt_end;
      o_opt_skill.push_back(has ? ctx.requirements[o.opt_begin + k].skill : 0);
      o_opt_weight.push_back(has ? ctx.requirements[o.opt_begin + k].weight : 0.0);
    }
  }
  WriteNpy(dir, "o_xyz", o_xyz, m, 3);
  WriteNpy(dir, "o_lonlat", o_lonlat, m, 2);
  WriteNpy(dir, "o_needs", o_needs, m);
  WriteNpy(dir, "o_start", o_start, m);
  WriteNpy(dir, "o_min_french", o_min_french, m);
  WriteNpy(dir, "o_min_accepted", o_min_accepted, m);
  WriteNpy(dir, "o_transit", o_transit, m);
  WriteNpy(dir, "o_occ_col", o_occ_col, m);
  WriteNpy(dir, "o_packed", o_packed, m);
  WriteNpy(dir, "o_tension", o_tension, m);
  WriteNpy(dir, "o_sector_bit", o_sector_bit, m);
  WriteNpy(dir, "o_contract_bit", o_contract_bit, m);
  WriteNpy(dir, "o_trains", o_trains, m);
  WriteNpy(dir, "o_french_training", o_french_training, m);
  WriteNpy(dir, "o_french_course", o_french_course, m);
  WriteNpy(dir, "o_trial", o_trial, m);
  WriteNpy(dir, "o_short", o_short, m);
  WriteNpy(dir, "o_req_count", o_req_count, m);
  WriteNpy(dir, "o_req_skill", o_req_skill, m, kr);
  WriteNpy(dir, "o_req_weight", o_req_weight, m, kr);
  WriteNpy(dir, "o_opt_skill", o_opt_skill, m, kp);
  WriteNpy(dir, "o_opt_weight", o_opt_weight, m, kp);
  WriteNpy(dir, "occ_table", ctx.occ_table, Taxonomy::BuiltIn().size(),
           std::max<int64_t>(1, ctx.num_columns));

  // Time ScoreRequest (the whole call: validation, preparation, pair loop).
  ScoreMatrix result;
  for (int threads : {1, 2}) {
    std::vector<double> wall, cpu;
    for (int r = 0; r < repetitions; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      const std::clock_t c0 = std::clock();
      result = ScoreRequest(request, {.execution = {.threads = threads}});
      cpu.push_back(static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
      wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::printf("cpp threads=%d median_wall_s=%.4f median_cpu_s=%.4f examined=%lld feasible=%lld kept=%lld\n",
                threads, Median(wall), Median(cpu), static_cast<long long>(result.pairs_examined()),
                static_cast<long long>(result.pairs_feasible()),
                static_cast<long long>(result.num_entries()));
    std::fflush(stdout);
  }
  std::vector<int64_t> r_offsets(result.row_offsets().begin(), result.row_offsets().end());
  std::vector<int32_t> r_opening, r_examined, r_feasible, r_excluded;
  std::vector<float> r_score, r_fields;
  std::vector<uint8_t> r_mode, r_nothing_in_reach;
  for (const ScoredPair& p : result.entries()) {
    r_opening.push_back(p.opening);
    r_score.push_back(p.score);
    r_fields.insert(r_fields.end(), {p.commute_minutes, p.skills, p.occupation, p.french,
                                     p.commute, p.tension, p.preferences});
    r_mode.push_back(static_cast<uint8_t>(p.commute_mode));
  }
  for (int64_t i = 0; i < n; ++i) {
    r_nothing_in_reach.push_back(result.nothing_in_reach(static_cast<CandidateIndex>(i)));
    r_examined.push_back(result.examined(static_cast<CandidateIndex>(i)));
    r_feasible.push_back(result.feasible(static_cast<CandidateIndex>(i)));
    for (int32_t x : result.excluded_counts(static_cast<CandidateIndex>(i))) r_excluded.push_back(x);
  }
  WriteNpy(dir, "r_offsets", r_offsets, n + 1);
  WriteNpy(dir, "r_opening", r_opening, static_cast<int64_t>(r_opening.size()));
  WriteNpy(dir, "r_score", r_score, static_cast<int64_t>(r_score.size()));
  // The other fields of each kept pair (commute minutes, the six components)
  // and the mode, and nothing_in_reach per candidate: not read by
  // score_numpy.py, written to compare two builds of ScoreRequest exactly.
  WriteNpy(dir, "r_fields", r_fields, static_cast<int64_t>(r_score.size()), 7);
  WriteNpy(dir, "r_mode", r_mode, static_cast<int64_t>(r_mode.size()));
  WriteNpy(dir, "r_nothing_in_reach", r_nothing_in_reach, n);
  WriteNpy(dir, "r_examined", r_examined, n);
  WriteNpy(dir, "r_feasible", r_feasible, n);
  WriteNpy(dir, "r_excluded", r_excluded, n, 10);
  return 0;
}

}  // namespace
}  // namespace passerelle

int main(int argc, char** argv) { return passerelle::Run(argc, argv); }
