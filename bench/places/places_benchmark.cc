// Places without coordinates: what resolving them costs (bench/RESULTS.md).
// - BM_BuiltInCommunes: parsing and indexing the embedded communes (paid once
//   per process, on first use).
// - BM_FromProto/{coordinates,insee}: converting a national request's
//   candidates (homes spread over every commune) given by coordinates or by
//   INSEE code; the difference is the cost of resolution.
#include <benchmark/benchmark.h>

#include <string>

#include "passerelle/places.h"
#include "passerelle/proto.h"

namespace passerelle {
extern const char kBuiltinCommunesCsv[];
namespace {

void BM_BuiltInCommunes(benchmark::State& state) {
  for (auto _ : state) {
    Communes communes(kBuiltinCommunesCsv, "builtin");
    benchmark::DoNotOptimize(communes.all().size());
  }
}
BENCHMARK(BM_BuiltInCommunes)->Unit(benchmark::kMillisecond);

// `num_candidates` candidates, the i-th in the i-th commune (cycling), by
// INSEE code or by its centroid.
v1::MatchRequest NationalRequest(int num_candidates, bool by_insee) {
  std::vector<const Commune*> communes;
  for (const Commune& c : Communes::BuiltIn().all()) {
    if (c.kind == CommuneKind::kCommune && c.has_centroid) communes.push_back(&c);
  }
  v1::MatchRequest r;
  v1::Opening* o = r.add_openings();
  o->set_id("o-1");
  o->set_kind(v1::OPENING_KIND_JOB);
  o->set_occupation("D1102");
  o->mutable_location()->set_latitude(47.58);
  o->mutable_location()->set_longitude(1.31);
  for (int i = 0; i < num_candidates; ++i) {
    const Commune& home = *communes[static_cast<size_t>(i) % communes.size()];
    v1::Candidate* c = r.add_candidates();
    c->set_id("c-" + std::to_string(i));
    if (by_insee) {
      c->mutable_home()->set_insee_code(std::string(home.insee_code));
    } else {
      c->mutable_home()->set_latitude(home.latitude);
      c->mutable_home()->set_longitude(home.longitude);
      c->mutable_home()->set_precision(v1::GEO_PRECISION_TOWN);
    }
    c->set_french_level(v1::CEFR_LEVEL_A2);
    c->set_right_to_work(v1::RIGHT_TO_WORK_FULL);
    c->add_target_occupations("D1102");
  }
  return r;
}

void BM_FromProto(benchmark::State& state, bool by_insee) {
  const v1::MatchRequest proto = NationalRequest(/*num_candidates=*/static_cast<int>(state.range(0)), by_insee);
  Communes::BuiltIn();  // loaded once per process, outside the loop
  for (auto _ : state) {
    MatchRequest request = FromProto(proto, {.threads = 1});
    benchmark::DoNotOptimize(request.candidates.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK_CAPTURE(BM_FromProto, coordinates, false)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(BM_FromProto, insee, true)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace passerelle

BENCHMARK_MAIN();
