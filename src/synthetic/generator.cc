// The entry points: `GenerateStreaming` checks the options, loads the region
// and streams the records in the order `RequestSink` promises (the openings
// are made first, because they create the employers the sink sees first);
// `Generate` collects them. Also what every piece shares: ids and dates.
#include "generator.h"

#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/synthetic.h"

namespace passerelle::synthetic {
namespace internal {

std::string NumberedId(const char* prefix, int64_t number, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*lld", prefix, width, static_cast<long long>(number));
  return buf;
}

Date BaseDate() {
  Date base = 0;
  ParseDate("2026-01-05", &base);
  return base;
}

}  // namespace internal

namespace {

void CheckCount(int64_t value, const char* option) {
  if (value < 0) {
    throw InvalidArgumentError(std::string(option) + ": must be >= 0, got " +
                               std::to_string(value));
  }
  constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
  if (value > kMax) {
    throw InvalidArgumentError(std::string(option) + ": at most " + std::to_string(kMax) +
                               ", got " + std::to_string(value));
  }
}

std::string Description(const GeneratorOptions& options, const Region& region) {
  return "passerelle synthetic request: region " + region.name + " (" + region.label +
         "), seed " + std::to_string(options.seed) + ", " + std::to_string(options.candidates) +
         " candidates, " + std::to_string(options.openings) + " openings";
}

class CollectingSink : public RequestSink {
 public:
  explicit CollectingSink(MatchRequest* request) : request_(request) {}
  void OnPolicy(const Policy& policy, const std::string& description) override {
    request_->policy = policy;
    request_->description = description;
  }
  void OnEmployer(EmployerIndex, const Employer& employer) override {
    request_->employers.push_back(employer);
  }
  void OnOpening(OpeningIndex, const Opening& opening, const Employer*) override {
    request_->openings.push_back(opening);
  }
  void OnCandidate(CandidateIndex, const Candidate& candidate) override {
    request_->candidates.push_back(candidate);
  }

 private:
  MatchRequest* request_;
};

}  // namespace

void GenerateStreaming(const GeneratorOptions& options, RequestSink& sink) {
  CheckCount(options.candidates, "--candidates");
  CheckCount(options.openings, "--openings");
  const internal::RegionTables tables(LoadRegion(options.region, options.regions_dir));
  sink.OnPolicy(Policy{}, Description(options, tables.region()));

  internal::EmployerDirectory directory(tables.region());
  internal::OpeningMaker opening_maker(tables, options.seed, &directory);
  std::vector<Opening> openings;
  openings.reserve(static_cast<size_t>(options.openings));
  for (int64_t i = 0; i < options.openings; ++i) openings.push_back(opening_maker.Make(i));
  const std::vector<Employer>& employers = directory.employers();
  for (size_t e = 0; e < employers.size(); ++e) {
    sink.OnEmployer(static_cast<EmployerIndex>(e), employers[e]);
  }
  for (size_t i = 0; i < openings.size(); ++i) {
    const Opening& o = openings[i];
    sink.OnOpening(static_cast<OpeningIndex>(i), o,
                   o.employer == kNoEmployer ? nullptr : &employers[o.employer]);
  }
  openings = {};

  const internal::CandidateMaker candidate_maker(tables, options.seed);
  Candidate candidate;
  for (int64_t i = 0; i < options.candidates; ++i) {
    candidate_maker.Make(i, &candidate);
    sink.OnCandidate(static_cast<CandidateIndex>(i), candidate);
  }
}

MatchRequest Generate(const GeneratorOptions& options) {
  CheckCount(options.candidates, "--candidates");
  MatchRequest request;
  request.candidates.reserve(static_cast<size_t>(options.candidates));
  CollectingSink sink(&request);
  GenerateStreaming(options, sink);
  return request;
}

}  // namespace passerelle::synthetic
