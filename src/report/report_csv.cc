// The CSV report: UTF-8 with a byte order mark and `;` between fields, so
// that French Excel opens it in columns with its accents; RFC 4180 quoting
// and CRLF line ends. A cell that a spreadsheet would take for a formula
// (starting with = + - @, a tab or a carriage return) gets a leading `'`.
#include <string>
#include <string_view>
#include <vector>

#include "report/report_model.h"

namespace passerelle::report {

namespace {

void AppendCell(std::string_view cell, std::string* out) {
  const bool formula = !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                                         cell[0] == '\t' || cell[0] == '\r');
  const bool quote = formula || cell.find_first_of(";\"\r\n") != std::string_view::npos;
  if (!quote) {
    *out += cell;
    return;
  }
  *out += '"';
  if (formula) *out += '\'';
  for (char c : cell) {
    if (c == '"') *out += '"';
    *out += c;
  }
  *out += '"';
}

void AppendLine(const std::vector<std::string>& cells, std::string* out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) *out += ';';
    AppendCell(cells[i], out);
  }
  *out += "\r\n";
}

}  // namespace

std::string RenderCsv(const ReportModel& model) {
  std::string out = "\xEF\xBB\xBF";
  AppendLine(RowHeaders(model), &out);
  for (const Row& row : model.rows) AppendLine(RowCells(model, row), &out);
  return out;
}

}  // namespace passerelle::report
