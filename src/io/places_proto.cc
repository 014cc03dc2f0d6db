// `ResolvePlaces`: places filled in on the wire message (passerelle/places.h),
// for `passerelle validate --resolve`.
#include <string>
#include <vector>

#include "passerelle/internal/parallel.h"
#include "passerelle/places.h"
#include "passerelle/proto.h"
#include "passerelle/validate.h"

namespace passerelle {
namespace {

namespace pb = ::passerelle::v1;

// Fills `point` when it names a place and has no coordinates; true when
// filled. `where` names the point for the note.
template <typename PathFn>
bool FillPlace(pb::GeoPoint* point, const PathFn& where, std::vector<std::string>* notes) {
  if (point->insee_code().empty() && point->postal_code().empty() && point->place().empty()) return false;
  if (point->latitude() != 0 || point->longitude() != 0) return false;
  const PlaceResolution r = Communes::BuiltIn().Resolve(
      {point->insee_code(), point->postal_code(), point->place(), nullptr}, /*suggestions=*/false);
  if (!r.commune) return false;
  point->set_latitude(r.point.latitude);
  point->set_longitude(r.point.longitude);
  point->set_precision(pb::GEO_PRECISION_TOWN);
  if (notes && !r.note.empty()) notes->push_back(where() + ": " + r.note);
  return true;
}

}  // namespace

int64_t ResolvePlaces(pb::MatchRequest* request, std::vector<std::string>* notes) {
  // Candidates in slices over the host's threads (a national request has a
  // million), each slice's notes kept apart and listed in candidate order.
  const int num_candidates = request->candidates_size();
  const int slices = num_candidates >= 16384 ? internal::ResolveThreads(0) : 1;
  std::vector<std::vector<std::string>> slice_notes(static_cast<size_t>(slices));
  std::vector<int64_t> slice_filled(static_cast<size_t>(slices), 0);
  internal::ForSlices(slices, slices, [&](int64_t first_slice, int64_t last_slice) {
    for (int64_t t = first_slice; t < last_slice; ++t) {
      for (auto i = static_cast<int>(num_candidates * t / slices); i < num_candidates * (t + 1) / slices; ++i) {
        pb::Candidate* c = request->mutable_candidates(i);
        if (!c->has_home()) continue;
        slice_filled[static_cast<size_t>(t)] += FillPlace(
            c->mutable_home(), [&] { return RecordPath("candidates", i, c->id()) + ".home"; },
            notes ? &slice_notes[static_cast<size_t>(t)] : nullptr);
      }
    }
  });
  int64_t filled = 0;
  for (size_t t = 0; t < slice_notes.size(); ++t) {
    filled += slice_filled[t];
    if (notes) notes->insert(notes->end(), slice_notes[t].begin(), slice_notes[t].end());
  }
  for (int i = 0; i < request->openings_size(); ++i) {
    pb::Opening* o = request->mutable_openings(i);
    if (o->has_location()) {
      filled += FillPlace(o->mutable_location(), [&] { return RecordPath("openings", i, o->id()) + ".location"; }, notes);
    }
  }
  return filled;
}

}  // namespace passerelle
