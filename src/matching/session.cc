// `Matcher`: an incremental session (see passerelle/matcher.h). It keeps
// the solve's state between solves (match.h), applies a counsellor's
// changes to the request and, where the kept network allows, to the
// network in place, and then re-solves warm from the last solution.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "match.h"
#include "overrides.h"
#include "passerelle/error.h"
#include "passerelle/matcher.h"
#include "passerelle/validate.h"
#include "passerelle/warnings.h"

namespace passerelle {

using matching::MatchNetwork;

class Matcher::Impl {
 public:
  Impl(MatchRequest request, const MatchOptions& options)
      : request_(std::move(request)),
        config_(options, /*warm=*/options.keep_warm_state),
        ids_(request_),
        state_(/*warm=*/options.keep_warm_state) {
    // Limits first: they are cheap, and protect what validation would cost.
    matching::CheckLimits(request_);
    ResolveDefaults(&request_);
    Validate(request_, config_.validation());
  }

  const MatchResponse& Solve() {
    matching::Stopwatch watch;
    matching::PrepareSolve(request_, config_, &state_, &watch);
    if (state_.network.editable) {
      ResolveInPlace(&watch);
    } else {
      matching::SolveAnew(request_, config_, &ids_, &state_, &watch);
    }
    // Warnings depend on the request only: kept until it changes.
    if (!warnings_) warnings_ = CollectWarnings(request_, {.taxonomy = config_.taxonomy});
    state_.last.response.warnings = *warnings_;
    return state_.last.response;
  }

  MatchResponse TakeResponse() {
    MatchResponse out = std::move(state_.last.response);
    state_.last.response = MatchResponse();
    state_.last.placement_pairs.clear();
    return out;
  }
  const MatchTimings& timings() const { return state_.timings; }
  const flow::Network& network() const { return state_.network.model.net; }
  const MatchRequest& request() const { return request_; }

  void AddCandidate(Candidate candidate) {
    ResolveDefaults(request_.policy, &candidate);
    AppendValidated(std::move(candidate), &request_.candidates);
    ids_.AddCandidate();
    RecordsChanged();
    state_.scores.AddCandidate();
    warnings_.reset();
  }

  void RemoveCandidate(std::string_view id) {
    const CandidateIndex c = FindCandidate(id);
    request_.candidates.erase(request_.candidates.begin() + c);
    RecordsChanged();
    ids_.RemoveCandidate(c);
    matching::EraseCandidateOverrides(c, &request_);
    state_.scores.RemoveCandidate(c);
    warnings_.reset();
  }

  void AddOpening(Opening opening) {
    ResolveDefaults(&opening);
    AppendValidated(std::move(opening), &request_.openings);
    ids_.AddOpening();
    RecordsChanged();
    state_.scores.Invalidate();  // every candidate may reach it
    warnings_.reset();
  }

  void RemoveOpening(std::string_view id) {
    const OpeningIndex o = FindOpening(id);
    request_.openings.erase(request_.openings.begin() + o);
    RecordsChanged();
    ids_.RemoveOpening(o);
    matching::EraseOpeningOverrides(o, &request_);
    state_.scores.Invalidate();
    warnings_.reset();
  }

  void SetCapacity(std::string_view id, int32_t capacity) {
    const OpeningIndex o = FindOpening(id);
    if (capacity < 0) {
      throw InvalidArgumentError(RecordPath("openings", o, request_.openings[o].id) + ".capacity: " +
                                 std::to_string(capacity) + " must be >= 0");
    }
    request_.openings[o].capacity = capacity;
    MatchNetwork& network = state_.network;
    if (network.editable) network.model.net.SetCapacity(network.model.opening_arcs[o], capacity);
    state_.greedy.Invalidate();
    warnings_.reset();
  }

  void AddOverride(matching::OverrideKind kind, std::string_view cid, std::string_view oid, std::string note) {
    const CandidateIndex c = FindCandidate(cid);
    const OpeningIndex o = FindOpening(oid);
    if (kind != matching::OverrideKind::kBan) {
      // Checked now, the session unchanged if it fails: a pin the solve
      // cannot place would make every later solve throw.
      matching::EvaluatePin(request_, *config_.taxonomy, {c, o, ""}, /*banned=*/{},
                            kind == matching::OverrideKind::kPin ? "Pin" : "Lock");
    }
    matching::AddOverride(kind, c, o, std::move(note), &request_, &state_);
    warnings_.reset();
  }

  void ClearOverride(std::string_view cid, std::string_view oid) {
    const CandidateIndex c = FindCandidate(cid);
    const OpeningIndex o = FindOpening(oid);
    matching::ClearOverride(c, o, &request_, &state_);
    warnings_.reset();
  }

 private:
  // Re-solves the kept network, edited in place, warm from the last
  // solution; the report moves over the placements of unchanged pairs.
  void ResolveInPlace(matching::Stopwatch* watch) {
    const Policy& policy = request_.policy;
    MatchNetwork& network = state_.network;
    network.editable = false;  // set again only if this solve succeeds
    matching::CheckOverrides(request_, network.pairs.lists);
    state_.timings.network = watch->Lap();
    state_.deadline.Start(policy, watch->start());
    flow::Solution solution = state_.deadline.Solver().Resolve(network.model.net, state_.warm_start.solution());
    if (solution.status == flow::SolveStatus::kTimeLimit) throw matching::TimeLimitError(policy, /*with_quotas=*/false);
    if (!solution.has_flow()) throw matching::UnplaceablePinsError();
    if (solution.status == flow::SolveStatus::kFeasible) {
      state_.greedy.ReplaceIfCheaper(request_, network.pairs.lists, network.model.net, &solution);
    }
    // A flow stopped at the time limit is kept too: the next re-solve starts
    // cold from it (only an optimal solution is a warm start).
    const MatchStatus status =
        solution.status == flow::SolveStatus::kOptimal ? MatchStatus::kOptimal : MatchStatus::kFeasibleNotProven;
    state_.warm_start.solution() = std::move(solution);
    state_.timings.solve = watch->Lap();
    state_.records.Ensure(request_);
    const std::string no_detail;
    const matching::ReportInput in{.request = request_,
                                   .taxonomy = *config_.taxonomy,
                                   .ids = &ids_,
                                   .scores = state_.scores,
                                   .records = state_.records,
                                   .network = network,
                                   .solution = state_.warm_start.solution(),
                                   .status = status,
                                   .infeasible_detail = no_detail,
                                   .threads = config_.threads};
    matching::WriteReport(in, network.pairs.lists, &state_.greedy, &state_.explanations, /*reuse_placements=*/true,
                          &state_.last);
    state_.timings.report = watch->Lap();
    network.editable = true;
  }

  // Appends `record` to `records`, one of the request's lists, unless the
  // request is then invalid (which throws).
  template <typename Record>
  void AppendValidated(Record record, std::vector<Record>* records) {
    records->push_back(std::move(record));
    try {
      Validate(request_, config_.validation());
    } catch (...) {
      records->pop_back();
      throw;
    }
  }

  // A record was added or removed: the network and the id orders change.
  void RecordsChanged() {
    state_.network.editable = false;
    state_.records.Invalidate();
  }

  CandidateIndex FindCandidate(std::string_view id) const {
    for (size_t i = 0; i < request_.candidates.size(); ++i) {
      if (request_.candidates[i].id == id) return static_cast<CandidateIndex>(i);
    }
    throw InvalidArgumentError("candidate id " + QuoteValue(id) + " is not in the session");
  }

  OpeningIndex FindOpening(std::string_view id) const {
    for (size_t i = 0; i < request_.openings.size(); ++i) {
      if (request_.openings[i].id == id) return static_cast<OpeningIndex>(i);
    }
    throw InvalidArgumentError("opening id " + QuoteValue(id) + " is not in the session");
  }

  MatchRequest request_;
  // The request's warnings, reset by every change.
  std::optional<std::vector<Warning>> warnings_;
  matching::SolveConfig config_;
  matching::StableIds ids_;
  matching::SolveState state_;
};

Matcher::Matcher(MatchRequest request, const MatchOptions& options)
    : impl_(std::make_unique<Impl>(std::move(request), options)) {}
Matcher::~Matcher() = default;
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;
const MatchResponse& Matcher::Solve() { return impl_->Solve(); }
MatchResponse Matcher::TakeResponse() { return impl_->TakeResponse(); }
const MatchRequest& Matcher::request() const { return impl_->request(); }
const MatchTimings& Matcher::timings() const { return impl_->timings(); }
const flow::Network& Matcher::network() const { return impl_->network(); }
void Matcher::AddCandidate(Candidate candidate) { impl_->AddCandidate(std::move(candidate)); }
void Matcher::RemoveCandidate(std::string_view id) { impl_->RemoveCandidate(id); }
void Matcher::AddOpening(Opening opening) { impl_->AddOpening(std::move(opening)); }
void Matcher::RemoveOpening(std::string_view id) { impl_->RemoveOpening(id); }
void Matcher::SetCapacity(std::string_view id, int32_t capacity) { impl_->SetCapacity(id, capacity); }
void Matcher::Pin(std::string_view c, std::string_view o, std::string note) {
  impl_->AddOverride(matching::OverrideKind::kPin, c, o, std::move(note));
}
void Matcher::Lock(std::string_view c, std::string_view o, std::string note) {
  impl_->AddOverride(matching::OverrideKind::kLock, c, o, std::move(note));
}
void Matcher::Ban(std::string_view c, std::string_view o, std::string note) {
  impl_->AddOverride(matching::OverrideKind::kBan, c, o, std::move(note));
}
void Matcher::ClearOverride(std::string_view c, std::string_view o) { impl_->ClearOverride(c, o); }

}  // namespace passerelle
