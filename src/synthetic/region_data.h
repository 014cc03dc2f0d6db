// The region files of data/regions/, compiled into the library so that the
// generator needs no data directory. The definitions are generated at build
// time from the files themselves (embed_regions.cmake), so they never drift.
#ifndef PASSERELLE_SRC_SYNTHETIC_REGION_DATA_H_
#define PASSERELLE_SRC_SYNTHETIC_REGION_DATA_H_

#include <span>

namespace passerelle::synthetic::internal {

struct BuiltinRegion {
  // File stem, e.g. "occitanie".
  const char* name;
  // Whole file contents.
  const char* text;
};

// In file-name order.
std::span<const BuiltinRegion> BuiltinRegions();

// data/places/departements.csv: "departement,name,region,region_name" lines
// after a header.
extern const char kBuiltinDepartementsCsv[];

}  // namespace passerelle::synthetic::internal

#endif  // PASSERELLE_SRC_SYNTHETIC_REGION_DATA_H_
