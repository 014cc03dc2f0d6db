// The XLSX report (libxlsxwriter): sheets "Placements", "Sans placement"
// (unplaced people), "Synthèse" (summary) and "Offres" (openings), each with
// a bold, frozen header row, a filter and set column widths; scores and
// minutes are numbers. libxlsxwriter 1.1 writes to a path only, so the
// workbook goes to a private temporary file whose bytes are then written
// atomically to the target (`WriteFileAtomically`).
#include <unistd.h>
#include <xlsxwriter.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "passerelle/error.h"
#include "passerelle/proto.h"
#include "report/report_model.h"

namespace passerelle::report {

namespace {

// XML 1.0 has no place for C0 control characters other than tab and line
// ends: they are dropped (Excel refuses a file holding them).
std::string Clean(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    out += c;
  }
  return out;
}

struct Column {
  std::string header;
  double width;
};

class Sheet {
 public:
  Sheet(lxw_workbook* book, const std::string& name, const std::vector<Column>& columns, lxw_format* bold)
      : sheet_(workbook_add_worksheet(book, Clean(name).c_str())) {
    for (size_t c = 0; c < columns.size(); ++c) {
      worksheet_set_column(sheet_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), columns[c].width, nullptr);
      worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(c), Clean(columns[c].header).c_str(), bold);
    }
    worksheet_freeze_panes(sheet_, 1, 0);
    columns_ = columns.size();
  }
  void Text(lxw_col_t col, const std::string& value, lxw_format* format = nullptr) {
    if (!value.empty()) worksheet_write_string(sheet_, row_, col, Clean(value).c_str(), format);
  }
  void Number(lxw_col_t col, double value, lxw_format* format) {
    if (std::isfinite(value)) worksheet_write_number(sheet_, row_, col, value, format);
  }
  void NextRow() { ++row_; }
  lxw_row_t row() const { return row_; }
  void Finish() {
    if (columns_ > 0) worksheet_autofilter(sheet_, 0, 0, row_ > 0 ? row_ : 1, static_cast<lxw_col_t>(columns_ - 1));
  }

 private:
  lxw_worksheet* sheet_;
  lxw_row_t row_ = 1;
  size_t columns_ = 0;
};

}  // namespace

void WriteXlsx(const ReportModel& m, const std::string& path) {
  std::string tmp = "/tmp/passerelle-report-XXXXXX";
  if (const char* dir = std::getenv("TMPDIR"); dir != nullptr && *dir != '\0') {
    tmp = std::string(dir) + "/passerelle-report-XXXXXX";
  }
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) throw IoError(path + ": cannot create a temporary file for the workbook");
  ::close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::remove(path.c_str()); }
  } remove{tmp};

  lxw_workbook* book = workbook_new(tmp.c_str());
  if (book == nullptr) throw IoError(path + ": cannot start the workbook");
  // Same bytes for the same request and response, as every output of
  // passerelle: a fixed creation date (1980-01-01, the zip format's epoch;
  // libxlsxwriter would take the current time), which also dates the zip
  // entries.
  lxw_doc_properties properties{};
  const std::string title = Clean(m.Text(Message::kReportTitle));
  properties.title = const_cast<char*>(title.c_str());
  properties.created = 315532800;
  workbook_set_properties(book, &properties);
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xDDE7F0);
  format_set_text_wrap(bold);
  format_set_align(bold, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* score = workbook_add_format(book);
  format_set_num_format(score, "0.00");
  lxw_format* minutes = workbook_add_format(book);
  format_set_num_format(minutes, "0");
  lxw_format* percent = workbook_add_format(book);
  format_set_num_format(percent, "0%");
  lxw_format* wrap = workbook_add_format(book);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

  Sheet placed(book, m.Text(Message::kReportSheetPlacements),
               {{m.Text(Message::kReportColPerson), 24},
                {m.Text(Message::kReportColPersonId), 12},
                {m.Text(Message::kReportColHomeTown), 20},
                {m.Text(Message::kReportColTitle), 28},
                {m.Text(Message::kReportColKind), 16},
                {m.Text(Message::kReportColOccupation), 28},
                {m.Text(Message::kReportColEmployer), 24},
                {m.Text(Message::kReportColTown), 20},
                {m.Text(Message::kReportColCommute), 9},
                {m.Text(Message::kReportColMode), 16},
                {m.Text(Message::kReportColScore), 8},
                {m.Text(Message::kReportColExplanation), 90},
                {m.Text(Message::kReportColOpeningId), 12}},
               bold);
  Sheet unplaced(book, m.Text(Message::kReportSheetUnplaced),
                 {{m.Text(Message::kReportColPerson), 24},
                  {m.Text(Message::kReportColPersonId), 12},
                  {m.Text(Message::kReportColHomeTown), 20},
                  {m.Text(Message::kReportColReasons), 110}},
                 bold);
  for (const Row& row : m.rows) {
    const size_t c = static_cast<size_t>(row.candidate);
    Sheet& s = row.placed() ? placed : unplaced;
    s.Text(0, m.person_name[c]);
    s.Text(1, m.request.candidates[c].id);
    s.Text(2, m.person_town[c]);
    if (row.placed()) {
      const size_t o = static_cast<size_t>(row.opening);
      s.Text(3, m.opening_title[o]);
      s.Text(4, m.opening_kind[o]);
      s.Text(5, m.opening_occupation[o]);
      s.Text(6, m.opening_employer[o]);
      s.Text(7, m.opening_town[o]);
      s.Number(8, std::round(row.commute_minutes), minutes);
      s.Text(9, row.mode);
      s.Number(10, row.score, score);
      s.Text(11, row.explanation, wrap);
      s.Text(12, m.request.openings[o].id);
    } else {
      s.Text(3, row.reasons, wrap);
    }
    s.NextRow();
  }
  placed.Finish();
  unplaced.Finish();

  // The summary: figures with their count, what they are out of and the
  // rate; then the optimum against one-by-one assignment, fill by kind and
  // rates by group, each under its own bold heading.
  const v1::Summary& sum = m.response->summary();
  Sheet summary(book, m.Text(Message::kReportSheetSummary),
                {{"", 46},
                 {m.Text(Message::kReportColCount), 14},
                 {m.Text(Message::kReportColOutOf), 14},
                 {m.Text(Message::kReportColRate), 10}},
                bold);
  const double nan = std::nan("");
  auto line = [&](const std::string& label, double a, double b, double rate, lxw_format* number = nullptr) {
    summary.Text(0, label);
    summary.Number(1, a, number);
    summary.Number(2, b, number);
    summary.Number(3, rate, percent);
    summary.NextRow();
  };
  auto heading = [&](const std::string& title, const std::string& b1, const std::string& b2, const std::string& b3) {
    summary.NextRow();
    summary.Text(0, title, bold);
    summary.Text(1, b1, bold);
    summary.Text(2, b2, bold);
    summary.Text(3, b3, bold);
    summary.NextRow();
  };
  line(m.Text(Message::kReportColPlacedPeople), static_cast<double>(sum.placed_candidates()),
       static_cast<double>(sum.candidates()), sum.placement_rate());
  line(m.Text(Message::kReportSeatsFilledLabel), static_cast<double>(sum.seats_filled()),
       static_cast<double>(sum.seats()), sum.fill_rate());
  line(m.Text(Message::kReportSheetPlacements), static_cast<double>(sum.placements()), nan, nan);
  heading(m.Text(Message::kReportChartOptimum), m.Text(Message::kReportOptimum), m.Text(Message::kReportGreedy), "");
  line(m.Text(Message::kReportMetricPlacements), static_cast<double>(sum.placements()),
       static_cast<double>(sum.greedy_placements()), nan);
  line(m.Text(Message::kReportMetricTotalScore), sum.total_score(), sum.greedy_total_score(), nan, score);
  heading(m.Text(Message::kReportChartByKind), m.Text(Message::kReportColFilled), m.Text(Message::kReportColSeats),
          m.Text(Message::kReportColRate));
  for (const v1::GroupStats& g : sum.by_kind()) {
    line(m.KindText(g.value()), static_cast<double>(g.placed()), static_cast<double>(g.total()), g.rate());
  }
  heading(m.Text(Message::kReportChartSubgroups), m.Text(Message::kReportColPlacedPeople),
          m.Text(Message::kReportColOutOf), m.Text(Message::kReportColRate));
  for (const v1::GroupStats& g : sum.by_subgroup()) {
    line(m.Text(Message::kReportLabelValue,
                {{"label", m.DimensionText(g.dimension())}, {"value", m.GroupValueText(g.dimension(), g.value())}}),
         static_cast<double>(g.placed()), static_cast<double>(g.total()), g.rate());
  }

  Sheet openings(book, m.Text(Message::kReportSheetOpenings),
                 {{m.Text(Message::kReportColOpeningId), 12},
                  {m.Text(Message::kReportColTitle), 28},
                  {m.Text(Message::kReportColKind), 16},
                  {m.Text(Message::kReportColEmployer), 24},
                  {m.Text(Message::kReportColTown), 20},
                  {m.Text(Message::kReportColSeats), 8},
                  {m.Text(Message::kReportColFilled), 9},
                  {m.Text(Message::kReportColPlacedPeople), 60}},
                 bold);
  for (size_t o = 0; o < m.request.openings.size(); ++o) {
    openings.Text(0, m.request.openings[o].id);
    openings.Text(1, m.opening_title[o]);
    openings.Text(2, m.opening_kind[o]);
    openings.Text(3, m.opening_employer[o]);
    openings.Text(4, m.opening_town[o]);
    openings.Number(5, m.request.openings[o].capacity, minutes);
    openings.Number(6, static_cast<double>(m.rows_of_opening[o].size()), minutes);
    std::string people;
    for (int32_t r : m.rows_of_opening[o]) {
      if (!people.empty()) text::Append(&people, Message::kListSeparator, m.language);
      people += m.person_name[static_cast<size_t>(m.rows[static_cast<size_t>(r)].candidate)];
    }
    openings.Text(7, people, wrap);
    openings.NextRow();
  }
  openings.Finish();

  const lxw_error error = workbook_close(book);
  if (error != LXW_NO_ERROR) {
    throw IoError(path + ": cannot write the workbook (" + std::string(lxw_strerror(error)) + ")");
  }
  std::ifstream in(tmp, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) throw IoError(path + ": cannot read back the workbook");
  WriteFileAtomically(path, bytes);
}

}  // namespace passerelle::report
