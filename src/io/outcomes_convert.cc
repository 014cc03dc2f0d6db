// Conversion of outcomes (passerelle/outcomes.h) to and from
// `passerelle.v1`: `History`, `ScoreModel` and `FitReport`.
//
// A `v1::History` holds each placement's records as they were; in C++ they
// become one candidate and one opening per placement in `History::records`
// (employers once per id), checked as a request's records are, under the id
// "placements[k].candidate" / "placements[k].opening" so that a problem names
// the placement.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/outcomes.h"
#include "passerelle/proto.h"
#include "request_builder.h"

namespace passerelle {
namespace {

namespace pb = ::passerelle::v1;

void FillMetrics(const ModelMetrics& m, pb::ScoreModel::Metrics* p) {
  p->set_count(m.count);
  p->set_lasting(m.lasting);
  p->set_auc(m.auc);
  p->set_brier(m.brier);
  p->set_log_loss(m.log_loss);
  for (const CalibrationBin& b : m.calibration) {
    pb::ScoreModel::CalibrationBin* pbin = p->add_calibration();
    pbin->set_lower(b.lower);
    pbin->set_upper(b.upper);
    pbin->set_count(b.count);
    pbin->set_mean_predicted(b.mean_predicted);
    pbin->set_observed_rate(b.observed_rate);
  }
}

ModelMetrics ReadMetrics(const pb::ScoreModel::Metrics& p) {
  ModelMetrics m;
  m.count = p.count();
  m.lasting = p.lasting();
  m.auc = p.auc();
  m.brier = p.brier();
  m.log_loss = p.log_loss();
  for (const auto& b : p.calibration()) {
    m.calibration.push_back({b.lower(), b.upper(), b.count(), b.mean_predicted(), b.observed_rate()});
  }
  return m;
}

}  // namespace

ScoreModel FromProto(const v1::ScoreModel& proto) {
  ScoreModel model;
  model.intercept = proto.intercept();
  for (const auto& k : proto.coefficients()) model.coefficients.push_back({k.feature(), k.value()});
  return model;
}

v1::ScoreModel ToProto(const ScoreModel& model) {
  v1::ScoreModel p;
  p.set_intercept(model.intercept);
  for (const ModelCoefficient& k : model.coefficients) {
    auto* pk = p.add_coefficients();
    pk->set_feature(k.feature);
    pk->set_value(k.value);
  }
  return p;
}

v1::ScoreModel ToProto(const FitReport& report) {
  v1::ScoreModel p = ToProto(report.model);
  p.set_trained_from(FormatDate(report.trained_from));
  p.set_trained_to(FormatDate(report.trained_to));
  p.set_test_from(FormatDate(report.test_from));
  p.set_training_count(report.training_count);
  p.set_test_count(report.test_count);
  p.set_l2(report.l2);
  p.set_data_sha256(report.data_sha256);
  FillMetrics(report.test_metrics, p.mutable_test_metrics());
  for (const SubgroupMetrics& g : report.subgroup_metrics) {
    auto* pg = p.add_subgroup_metrics();
    pg->set_attribute(g.attribute);
    pg->set_value(g.value);
    FillMetrics(g.metrics, pg->mutable_metrics());
  }
  for (const std::string& w : report.warnings) p.add_warnings(w);
  return p;
}

FitReport FitReportFromProto(const v1::ScoreModel& proto) {
  FitReport r;
  r.model = FromProto(proto);
  ParseDate(proto.trained_from(), &r.trained_from);
  ParseDate(proto.trained_to(), &r.trained_to);
  ParseDate(proto.test_from(), &r.test_from);
  r.training_count = proto.training_count();
  r.test_count = proto.test_count();
  r.l2 = proto.l2();
  r.data_sha256 = proto.data_sha256();
  r.test_metrics = ReadMetrics(proto.test_metrics());
  for (const auto& g : proto.subgroup_metrics()) {
    r.subgroup_metrics.push_back({g.attribute(), g.value(), ReadMetrics(g.metrics())});
  }
  r.warnings.assign(proto.warnings().begin(), proto.warnings().end());
  return r;
}

History FromProto(const v1::History& proto, const ExecutionOptions& execution) {
  const int n = proto.placements_size();
  std::vector<std::string> problems;
  History history;
  history.description = proto.description();
  history.randomised = proto.randomised();
  history.placements.resize(static_cast<size_t>(n));
  for (int k = 0; k < n; ++k) {
    const pb::PastPlacement& p = proto.placements(k);
    PastPlacement& out = history.placements[static_cast<size_t>(k)];
    out.candidate = k;
    out.opening = k;
    const std::string path = "placements[" + std::to_string(k) + "]";
    if (!p.has_candidate()) problems.push_back(path + ".candidate: missing");
    if (!p.has_opening()) problems.push_back(path + ".opening: missing");
    if (p.placed_on().empty()) {
      problems.push_back(path + ".placed_on: missing (YYYY-MM-DD)");
    } else if (!ParseDate(p.placed_on(), &out.placed_on) || out.placed_on == kNoDate) {
      problems.push_back(path + ".placed_on: \"" + p.placed_on() + "\" is not a date (YYYY-MM-DD)");
    }
    out.lasting = p.outcome().lasting();
    if (p.outcome().has_days_employed_first_year()) {
      const int32_t days = p.outcome().days_employed_first_year();
      if (days < 0 || days > 366) {
        problems.push_back(path + ".outcome.days_employed_first_year: " + std::to_string(days) + " must be in [0, 366]");
      }
      out.days_employed_first_year = days;
    }
    if (problems.size() >= 20) break;
  }
  if (!problems.empty()) throw ValidationError(std::move(problems));

  io_internal::RequestBuilder builder(pb::Policy(), execution);
  builder.SetDescription(proto.description());
  std::unordered_set<std::string> employers;
  for (int k = 0; k < n; ++k) {
    const pb::PastPlacement& p = proto.placements(k);
    if (p.has_employer() && employers.insert(p.employer().id()).second) builder.AddEmployer(p.employer());
  }
  builder.AddCandidates(n, [&](int64_t k, pb::Candidate* scratch) -> const pb::Candidate& {
    *scratch = proto.placements(static_cast<int>(k)).candidate();
    scratch->set_id("placements[" + std::to_string(k) + "].candidate");
    return *scratch;
  });
  pb::Opening opening;
  for (int k = 0; k < n; ++k) {
    opening = proto.placements(k).opening();
    opening.set_id("placements[" + std::to_string(k) + "].opening");
    builder.AddOpening(opening);
  }
  builder.AddOverridesAndPreviousOf(pb::MatchRequest());
  history.records = builder.Finish();
  return history;
}

namespace {

using WireFormat = google::protobuf::internal::WireFormatLite;

// The fields of one message of `bytes`, by number: length-delimited ones as
// views into `bytes`, varints as values. False on bad wire data or a field
// `accept` refuses (unknown numbers, or known ones of the wrong wire type).
template <typename OnField>
bool ScanFields(std::string_view bytes, const OnField& on_field, size_t* error_at) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  in.SetTotalBytesLimit(static_cast<int>(bytes.size()));
  for (;;) {
    const uint32_t tag = in.ReadTag();
    if (tag == 0) break;
    const int number = static_cast<int>(WireFormat::GetTagFieldNumber(tag));
    const auto type = WireFormat::GetTagWireType(tag);
    if (type == WireFormat::WIRETYPE_LENGTH_DELIMITED) {
      uint32_t length;
      if (!in.ReadVarint32(&length) || length > bytes.size() - static_cast<size_t>(in.CurrentPosition())) {
        *error_at = static_cast<size_t>(in.CurrentPosition());
        return false;
      }
      const std::string_view value = bytes.substr(static_cast<size_t>(in.CurrentPosition()), length);
      if (!on_field(number, true, value, 0) || !in.Skip(static_cast<int>(length))) {
        *error_at = static_cast<size_t>(in.CurrentPosition());
        return false;
      }
    } else if (type == WireFormat::WIRETYPE_VARINT) {
      uint64_t value;
      if (!in.ReadVarint64(&value) || !on_field(number, false, std::string_view(), value)) {
        *error_at = static_cast<size_t>(in.CurrentPosition());
        return false;
      }
    } else {
      *error_at = static_cast<size_t>(in.CurrentPosition());
      return false;
    }
  }
  if (!in.ConsumedEntireMessage() || in.CurrentPosition() != static_cast<int>(bytes.size())) {
    *error_at = static_cast<size_t>(in.CurrentPosition());
    return false;
  }
  return true;
}

struct PlacementSpans {
  std::string_view candidate, opening, employer, placed_on, outcome;
  bool has_candidate = false, has_opening = false, has_employer = false;
};

// Index of each distinct byte string of `spans` (its first occurrence).
std::vector<int32_t> Distinct(const std::vector<std::string_view>& spans, std::vector<int32_t>* first_of) {
  std::unordered_map<std::string_view, int32_t> seen;
  seen.reserve(spans.size() / 4 + 16);
  std::vector<int32_t> index(spans.size());
  for (size_t k = 0; k < spans.size(); ++k) {
    const auto [it, inserted] = seen.try_emplace(spans[k], static_cast<int32_t>(first_of->size()));
    if (inserted) first_of->push_back(static_cast<int32_t>(k));
    index[k] = it->second;
  }
  return index;
}

}  // namespace

History ParseHistory(std::string_view bytes, std::string_view source, const ExecutionOptions& execution) {
  const std::string where(source);
  auto corrupt = [&](const std::string& what, size_t at) {
    throw InvalidArgumentError(where + ": not a valid binary passerelle.v1.History: " + what + " (at byte " +
                               std::to_string(at) + " of " + std::to_string(bytes.size()) + ")");
  };
  if (bytes.empty()) throw InvalidArgumentError(where + ": empty file");
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    throw LimitExceededError(where + ": " + std::to_string(bytes.size()) +
                             " bytes exceed the 2 GiB a binary protobuf message may hold");
  }
  History history;
  std::vector<std::string_view> placement_bytes;
  size_t at = 0;
  if (!ScanFields(
          bytes,
          [&](int number, bool delimited, std::string_view value, uint64_t varint) {
            if (number == pb::History::kPlacementsFieldNumber && delimited) {
              placement_bytes.push_back(value);
            } else if (number == pb::History::kDescriptionFieldNumber && delimited) {
              history.description.assign(value);
            } else if (number == pb::History::kRandomisedFieldNumber && !delimited) {
              history.randomised = varint != 0;
            } else {
              return false;
            }
            return true;
          },
          &at)) {
    corrupt("truncated, corrupt or an unknown field", at);
  }
  const size_t n = placement_bytes.size();
  std::vector<PlacementSpans> spans(n);
  std::vector<std::string> problems;
  history.placements.resize(n);
  for (size_t k = 0; k < n && problems.size() < 20; ++k) {
    PlacementSpans& s = spans[k];
    const std::string path = "placements[" + std::to_string(k) + "]";
    if (!ScanFields(
            placement_bytes[k],
            [&](int number, bool delimited, std::string_view value, uint64_t) {
              if (!delimited) return false;
              switch (number) {
                case pb::PastPlacement::kCandidateFieldNumber: s.candidate = value, s.has_candidate = true; break;
                case pb::PastPlacement::kOpeningFieldNumber: s.opening = value, s.has_opening = true; break;
                case pb::PastPlacement::kEmployerFieldNumber: s.employer = value, s.has_employer = true; break;
                case pb::PastPlacement::kPlacedOnFieldNumber: s.placed_on = value; break;
                case pb::PastPlacement::kOutcomeFieldNumber: s.outcome = value; break;
                default: return false;
              }
              return true;
            },
            &at)) {
      corrupt(path + ": truncated, corrupt or an unknown field", static_cast<size_t>(placement_bytes[k].data() - bytes.data()) + at);
    }
    PastPlacement& out = history.placements[k];
    if (!s.has_candidate) problems.push_back(path + ".candidate: missing");
    if (!s.has_opening) problems.push_back(path + ".opening: missing");
    if (s.placed_on.empty()) {
      problems.push_back(path + ".placed_on: missing (YYYY-MM-DD)");
    } else if (!ParseDate(s.placed_on, &out.placed_on) || out.placed_on == kNoDate) {
      problems.push_back(path + ".placed_on: \"" + std::string(s.placed_on) + "\" is not a date (YYYY-MM-DD)");
    }
    pb::Outcome outcome;
    if (!outcome.ParseFromArray(s.outcome.data(), static_cast<int>(s.outcome.size()))) {
      corrupt(path + ".outcome: truncated or corrupt", static_cast<size_t>(s.outcome.data() - bytes.data()));
    }
    out.lasting = outcome.lasting();
    if (outcome.has_days_employed_first_year()) {
      const int32_t days = outcome.days_employed_first_year();
      if (days < 0 || days > 366) {
        problems.push_back(path + ".outcome.days_employed_first_year: " + std::to_string(days) + " must be in [0, 366]");
      }
      out.days_employed_first_year = days;
    }
  }
  if (!problems.empty()) throw ValidationError(std::move(problems));

  // Records: each distinct one once (a person placed twice, an opening
  // filled twice), under the id of its first placement.
  std::vector<std::string_view> candidate_spans(n), opening_spans(n);
  for (size_t k = 0; k < n; ++k) {
    candidate_spans[k] = spans[k].candidate;
    opening_spans[k] = spans[k].opening;
  }
  std::vector<int32_t> first_candidate, first_opening;
  const std::vector<int32_t> candidate_of = Distinct(candidate_spans, &first_candidate);
  const std::vector<int32_t> opening_of = Distinct(opening_spans, &first_opening);
  for (size_t k = 0; k < n; ++k) {
    history.placements[k].candidate = candidate_of[k];
    history.placements[k].opening = opening_of[k];
  }
  auto parse = [&](std::string_view value, const std::string& path, google::protobuf::Message* message) {
    message->Clear();
    ParseMessage(value, FileFormat::kBinary, where + ": " + path, message, {.threads = 1});
  };
  io_internal::RequestBuilder builder(pb::Policy(), execution);
  builder.SetDescription(history.description);
  std::unordered_set<std::string_view> employer_bytes;
  std::unordered_set<std::string> employer_ids;
  pb::Employer employer;
  for (size_t k = 0; k < n; ++k) {
    if (!spans[k].has_employer || !employer_bytes.insert(spans[k].employer).second) continue;
    parse(spans[k].employer, "placements[" + std::to_string(k) + "].employer", &employer);
    if (employer_ids.insert(employer.id()).second) builder.AddEmployer(employer);
  }
  builder.AddCandidates(static_cast<int64_t>(first_candidate.size()),
                        [&](int64_t c, pb::Candidate* scratch) -> const pb::Candidate& {
                          const std::string path = "placements[" + std::to_string(first_candidate[static_cast<size_t>(c)]) + "].candidate";
                          parse(spans[static_cast<size_t>(first_candidate[static_cast<size_t>(c)])].candidate, path, scratch);
                          scratch->set_id(path);
                          return *scratch;
                        });
  pb::Opening opening;
  for (const int32_t k : first_opening) {
    const std::string path = "placements[" + std::to_string(k) + "].opening";
    parse(spans[static_cast<size_t>(k)].opening, path, &opening);
    opening.set_id(path);
    builder.AddOpening(opening);
  }
  builder.AddOverridesAndPreviousOf(pb::MatchRequest());
  history.records = builder.Finish();
  return history;
}

v1::History ToProto(const History& history) {
  v1::History p;
  p.set_description(history.description);
  p.set_randomised(history.randomised);
  const MatchRequest& r = history.records;
  for (const PastPlacement& past : history.placements) {
    pb::PastPlacement* out = p.add_placements();
    *out->mutable_candidate() = ToProto(r.candidates[static_cast<size_t>(past.candidate)]);
    const Opening& o = r.openings[static_cast<size_t>(past.opening)];
    *out->mutable_opening() = ToProto(o, r);
    if (o.employer != kNoEmployer) *out->mutable_employer() = ToProto(r.employers[static_cast<size_t>(o.employer)]);
    out->set_placed_on(FormatDate(past.placed_on));
    out->mutable_outcome()->set_lasting(past.lasting);
    if (past.days_employed_first_year) {
      out->mutable_outcome()->set_days_employed_first_year(*past.days_employed_first_year);
    }
  }
  return p;
}

}  // namespace passerelle
