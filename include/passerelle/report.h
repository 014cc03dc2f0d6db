// Reports for counsellors: a match's request and response turned into a
// spreadsheet (CSV, XLSX) or one self-contained web page (HTML) that a job
// counsellor can read, print and hand on.
//
// What a report holds (docs/reports.md):
// - one row per placement and one per unplaced person: names
//   (`Candidate.display_name`, else the id), the post (`Opening.title`, else
//   the ROME label), the kind, the employer, the town (the place the request
//   gave, else the commune nearest to the coordinates, `Communes::Nearest`),
//   the commute, the score, the pair's sentence and the reasons;
// - XLSX: the same rows on two sheets, plus a summary and the openings;
// - HTML: the summary with charts as inline SVG, a card per person and per
//   opening (with its shortlist), a map drawn in SVG from the coordinates,
//   A4 print styles; no script, no network access (a Content-Security-Policy
//   forbids any load), every value escaped.
//
// Wording: the report's own words come from the catalogue in the report's
// language (src/text/catalogue_*.cc). The sentences are the response's when
// the report's language is the request's; otherwise each placement's
// sentence is made again in the report's language (`DescribePair`, as
// `passerelle explain` does) and the reasons of unplaced people keep the
// response's words.
//
// Cost: linear in the records; a Loir-et-Cher case of 1,500 people and 300
// openings writes in a few tens of milliseconds (bench/RESULTS.md).
#ifndef PASSERELLE_REPORT_H_
#define PASSERELLE_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "passerelle/model.h"
#include "passerelle/v1/passerelle.pb.h"

namespace passerelle {

class Taxonomy;

enum class ReportFormat : uint8_t { kCsv, kXlsx, kHtml };

// Format from the file name's extension (`.csv`, `.xlsx`, `.html` / `.htm`,
// any case). Throws `InvalidArgumentError` for another.
ReportFormat ReportFormatFromPath(std::string_view path);

struct ReportOptions {
  // The report's language; unset: the request's `policy.language`.
  std::optional<Language> language;
  // The HTML page holds a card for at most this many people and this many
  // openings (the first, in request order), then a note pointing to the
  // spreadsheets; the summary, the map and the spreadsheets cover everyone.
  int32_t max_person_cards = 2000;
  int32_t max_opening_cards = 1000;
  // ROME labels and new sentences; null: the built-in taxonomy.
  const Taxonomy* taxonomy = nullptr;
};

// Reads nothing and writes nothing: checks that `response` belongs to
// `request` and renders. Throws `InvalidArgumentError` naming the record
// when it does not (`placements[3].candidate_id: "c-9" is not a candidate
// of the request`) or when `request` is not valid (`FromProto`'s problems).
std::string RenderReportCsv(const v1::MatchRequest& request, const v1::MatchResponse& response,
                            const ReportOptions& options = {});
std::string RenderReportHtml(const v1::MatchRequest& request, const v1::MatchResponse& response,
                             const ReportOptions& options = {});

// Renders in the format of `path`'s extension and writes the file
// atomically (passerelle/proto.h, `WriteFileAtomically`): on any error
// nothing is written. Throws as above, and `IoError` when the file cannot be
// written.
void WriteReport(const v1::MatchRequest& request, const v1::MatchResponse& response, const std::string& path,
                 const ReportOptions& options = {});

// `text` as HTML text or attribute value: & < > " ' escaped. For pages
// built beside the reports (`passerelle backtest --out .html`).
std::string EscapeHtml(std::string_view text);

}  // namespace passerelle

#endif  // PASSERELLE_REPORT_H_
