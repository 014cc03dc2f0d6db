// `ResolvePlaces`: places filled in on the wire message (passerelle/places.h),
// for `passerelle validate --resolve`.
#include <string>
#include <vector>

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
  int64_t filled = 0;
  for (int i = 0; i < request->candidates_size(); ++i) {
    pb::Candidate* c = request->mutable_candidates(i);
    if (c->has_home()) {
      filled += FillPlace(c->mutable_home(), [&] { return RecordPath("candidates", i, c->id()) + ".home"; }, notes);
    }
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
