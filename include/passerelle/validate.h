// Validation of a request: every problem found, each with its field path.
//
// `FromProto` (passerelle/proto.h) runs these checks after converting, and
// `Match`, `Matcher` and `ScoreRequest` run them on what they are given, so
// no entry point works on an invalid request.
#ifndef PASSERELLE_VALIDATE_H_
#define PASSERELLE_VALIDATE_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/model.h"

namespace passerelle {

// The one validator of passerelle: `FromProto`, `Match`, `Matcher` (and its
// changes), `ScoreRequest` and `EvaluatePair` all check requests with these
// functions, so a problem has one message wherever it is found.

struct ValidationOptions {
  // Occupation codes are valid when ROME-shaped (a letter A-N and four
  // digits) or, if this is set, when it says they are known: a custom
  // taxonomy's own codes (scoring and matching pass their taxonomy's).
  std::function<bool(std::string_view)> is_known_occupation;
};

// Appends to `problems` one line per problem, of the form
// `openings[3] (id "o-17").capacity: -2 must be >= 0`. Checks: empty and
// duplicate ids; coordinates finite and in range; CEFR levels; capacities,
// ages, commute limits, priorities, skill levels and weights, tension in
// range; occupation codes (see `ValidationOptions`); preferred sectors;
// employer, pin, ban and lock references in range; policy weights >= 0 and
// of finite sum, shares in [0, 1], limits >= 0, and the quotas' shape (at
// most one candidate dimension and one opening dimension, no two quotas on
// the same group, opening quotas without employer caps). Zeros
// that stand for defaults (passerelle/model.h, `ResolveDefaults`) are valid.
void CollectProblems(const MatchRequest& request, std::vector<std::string>* problems,
                     const ValidationOptions& options = {});

// Throws `ValidationError` listing every problem, if any.
void Validate(const MatchRequest& request, const ValidationOptions& options = {});

// The same checks record by record, for callers that check as they go
// (scoring checks each candidate on the worker thread that scores it). Each
// appends its record's problems and returns true when there was none; they
// do not check ids or references between records, which need the whole
// request (`CollectProblems`). Thread-safe.
bool CollectPolicyProblems(const MatchRequest& request, std::vector<std::string>* problems);
bool CollectCandidateProblems(const MatchRequest& request, CandidateIndex candidate,
                              std::vector<std::string>* problems, const ValidationOptions& options = {});
bool CollectOpeningProblems(const MatchRequest& request, OpeningIndex opening, std::vector<std::string>* problems,
                            const ValidationOptions& options = {});

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
