// A request built record by record, as a reader meets them (file_io.cc reads
// a binary request one top-level record at a time, so that no whole
// `v1::MatchRequest` is ever held), with the problems `FromProto` reports,
// in its order.
//
// Memory stays bounded on files of millions of bad records (2 bytes each in
// binary): records are kept only while no problem has been found; once the
// request is known to be refused, each record is still converted and checked
// (its problems are counted) and then dropped, and problem messages are kept
// only up to `kMaxKeptProblems` per kind (`ProblemList`).
#ifndef PASSERELLE_SRC_IO_REQUEST_BUILDER_H_
#define PASSERELLE_SRC_IO_REQUEST_BUILDER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "passerelle/execution.h"
#include "passerelle/model.h"
#include "passerelle/v1/passerelle.pb.h"

namespace passerelle::io_internal {

class RequestBuilder {
 public:
  // `policy` comes first: converting records needs it. Its pins, bans and
  // locks are not read: they come through `AddOverride`.
  RequestBuilder(const v1::Policy& policy, const ExecutionOptions& execution);
  ~RequestBuilder();

  void SetDescription(std::string description);
  // Employers come before openings, which name them.
  void AddEmployer(const v1::Employer& employer);
  // Adds `count` candidates in slices over the threads: `get(k, scratch)`
  // returns the k-th, which it may parse into `scratch` (one message per
  // thread); what it throws is rethrown.
  void AddCandidates(int64_t count, const std::function<const v1::Candidate&(int64_t, v1::Candidate*)>& get);
  void AddOpening(const v1::Opening& opening);
  // After every record: the policy's pins, then its bans, then its locks.
  enum class OverrideList { kPins, kBans, kLocks };
  void AddOverride(OverrideList list, const v1::PairOverride& override);
  void AddPreviousPlacement(const v1::PreviousPlacement& previous);
  // After every record, for a reader holding them in a message: its
  // policy's pins, bans and locks, then its previous placements.
  void AddOverridesAndPreviousOf(const v1::MatchRequest& request);

  // The request, or `ValidationError` with the first problems (in
  // `FromProto`'s order) and their count.
  MatchRequest Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace passerelle::io_internal

#endif  // PASSERELLE_SRC_IO_REQUEST_BUILDER_H_
