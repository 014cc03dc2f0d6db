// The public entry points of passerelle/report.h: the format by extension,
// rendering and the atomic write.
#include "passerelle/report.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "passerelle/error.h"
#include "passerelle/proto.h"
#include "report/report_model.h"

namespace passerelle {

ReportFormat ReportFormatFromPath(std::string_view path) {
  const size_t dot = path.rfind('.');
  const size_t slash = path.find_last_of("/\\");
  std::string ext;
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    ext = std::string(path.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  }
  if (ext == "csv") return ReportFormat::kCsv;
  if (ext == "xlsx") return ReportFormat::kXlsx;
  if (ext == "html" || ext == "htm") return ReportFormat::kHtml;
  throw InvalidArgumentError(std::string(path) + ": a report is .csv, .xlsx or .html");
}

std::string RenderReportCsv(const v1::MatchRequest& request, const v1::MatchResponse& response,
                            const ReportOptions& options) {
  return report::RenderCsv(report::BuildReportModel(request, response, options));
}

std::string RenderReportHtml(const v1::MatchRequest& request, const v1::MatchResponse& response,
                             const ReportOptions& options) {
  return report::RenderHtml(report::BuildReportModel(request, response, options), options);
}

void WriteReport(const v1::MatchRequest& request, const v1::MatchResponse& response, const std::string& path,
                 const ReportOptions& options) {
  const ReportFormat format = ReportFormatFromPath(path);
  const report::ReportModel model = report::BuildReportModel(request, response, options);
  switch (format) {
    case ReportFormat::kCsv: WriteFileAtomically(path, report::RenderCsv(model)); break;
    case ReportFormat::kHtml: WriteFileAtomically(path, report::RenderHtml(model, options)); break;
    case ReportFormat::kXlsx: report::WriteXlsx(model, path); break;
  }
}

}  // namespace passerelle
