// Validation of a request: every problem found, each with its field path.
//
// `FromProto` (passerelle/proto.h) runs these checks after converting, so
// requests read by the CLI or Python are always validated. C++ users who fill
// `MatchRequest` themselves call `Validate` before matching.
#ifndef PASSERELLE_VALIDATE_H_
#define PASSERELLE_VALIDATE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/model.h"

namespace passerelle {

// Appends to `problems` one line per problem, of the form
// `openings[3] (id "o-17").capacity: -2 must be >= 0`. Checks: empty and
// duplicate ids; coordinates finite and in range; capacities, ages, commute
// limits, priorities, skill levels and weights, tension in range; ROME-shaped
// occupation codes; employer, pin, ban and lock references in range; policy
// weights >= 0 and not all zero, shares in [0, 1], limits >= 0.
void CollectProblems(const MatchRequest& request, std::vector<std::string>* problems);

// Throws `ValidationError` listing every problem, if any.
void Validate(const MatchRequest& request);

// `candidates[12] (id "c-0042")`: the path prefix used in messages.
std::string RecordPath(const char* list, size_t index, const std::string& id);

// A value from the input as messages quote it: in double quotes, with
// control characters, quotes and backslashes escaped (`\n`, `\x1b`), so
// that no input can drive a terminal or forge a line; beyond
// `kQuotedMaxBytes` bytes it is cut (at a character boundary) and its size
// given, so that a 10 MB id does not make a 10 MB message.
inline constexpr size_t kQuotedMaxBytes = 64;
std::string QuoteValue(std::string_view value);

}  // namespace passerelle

#endif  // PASSERELLE_VALIDATE_H_
