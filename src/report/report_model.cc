// The report's model (report_model.h): the response checked against the
// request, each person's and opening's names, posts and towns, the rows.
#include "report/report_model.h"

#include <cmath>
#include <string>
#include <string_view>
#include <utility>

#include "passerelle/error.h"
#include "passerelle/places.h"
#include "passerelle/proto.h"
#include "passerelle/scoring.h"
#include "passerelle/taxonomy.h"

namespace passerelle::report {

namespace {

std::string Quoted(std::string_view id) {
  std::string out = "\"";
  for (char c : id) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

[[noreturn]] void NotOfRequest(const std::string& path, std::string_view id, const char* what) {
  throw InvalidArgumentError("response " + path + ": " + Quoted(id) + " is not " + what +
                             " of the request (the response and the request do not belong together)");
}

std::string CommuneLabel(const Commune& c) {
  std::string out(c.name);
  if (!c.departement.empty()) out += " (" + std::string(c.departement) + ")";
  return out;
}

// The town of a point: the place as the request gave it, else the commune of
// its INSEE or (unambiguous) postal code, else the commune nearest to it.
std::string TownOf(const v1::GeoPoint& given, const GeoPoint& point) {
  if (!given.place().empty()) return given.place();
  const Communes& communes = Communes::BuiltIn();
  if (!given.insee_code().empty()) {
    if (const Commune* c = communes.FindByInseeCode(given.insee_code())) return CommuneLabel(*c);
  }
  if (!given.postal_code().empty()) {
    const std::vector<const Commune*> found = communes.FindByPostalCode(given.postal_code());
    if (found.size() == 1) return CommuneLabel(*found[0]);
  }
  if (const Commune* c = communes.Nearest(point)) return CommuneLabel(*c);
  return "";
}

Message KindMessage(OpeningKind kind) {
  switch (kind) {
    case OpeningKind::kJob: return Message::kReportKindJob;
    case OpeningKind::kApprenticeship: return Message::kReportKindApprenticeship;
    case OpeningKind::kInternship: return Message::kReportKindInternship;
    case OpeningKind::kQualifyingTraining: return Message::kReportKindQualifyingTraining;
    case OpeningKind::kFrenchCourse: return Message::kReportKindFrenchCourse;
    case OpeningKind::kWorkplaceTrial: return Message::kReportKindWorkplaceTrial;
  }
  return Message::kReportKindJob;
}

Message ModeMessage(int proto_mode) {
  switch (proto_mode) {
    case v1::TRANSPORT_MODE_BICYCLE: return Message::kModeBicycle;
    case v1::TRANSPORT_MODE_PUBLIC_TRANSPORT: return Message::kModePublicTransport;
    case v1::TRANSPORT_MODE_CAR: return Message::kModeCar;
    case v1::TRANSPORT_MODE_MOPED: return Message::kModeMoped;
    case v1::TRANSPORT_MODE_CARPOOL: return Message::kModeCarpool;
    default: return Message::kModeWalk;
  }
}

// A reason's detail in `language`, made as the matcher makes it from the
// reason's code and count (src/matching/report/reason_text.cc); empty for
// the reasons whose detail needs more than that (the best score below the
// minimum, a quota's shortfall).
std::string ReasonText(const v1::Reason& reason, int32_t placements_needed, Language language) {
  const int64_t count = reason.count();
  auto counted = [&](Message id) { return text::Format(id, language, {{"count", count}}); };
  switch (reason.code()) {
    case v1::REASON_CODE_NO_RIGHT_TO_WORK: return counted(Message::kUnplacedNoRightToWork);
    case v1::REASON_CODE_DRIVING_LICENCE_REQUIRED: return counted(Message::kUnplacedDrivingLicence);
    case v1::REASON_CODE_VEHICLE_REQUIRED: return counted(Message::kUnplacedVehicle);
    case v1::REASON_CODE_FRENCH_LEVEL_TOO_LOW: return counted(Message::kUnplacedFrenchLevel);
    case v1::REASON_CODE_COMMUTE_TOO_LONG: return counted(Message::kUnplacedCommute);
    case v1::REASON_CODE_CHILDCARE_SCHEDULE: return counted(Message::kUnplacedChildcare);
    case v1::REASON_CODE_HEALTH_RESTRICTION: return counted(Message::kUnplacedHealth);
    case v1::REASON_CODE_AVAILABLE_TOO_LATE: return counted(Message::kUnplacedAvailableTooLate);
    case v1::REASON_CODE_FRENCH_ROUTING: return counted(Message::kUnplacedFrenchRouting);
    case v1::REASON_CODE_BANNED: return counted(Message::kUnplacedBanned);
    case v1::REASON_CODE_OUT_OF_PROJECT: return counted(Message::kUnplacedOutOfProject);
    case v1::REASON_CODE_NO_OPENING_IN_REACH:
      return count > 0 ? counted(Message::kUnplacedClosedOpenings)
                       : text::Format(Message::kUnplacedNoOpeningInReach, language);
    case v1::REASON_CODE_LOST_TO_BETTER_FIT: return counted(Message::kUnplacedLostToBetterFit);
    case v1::REASON_CODE_EMPLOYER_CAP: return text::Format(Message::kUnplacedEmployerCap, language);
    case v1::REASON_CODE_QUOTA: return text::Format(Message::kUnplacedQuotaLimit, language);
    case v1::REASON_CODE_SAME_SECTOR: return text::Format(Message::kUnplacedSameSector, language);
    case v1::REASON_CODE_PARTIALLY_PLACED:
      return text::Format(Message::kUnplacedPartiallyPlaced, language,
                          {{"placed", count}, {"needed", int64_t{placements_needed}}});
    default: return "";
  }
}

// The reason's detail in the report's language: remade when the response's
// detail is exactly what `ReasonText` gives in the request's language (so
// nothing, such as a counsellor's note, is lost), else the response's.
std::string ReasonDetail(const v1::Reason& reason, int32_t placements_needed, Language from, Language to) {
  if (from == to || reason.detail().empty()) return reason.detail();
  if (ReasonText(reason, placements_needed, from) != reason.detail()) return reason.detail();
  return ReasonText(reason, placements_needed, to);
}

}  // namespace

std::string ReportModel::Number(double value, int decimals) const {
  std::string out;
  text::Append(&out, "{v}", language, {text::Arg("v", value, decimals)});
  return out;
}

std::string ReportModel::Integer(int64_t value) const {
  std::string out;
  text::Append(&out, "{v}", language, {text::Arg("v", value)});
  return out;
}

std::string ReportModel::Percent(double rate) const {
  std::string number;
  text::Append(&number, "{v}", language, {text::Arg("v", 100 * rate, 0)});
  return Text(Message::kReportPercent, {{"percent", number}});
}

std::string ReportModel::StatusText(const Row& row) const {
  return Text(row.placed() ? Message::kReportStatusPlaced : Message::kReportStatusUnplaced);
}

std::string ReportModel::DimensionText(const std::string& dimension) const {
  if (dimension == "gender") return Text(Message::kReportDimGender);
  if (dimension == "country_of_origin") return Text(Message::kReportDimCountry);
  if (dimension == "departement") return Text(Message::kReportDimDepartement);
  if (dimension == "age_group") return Text(Message::kReportDimAgeGroup);
  return dimension;
}

std::string ReportModel::GroupValueText(const std::string& dimension, const std::string& value) const {
  if (value.empty() || value == "unspecified" || value == "unknown") return Text(Message::kReportNotGiven);
  if (dimension == "gender") {
    if (value == "female") return Text(Message::kReportGenderFemale);
    if (value == "male") return Text(Message::kReportGenderMale);
    if (value == "other") return Text(Message::kReportGenderOther);
  }
  return value;
}

std::string ReportModel::KindText(const std::string& kind) const {
  for (int k = 0; k < kNumOpeningKinds; ++k) {
    if (kind == ToString(static_cast<OpeningKind>(k))) return Text(KindMessage(static_cast<OpeningKind>(k)));
  }
  return kind;
}

ReportModel BuildReportModel(const v1::MatchRequest& request, const v1::MatchResponse& response,
                             const ReportOptions& options) {
  ReportModel m;
  m.request_proto = &request;
  m.response = &response;
  m.request = FromProto(request);
  const MatchRequest& r = m.request;
  m.language = options.language.value_or(r.policy.language);
  const Taxonomy& taxonomy = options.taxonomy != nullptr ? *options.taxonomy : Taxonomy::BuiltIn();
  const size_t nc = r.candidates.size();
  const size_t no = r.openings.size();
  for (size_t c = 0; c < nc; ++c) m.candidate_by_id.emplace(r.candidates[c].id, static_cast<CandidateIndex>(c));
  for (size_t o = 0; o < no; ++o) m.opening_by_id.emplace(r.openings[o].id, static_cast<OpeningIndex>(o));
  auto candidate = [&](const std::string& path, const std::string& id) {
    const auto it = m.candidate_by_id.find(id);
    if (it == m.candidate_by_id.end()) NotOfRequest(path, id, "a candidate");
    return it->second;
  };
  auto opening = [&](const std::string& path, const std::string& id) {
    const auto it = m.opening_by_id.find(id);
    if (it == m.opening_by_id.end()) NotOfRequest(path, id, "an opening");
    return it->second;
  };

  // Every id of the response, checked before anything is rendered.
  std::vector<std::pair<CandidateIndex, OpeningIndex>> placed(static_cast<size_t>(response.placements_size()));
  for (int i = 0; i < response.placements_size(); ++i) {
    const v1::Placement& p = response.placements(i);
    const std::string path = "placements[" + std::to_string(i) + "]";
    placed[static_cast<size_t>(i)] = {candidate(path + ".candidate_id", p.candidate_id()),
                                      opening(path + ".opening_id", p.opening_id())};
  }
  std::vector<CandidateIndex> unplaced(static_cast<size_t>(response.unplaced_size()));
  for (int i = 0; i < response.unplaced_size(); ++i) {
    const v1::Unplaced& u = response.unplaced(i);
    const std::string path = "unplaced[" + std::to_string(i) + "]";
    unplaced[static_cast<size_t>(i)] = candidate(path + ".candidate_id", u.candidate_id());
    for (int j = 0; j < u.reasons_size(); ++j) {
      for (int k = 0; k < u.reasons(j).opening_ids_size(); ++k) {
        opening(path + ".reasons[" + std::to_string(j) + "].opening_ids[" + std::to_string(k) + "]",
                u.reasons(j).opening_ids(k));
      }
    }
  }
  m.shortlist_of_opening.assign(no, -1);
  m.shortlist_of_candidate.assign(nc, -1);
  for (int i = 0; i < response.shortlists_size(); ++i) {
    const v1::Shortlist& s = response.shortlists(i);
    const std::string path = "shortlists[" + std::to_string(i) + "]";
    const bool of_opening = !s.opening_id().empty();
    if (of_opening) {
      m.shortlist_of_opening[static_cast<size_t>(opening(path + ".opening_id", s.opening_id()))] = i;
    } else {
      m.shortlist_of_candidate[static_cast<size_t>(candidate(path + ".candidate_id", s.candidate_id()))] = i;
    }
    for (int j = 0; j < s.entries_size(); ++j) {
      const std::string entry = path + ".entries[" + std::to_string(j) + "].id";
      if (of_opening) {
        candidate(entry, s.entries(j).id());
      } else {
        opening(entry, s.entries(j).id());
      }
    }
  }
  for (int i = 0; i < response.opening_fills_size(); ++i) {
    opening("opening_fills[" + std::to_string(i) + "].opening_id", response.opening_fills(i).opening_id());
  }

  // Names, posts, towns.
  m.person_name.resize(nc);
  m.person_town.resize(nc);
  for (size_t c = 0; c < nc; ++c) {
    const Candidate& cand = r.candidates[c];
    m.person_name[c] = cand.display_name.empty() ? cand.id : cand.display_name;
    m.person_town[c] = TownOf(request.candidates(static_cast<int>(c)).home(), cand.home);
  }
  m.opening_title.resize(no);
  m.opening_kind.resize(no);
  m.opening_occupation.resize(no);
  m.opening_employer.resize(no);
  m.opening_town.resize(no);
  for (size_t o = 0; o < no; ++o) {
    const Opening& op = r.openings[o];
    std::string label;
    if (!op.occupation.empty()) {
      label = std::string(taxonomy.Label(op.occupation));
      m.opening_occupation[o] = label.empty() ? op.occupation : label + " (" + op.occupation + ")";
    }
    m.opening_title[o] = !op.title.empty() ? op.title : !label.empty() ? label : op.id;
    m.opening_kind[o] = m.Text(KindMessage(op.kind));
    if (op.employer != kNoEmployer) {
      const Employer& e = r.employers[static_cast<size_t>(op.employer)];
      m.opening_employer[o] = e.name.empty() ? e.id : e.name;
    }
    m.opening_town[o] = TownOf(request.openings(static_cast<int>(o)).location(), op.location);
  }

  // Rows: each person's placements in response order, then their reasons.
  m.rows_of_candidate.assign(nc, {});
  m.rows_of_opening.assign(no, {});
  const bool same_language = m.language == r.policy.language;
  std::vector<Row> placement_rows(placed.size());
  for (size_t i = 0; i < placed.size(); ++i) {
    const v1::Placement& p = response.placements(static_cast<int>(i));
    Row& row = placement_rows[i];
    row.candidate = placed[i].first;
    row.opening = placed[i].second;
    row.source = static_cast<int32_t>(i);
    row.score = p.score();
    row.commute_minutes = p.commute_minutes();
    row.mode = m.Text(ModeMessage(p.commute_mode()));
    row.pinned = p.pinned();
    row.explanation = same_language
                          ? p.explanation()
                          : DescribePair(r, p.candidate_id(), p.opening_id(), m.language, taxonomy).explanation;
  }
  std::vector<Row> unplaced_rows(unplaced.size());
  for (size_t i = 0; i < unplaced.size(); ++i) {
    const v1::Unplaced& u = response.unplaced(static_cast<int>(i));
    Row& row = unplaced_rows[i];
    row.candidate = unplaced[i];
    row.source = static_cast<int32_t>(i);
    const int32_t needed = r.candidates[static_cast<size_t>(row.candidate)].placements_needed;
    for (const v1::Reason& reason : u.reasons()) {
      std::string detail = ReasonDetail(reason, needed, r.policy.language, m.language);
      if (detail.empty()) continue;
      text::CapitaliseFirst(&detail);
      row.reason_details.push_back(detail);
      if (!row.reasons.empty()) text::Append(&row.reasons, Message::kClauseSeparator, m.language);
      row.reasons += detail;
    }
  }
  std::vector<std::vector<int32_t>> placements_of(nc), unplaced_of(nc);
  for (size_t i = 0; i < placement_rows.size(); ++i) {
    placements_of[static_cast<size_t>(placed[i].first)].push_back(static_cast<int32_t>(i));
  }
  for (size_t i = 0; i < unplaced_rows.size(); ++i) {
    unplaced_of[static_cast<size_t>(unplaced[i])].push_back(static_cast<int32_t>(i));
  }
  m.rows.reserve(placement_rows.size() + unplaced_rows.size());
  for (size_t c = 0; c < nc; ++c) {
    for (int32_t i : placements_of[c]) {
      m.rows_of_candidate[c].push_back(static_cast<int32_t>(m.rows.size()));
      m.rows_of_opening[static_cast<size_t>(placement_rows[static_cast<size_t>(i)].opening)].push_back(
          static_cast<int32_t>(m.rows.size()));
      m.rows.push_back(std::move(placement_rows[static_cast<size_t>(i)]));
    }
    for (int32_t i : unplaced_of[c]) {
      m.rows_of_candidate[c].push_back(static_cast<int32_t>(m.rows.size()));
      m.rows.push_back(std::move(unplaced_rows[static_cast<size_t>(i)]));
    }
  }
  return m;
}

std::vector<std::string> RowHeaders(const ReportModel& m) {
  return {m.Text(Message::kReportColPerson),      m.Text(Message::kReportColPersonId),
          m.Text(Message::kReportColHomeTown),    m.Text(Message::kReportColStatus),
          m.Text(Message::kReportColTitle),       m.Text(Message::kReportColKind),
          m.Text(Message::kReportColOccupation),  m.Text(Message::kReportColEmployer),
          m.Text(Message::kReportColTown),        m.Text(Message::kReportColCommute),
          m.Text(Message::kReportColMode),        m.Text(Message::kReportColScore),
          m.Text(Message::kReportColExplanation), m.Text(Message::kReportColReasons),
          m.Text(Message::kReportColOpeningId)};
}

std::vector<std::string> RowCells(const ReportModel& m, const Row& row) {
  const size_t c = static_cast<size_t>(row.candidate);
  std::vector<std::string> cells = {m.person_name[c], m.request.candidates[c].id, m.person_town[c], m.StatusText(row)};
  if (row.placed()) {
    const size_t o = static_cast<size_t>(row.opening);
    cells.insert(cells.end(), {m.opening_title[o], m.opening_kind[o], m.opening_occupation[o], m.opening_employer[o],
                               m.opening_town[o], m.Number(std::round(row.commute_minutes), 0), row.mode,
                               m.Number(row.score, 2), row.explanation, "", m.request.openings[o].id});
  } else {
    cells.insert(cells.end(), {"", "", "", "", "", "", "", "", "", row.reasons, ""});
  }
  return cells;
}

}  // namespace passerelle::report
