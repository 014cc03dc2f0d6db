// Private to src/scoring: how problem messages quote a value, e.g.
// `openings[3] (id "o-17").occupation: "X12" is not a ROME code` (input
// checks, taxonomy files).
#ifndef PASSERELLE_SRC_SCORING_QUOTE_H_
#define PASSERELLE_SRC_SCORING_QUOTE_H_

#include <string>
#include <string_view>

#include "passerelle/validate.h"

namespace passerelle::scoring_internal {

// `s` quoted as every message quotes input: escaped and capped (QuoteValue).
inline std::string Quote(std::string_view s) { return QuoteValue(s); }

}  // namespace passerelle::scoring_internal

#endif  // PASSERELLE_SRC_SCORING_QUOTE_H_
