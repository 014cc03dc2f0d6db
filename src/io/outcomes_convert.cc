// Conversion of outcomes (passerelle/outcomes.h) to and from
// `passerelle.v1`: `History`, `ScoreModel` and `FitReport`.
//
// A `v1::History` holds each placement's records as they were; in C++ they
// become one candidate and one opening per placement in `History::records`
// (employers once per id), checked as a request's records are, under the id
// "placements[k].candidate" / "placements[k].opening" so that a problem names
// the placement.
#include <cstdint>
#include <string>
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
