// Validation of a request: every problem found, each with its field path.
//
// `FromProto` (passerelle/proto.h) runs these checks after converting, and
// `Match`, `Matcher` and `ScoreRequest` run them on what they are given, so
// no entry point works on an invalid request.
#ifndef PASSERELLE_VALIDATE_H_
#define PASSERELLE_VALIDATE_H_

#include <cstddef>
#include <cstdint>
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

// Problems as a finder collects them, the first `max_kept` kept and the
// rest only counted: a 10 MB file can hold millions of bad records, whose
// messages would take gigabytes while a person reads the first 50.
inline constexpr size_t kMaxKeptProblems = 1000;
class ProblemList {
 public:
  explicit ProblemList(size_t max_kept = kMaxKeptProblems) : max_kept_(max_kept) {}
  // True when a further problem would only be counted: callers skip
  // building its message.
  bool full() const { return kept_.size() >= max_kept_; }
  void Add(std::string problem) {
    ++count_;
    if (!full()) kept_.push_back(std::move(problem));
  }
  // One more problem, not kept.
  void Count() { ++count_; }
  // Appends `other`'s problems after these.
  void Append(ProblemList&& other);
  bool empty() const { return count_ == 0; }
  // Problems found, kept or not.
  size_t count() const { return count_; }
  const std::vector<std::string>& kept() const { return kept_; }
  std::vector<std::string>& kept() { return kept_; }
  // Throws `ValidationError` with these problems, if any.
  void ThrowIfAny() &&;

 private:
  size_t max_kept_;
  size_t count_ = 0;
  std::vector<std::string> kept_;
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

// The same, into a `ProblemList` (the first problems kept, all counted).
void CollectProblems(const MatchRequest& request, ProblemList* problems, const ValidationOptions& options = {});

// Throws `ValidationError` counting every problem, if any, and listing the
// first `kMaxKeptProblems`.
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

// The same checks again, in pieces, for readers that check records as they
// read them and keep none once the request is known to be refused (see
// `FromProto`). `CollectProblems` is, in this order: `CollectIdProblems`,
// the checks of each candidate, of each opening, of each employer and of
// each previous placement, then `CollectCrossRecordProblems`.
void CollectCandidateProblems(const Candidate& candidate, CandidateIndex index, ProblemList* problems,
                              const ValidationOptions& options = {});
void CollectOpeningProblems(const Opening& opening, OpeningIndex index, size_t num_employers, ProblemList* problems,
                            const ValidationOptions& options = {});
void CollectEmployerProblems(const Employer& employer, EmployerIndex index, ProblemList* problems);
void CollectPreviousPlacementProblems(const PreviousPlacement& previous, size_t index, ProblemList* problems);
// Empty and duplicate ids of the candidates, then the openings, then the
// employers.
void CollectIdProblems(const MatchRequest& request, ProblemList* problems);
// The checks spanning records: the policy and the pins, bans and locks, for
// a request of `num_candidates` and `num_openings` records (`request` may
// hold fewer: a reader that dropped them).
void CollectCrossRecordProblems(const MatchRequest& request, size_t num_candidates, size_t num_openings,
                                ProblemList* problems);

// The id check of one list fed record by record, in order: the problems of
// `CollectIdProblems` for that list (which uses it). Keeps a copy of each
// id; a flat table of hash bits finds them (1,100,000 national ids in 0.1
// s, against 0.6 s for a map; bench/RESULTS.md, "Issue 22, ninth round").
class IdChecker {
 public:
  explicit IdChecker(const char* list) : list_(list) {}
  void Add(size_t index, const std::string& id, ProblemList* problems);
  // The index of the first record added with `id` (empty included), or -1.
  int64_t Find(const std::string& id) const;

 private:
  std::string_view Id(size_t entry) const;
  // Where `id` (of hash `hash`) is in `table_`, or the empty slot where it
  // would go.
  size_t SlotOf(std::string_view id, uint64_t hash) const;
  void Grow();

  const char* list_;
  // Each distinct id once, end to end in `text_`; per distinct id, its end
  // there and the index of its first record.
  std::string text_;
  std::vector<size_t> ends_;
  std::vector<size_t> first_;
  // Open addressing, at most half full: the top bits of an id's hash, then
  // its entry + 1 (0: an empty slot).
  std::vector<uint64_t> table_;
  int64_t first_empty_ = -1;
};

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
