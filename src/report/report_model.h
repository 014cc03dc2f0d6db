// What every report format shows, computed once: the rows (one per
// placement and per unplaced person, in request order of the people), the
// names, posts and towns, and the words of the report's language. The
// formats (report_csv.cc, report_xlsx.cc, report_html.cc) only lay it out.
#ifndef PASSERELLE_SRC_REPORT_REPORT_MODEL_H_
#define PASSERELLE_SRC_REPORT_REPORT_MODEL_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <vector>

#include "passerelle/model.h"
#include "passerelle/report.h"
#include "text/catalogue.h"

namespace passerelle::report {

using text::Message;

// A placement (`opening` >= 0) or an unplaced person (`opening` < 0; a
// person placed fewer times than needed has both).
struct Row {
  CandidateIndex candidate = 0;
  OpeningIndex opening = -1;
  // Index into the response's placements or unplaced.
  int32_t source = 0;
  double score = 0;
  double commute_minutes = 0;
  std::string mode;  // "en voiture"
  bool pinned = false;
  std::string explanation;
  // The unplaced reasons' details, each capitalised, and joined by the
  // clause separator.
  std::vector<std::string> reason_details;
  std::string reasons;
  bool placed() const { return opening >= 0; }
};

struct ReportModel {
  Language language = Language::kFrench;
  const v1::MatchRequest* request_proto = nullptr;
  const v1::MatchResponse* response = nullptr;
  MatchRequest request;
  // Per candidate and per opening.
  std::vector<std::string> person_name;
  std::vector<std::string> person_town;
  std::vector<std::string> opening_title;
  std::vector<std::string> opening_kind;
  std::vector<std::string> opening_occupation;  // "Label (CODE)", or ""
  std::vector<std::string> opening_employer;    // "" without employer
  std::vector<std::string> opening_town;
  std::vector<Row> rows;
  // Rows of each candidate, placement rows of each opening (indices into `rows`).
  std::vector<std::vector<int32_t>> rows_of_candidate;
  std::vector<std::vector<int32_t>> rows_of_opening;
  // The response's shortlist of each opening and of each candidate (index
  // into `response->shortlists()`, -1 for none).
  std::vector<int32_t> shortlist_of_opening;
  std::vector<int32_t> shortlist_of_candidate;
  std::unordered_map<std::string, CandidateIndex> candidate_by_id;
  std::unordered_map<std::string, OpeningIndex> opening_by_id;

  // Message `id` in the report's language.
  std::string Text(Message id, std::initializer_list<text::Arg> args = {}) const {
    return text::Format(id, language, args);
  }
  // A number as the language writes it ("0,62" / "0.62"; thousands grouped).
  std::string Number(double value, int decimals) const;
  std::string Integer(int64_t value) const;
  std::string Percent(double rate) const;  // "64 %"
  std::string StatusText(const Row& row) const;
  // "Domicile : Blois (41)".
  std::string LabelValue(Message label, const std::string& value) const {
    return Text(Message::kReportLabelValue, {{"label", Text(label)}, {"value", value}});
  }
  // A summary group's dimension ("gender") and value ("female") in words.
  std::string DimensionText(const std::string& dimension) const;
  std::string GroupValueText(const std::string& dimension, const std::string& value) const;
  // A kind as the summary names it ("job").
  std::string KindText(const std::string& kind) const;
};

// Checks that `response` belongs to `request` and computes the model.
// Throws `InvalidArgumentError` naming the record otherwise.
ReportModel BuildReportModel(const v1::MatchRequest& request, const v1::MatchResponse& response,
                             const ReportOptions& options);

// The column headers of the rows, and one row's cells, as text.
std::vector<std::string> RowHeaders(const ReportModel& model);
std::vector<std::string> RowCells(const ReportModel& model, const Row& row);

std::string RenderCsv(const ReportModel& model);
std::string RenderHtml(const ReportModel& model, const ReportOptions& options);
// Writes the workbook at `path` (atomically).
void WriteXlsx(const ReportModel& model, const std::string& path);

}  // namespace passerelle::report

#endif  // PASSERELLE_SRC_REPORT_REPORT_MODEL_H_
