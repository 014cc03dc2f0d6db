// The HTML report: one self-contained page. No script, no external font,
// image or style: a Content-Security-Policy (`default-src 'none'`) lets the
// browser load nothing, so the page works offline and leaks nothing.
// Charts and the map are inline SVG; every value from the request or the
// response goes through `Escape`. Sections: summary, map, people, employers
// and openings; A4 print styles start each section on a new page.
//
// Large responses: cards for the first `max_person_cards` people and
// `max_opening_cards` openings (request order), then a note pointing to the
// spreadsheets; the summary and the map cover everyone.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "report/report_model.h"

namespace passerelle::report {

namespace {

// Text and attribute values: & < > " ' escaped.
std::string Escape(std::string_view s) { return EscapeHtml(s); }

// A coordinate in SVG: fixed, one decimal, C locale.
std::string Px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Towns named on the map.
constexpr size_t kMapTownLabels = 16;

constexpr std::string_view kStyle = R"css(
:root{--ink:#1d2733;--muted:#5b6775;--line:#d5dbe3;--placed:#2f6f4f;--placedbg:#e8f3ec;--unplaced:#9a3b1f;--unplacedbg:#fbeee8;--accent:#1f5f99;--orange:#d9822b}
*{box-sizing:border-box}
body{margin:0;font-family:"DejaVu Sans","Liberation Sans",Arial,Helvetica,sans-serif;color:var(--ink);background:#f4f6f9;font-size:14px;line-height:1.4;overflow-wrap:anywhere}
header.top{background:#1f3b57;color:#fff;padding:18px 28px}
header.top h1{margin:0;font-size:24px}
header.top p{margin:4px 0 0;color:#d6e2ee}
nav{padding:6px 28px;background:#e4eaf1;font-size:13px}
nav a{color:var(--accent);margin-right:18px;text-decoration:none}
main{padding:10px 28px 30px;max-width:1280px}
section{margin-top:18px}
h2{font-size:20px;border-bottom:2px solid #1f3b57;padding-bottom:4px;margin:10px 0 12px}
h3{font-size:16px;margin:14px 0 8px}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:10px}
.kpi{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 12px}
.kpi b{display:block;font-size:22px;color:#1f3b57}
.kpi span{color:var(--muted);font-size:13px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:12px;margin-top:12px}
figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 12px}
figcaption{font-weight:bold;margin-bottom:6px}
svg text{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif}
.map{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px}
.legend{color:var(--muted);font-size:13px;margin:6px 0 0}
.legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;vertical-align:middle}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:10px}
.card{background:#fff;border:1px solid var(--line);border-left:5px solid var(--line);border-radius:6px;padding:8px 12px}
.card.placed{border-left-color:var(--placed)}
.card.unplaced{border-left-color:var(--unplaced)}
.card h3,.card h4{margin:2px 0 4px;font-size:15px}
.card .id{color:var(--muted);font-weight:normal;font-size:12px;margin-left:6px}
.chip{display:inline-block;font-size:12px;border-radius:10px;padding:1px 8px;margin-left:6px;font-weight:normal}
.chip.placed{background:var(--placedbg);color:var(--placed)}
.chip.unplaced{background:var(--unplacedbg);color:var(--unplaced)}
.meta{color:var(--muted);margin:2px 0;font-size:13px}
.post{margin:6px 0 2px}
.why{margin:2px 0 6px;font-size:13px}
.card ul,.card ol{margin:4px 0 6px;padding-left:20px;font-size:13px}
.card h5{margin:6px 0 2px;font-size:13px;color:#1f3b57}
.employers{column-width:340px;column-gap:10px}
.employer{background:#e9eef4;border-radius:6px;padding:4px 8px 8px;margin:0 0 10px;break-inside:avoid;display:inline-block;width:100%}
.employer h3{margin:4px 2px 6px;font-size:15px}
.employer .card{margin-top:6px}
.note{background:#fff8e1;border:1px solid #ecd9a0;border-radius:6px;padding:8px 12px;margin:8px 0}
@page{size:A4;margin:14mm}
@media print{
 body{background:#fff;font-size:10pt}
 nav{display:none}
 header.top{background:#fff;color:#000;padding:0 0 6px;border-bottom:2px solid #000}
 header.top p{color:#333}
 main{padding:0;max-width:none}
 section{break-before:page}
 section:first-of-type{break-before:auto}
 .card,figure,.kpi{break-inside:avoid}
 .cards{grid-template-columns:1fr 1fr}
 .employers{column-count:2}
 .charts{grid-template-columns:1fr}
 .employer{background:#fff;border:1px solid #999}
}
)css";

struct Bar {
  std::string label;
  double value = 0;
  double max = 0;
  std::string text;
  const char* color = "#1f5f99";
};

// A horizontal bar chart: label, bar (value / max), text after the bar.
std::string BarChart(const std::vector<Bar>& bars, const std::string& title) {
  constexpr double kWidth = 640, kLabel = 250, kBar = 250, kRow = 24;
  const double height = kRow * static_cast<double>(bars.size()) + 8;
  std::string s = "<svg role=\"img\" viewBox=\"0 0 " + Px(kWidth) + " " + Px(height) +
                  "\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\"><title>" + Escape(title) + "</title>";
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double y = 4 + kRow * static_cast<double>(i);
    // A hand-made response may hold anything: a share that is not a number
    // draws no bar (an SVG length "nan" is a console error).
    double share = b.max > 0 ? b.value / b.max : 0;
    share = std::isfinite(share) ? std::clamp(share, 0.0, 1.0) : 0;
    std::string label = b.label;
    if (label.size() > 42) {
      size_t cut = 39;
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";
    }
    s += "<text x=\"" + Px(kLabel - 8) + "\" y=\"" + Px(y + 15) +
         "\" text-anchor=\"end\" font-size=\"12\" fill=\"#1d2733\">" + Escape(label) + "</text>";
    s += "<rect x=\"" + Px(kLabel) + "\" y=\"" + Px(y + 3) + "\" width=\"" + Px(kBar) +
         "\" height=\"16\" fill=\"#e9eef4\"/>";
    s += "<rect x=\"" + Px(kLabel) + "\" y=\"" + Px(y + 3) + "\" width=\"" + Px(kBar * share) +
         "\" height=\"16\" fill=\"" + b.color + "\"/>";
    s += "<text x=\"" + Px(kLabel + kBar + 8) + "\" y=\"" + Px(y + 15) + "\" font-size=\"12\" fill=\"#1d2733\">" +
         Escape(b.text) + "</text>";
  }
  return s + "</svg>";
}

std::string Figure(const std::string& caption, const std::string& svg) {
  return "<figure><figcaption>" + Escape(caption) + "</figcaption>" + svg + "</figure>";
}

class Page {
 public:
  Page(const ReportModel& m, const ReportOptions& options) : m_(m), options_(options) {}

  std::string Render() {
    const char* lang = m_.language == Language::kFrench ? "fr" : "en";
    out_ += "<!DOCTYPE html>\n<html lang=\"";
    out_ += lang;
    out_ +=
        "\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    out_ += Escape(m_.Text(Message::kReportTitle));
    out_ += "</title>\n<style>";
    out_ += kStyle;
    out_ += "</style>\n</head>\n<body>\n<header class=\"top\"><h1>" + Escape(m_.Text(Message::kReportTitle)) + "</h1>";
    if (!m_.request.description.empty()) out_ += "<p>" + Escape(m_.request.description) + "</p>";
    out_ += "</header>\n<nav>";
    for (auto [anchor, title] :
         {std::pair{"summary", Message::kReportSectionSummary}, std::pair{"map", Message::kReportSectionMap},
          std::pair{"people", Message::kReportSectionPeople}, std::pair{"openings", Message::kReportSectionOpenings}}) {
      out_ += "<a href=\"#" + std::string(anchor) + "\">" + Escape(m_.Text(title)) + "</a>";
    }
    out_ += "</nav>\n<main>\n";
    Summary();
    Map();
    People();
    Openings();
    out_ += "</main>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  void Summary() {
    const v1::Summary& s = m_.response->summary();
    out_ += "<section id=\"summary\"><h2>" + Escape(m_.Text(Message::kReportSectionSummary)) +
            "</h2>\n<div class=\"kpis\">";
    auto kpi = [&](const std::string& big, const std::string& small) {
      out_ += "<div class=\"kpi\"><b>" + Escape(big) + "</b><span>" + Escape(small) + "</span></div>";
    };
    kpi(m_.Percent(s.placement_rate()),
        m_.Text(Message::kReportStatPlacedPeople, {{"placed", s.placed_candidates()}, {"total", s.candidates()}}));
    kpi(m_.Integer(s.placements()), m_.Text(Message::kReportStatPlacements, {{"count", s.placements()}}));
    kpi(m_.Percent(s.fill_rate()),
        m_.Text(Message::kReportStatSeats, {{"filled", s.seats_filled()}, {"seats", s.seats()}}));
    kpi(m_.Number(s.mean_score(), 2), m_.Text(Message::kReportStatMeanScore));
    kpi(m_.Number(s.mean_commute_minutes(), 0) + " min", m_.Text(Message::kReportStatMeanCommute));
    Message status = Message::kReportStatusOptimal;
    if (s.status() == v1::SOLVE_STATUS_INFEASIBLE) status = Message::kReportStatusInfeasible;
    if (s.status() == v1::SOLVE_STATUS_FEASIBLE_NOT_PROVEN) status = Message::kReportStatusNotProven;
    out_ += "</div>\n<p class=\"meta\">" + Escape(m_.Text(Message::kReportStatusLine, {{"status", m_.Text(status)}})) +
            "</p>";
    out_ += "<div class=\"charts\">";

    // Fill by kind.
    std::vector<Bar> kinds;
    for (const v1::GroupStats& g : s.by_kind()) {
      kinds.push_back({m_.KindText(g.value()), static_cast<double>(g.placed()), static_cast<double>(g.total()),
                       m_.Text(Message::kReportFraction, {{"placed", g.placed()}, {"total", g.total()}}) + " (" +
                           m_.Percent(g.rate()) + ")"});
    }
    if (!kinds.empty()) {
      out_ += Figure(m_.Text(Message::kReportChartByKind), BarChart(kinds, m_.Text(Message::kReportChartByKind)));
    }

    // Optimum versus greedy.
    const double max_p =
        std::max<double>(static_cast<double>(s.placements()), static_cast<double>(s.greedy_placements()));
    const double max_s = std::max(s.total_score(), s.greedy_total_score());
    const std::string opt = m_.Text(Message::kReportOptimum), greedy = m_.Text(Message::kReportGreedy);
    const std::string pl = m_.Text(Message::kReportMetricPlacements), sc = m_.Text(Message::kReportMetricTotalScore);
    std::vector<Bar> compare = {
        {pl + " · " + opt, static_cast<double>(s.placements()), max_p, m_.Integer(s.placements()), "#1f5f99"},
        {pl + " · " + greedy, static_cast<double>(s.greedy_placements()), max_p, m_.Integer(s.greedy_placements()),
         "#9aa9b8"},
        {sc + " · " + opt, s.total_score(), max_s, m_.Number(s.total_score(), 1), "#1f5f99"},
        {sc + " · " + greedy, s.greedy_total_score(), max_s, m_.Number(s.greedy_total_score(), 1), "#9aa9b8"},
    };
    out_ += Figure(m_.Text(Message::kReportChartOptimum), BarChart(compare, m_.Text(Message::kReportChartOptimum)));

    // Rates by subgroup, one chart per dimension (the 12 largest groups).
    std::vector<std::string> dimensions;
    for (const v1::GroupStats& g : s.by_subgroup()) {
      if (std::find(dimensions.begin(), dimensions.end(), g.dimension()) == dimensions.end()) {
        dimensions.push_back(g.dimension());
      }
    }
    for (const std::string& d : dimensions) {
      std::vector<const v1::GroupStats*> groups;
      for (const v1::GroupStats& g : s.by_subgroup()) {
        if (g.dimension() == d) groups.push_back(&g);
      }
      std::stable_sort(groups.begin(), groups.end(),
                       [](const v1::GroupStats* a, const v1::GroupStats* b) { return a->total() > b->total(); });
      if (groups.size() > 12) groups.resize(12);
      std::vector<Bar> bars;
      for (const v1::GroupStats* g : groups) {
        bars.push_back({m_.GroupValueText(d, g->value()), g->rate(), 1.0,
                        m_.Percent(g->rate()) + " (" +
                            m_.Text(Message::kReportFraction, {{"placed", g->placed()}, {"total", g->total()}}) + ")",
                        "#2f6f4f"});
      }
      const std::string caption =
          m_.Text(Message::kReportLabelValue,
                  {{"label", m_.Text(Message::kReportChartSubgroups)}, {"value", m_.DimensionText(d)}});
      out_ += Figure(caption, BarChart(bars, caption));
    }
    out_ += "</div>\n</section>\n";
  }

  void Map() {
    out_ += "<section id=\"map\"><h2>" + Escape(m_.Text(Message::kReportSectionMap)) + "</h2>\n<div class=\"map\">";
    const MatchRequest& r = m_.request;
    double lat0 = std::numeric_limits<double>::infinity(), lat1 = -lat0, lon0 = lat0, lon1 = -lat0;
    auto extend = [&](const GeoPoint& p) {
      if (!std::isfinite(p.latitude) || !std::isfinite(p.longitude)) return;
      lat0 = std::min(lat0, p.latitude);
      lat1 = std::max(lat1, p.latitude);
      lon0 = std::min(lon0, p.longitude);
      lon1 = std::max(lon1, p.longitude);
    };
    for (const Candidate& c : r.candidates) extend(c.home);
    for (const Opening& o : r.openings) extend(o.location);
    if (!(lat0 <= lat1)) {
      out_ += "<p class=\"legend\">" + Escape(m_.Text(Message::kReportMapNoPoints)) + "</p></div></section>\n";
      return;
    }
    // Equirectangular, scaled to the bounding box (with a margin).
    const double cos_mid = std::cos((lat0 + lat1) / 2 * std::numbers::pi / 180);
    const double span_x = std::max((lon1 - lon0) * cos_mid, 1e-3);
    const double span_y = std::max(lat1 - lat0, 1e-3);
    // Room above the points for the town names.
    constexpr double kWidth = 1000, kMargin = 16, kTop = 30;
    const double scale = std::min((kWidth - 2 * kMargin) / span_x, 700.0 / span_y);
    const double width = span_x * scale + 2 * kMargin;
    const double height = span_y * scale + kMargin + kTop;
    auto xv = [&](const GeoPoint& p) { return kMargin + (p.longitude - lon0) * cos_mid * scale; };
    auto yv = [&](const GeoPoint& p) { return kTop + (lat1 - p.latitude) * scale; };
    auto x = [&](const GeoPoint& p) { return Px(xv(p)); };
    auto y = [&](const GeoPoint& p) { return Px(yv(p)); };
    auto ok = [](const GeoPoint& p) { return std::isfinite(p.latitude) && std::isfinite(p.longitude); };
    out_ += "<svg role=\"img\" viewBox=\"0 0 " + Px(width) + " " + Px(height) +
            "\" width=\"100%\" style=\"max-height:560px\" preserveAspectRatio=\"xMidYMid meet\"><title>" +
            Escape(m_.Text(Message::kReportSectionMap)) + "</title>";
    out_ += "<rect width=\"100%\" height=\"100%\" fill=\"#f7f9fb\"/>";
    out_ += "<g stroke=\"#1f5f99\" stroke-opacity=\"0.35\" stroke-width=\"0.8\">";
    for (const Row& row : m_.rows) {
      if (!row.placed()) continue;
      const GeoPoint& a = r.candidates[static_cast<size_t>(row.candidate)].home;
      const GeoPoint& b = r.openings[static_cast<size_t>(row.opening)].location;
      if (!ok(a) || !ok(b)) continue;
      out_ += "<line x1=\"" + x(a) + "\" y1=\"" + y(a) + "\" x2=\"" + x(b) + "\" y2=\"" + y(b) + "\"/>";
    }
    out_ += "</g><g fill=\"#1f5f99\" fill-opacity=\"0.75\">";
    for (size_t c = 0; c < r.candidates.size(); ++c) {
      const GeoPoint& p = r.candidates[c].home;
      if (!ok(p)) continue;
      const bool unplaced =
          m_.rows_of_candidate[c].empty() || !m_.rows[static_cast<size_t>(m_.rows_of_candidate[c][0])].placed();
      out_ += "<circle cx=\"" + x(p) + "\" cy=\"" + y(p) + "\" r=\"3\"" +
              (unplaced ? std::string(" fill=\"#9a3b1f\"") : std::string()) + "><title>" + Escape(m_.person_name[c]) +
              "</title></circle>";
    }
    out_ += "</g><g fill=\"#d9822b\" stroke=\"#7a4510\" stroke-width=\"0.6\">";
    for (size_t o = 0; o < r.openings.size(); ++o) {
      const GeoPoint& p = r.openings[o].location;
      if (!ok(p)) continue;
      out_ += "<rect x=\"" + Px(xv(p) - 4) + "\" y=\"" + Px(yv(p) - 4) + "\" width=\"8\" height=\"8\"><title>" +
              Escape(m_.opening_title[o]) + "</title></rect>";
    }
    out_ += "</g>";
    TownLabels(xv, yv, ok, width);
    out_ += "</svg>";
    out_ +=
        "<p class=\"legend\"><i style=\"background:#1f5f99;border-radius:5px\"></i>" +
        Escape(m_.Text(Message::kReportMapPeoplePlaced)) + "<i style=\"background:#9a3b1f;border-radius:5px\"></i>" +
        Escape(m_.Text(Message::kReportMapPeopleUnplaced)) + "<i style=\"background:#d9822b\"></i>" +
        Escape(m_.Text(Message::kReportMapOpenings)) + "<i style=\"background:#1f5f99;height:2px;opacity:.5\"></i>" +
        Escape(m_.Text(Message::kReportMapLines)) + "</p></div></section>\n";
  }

  // The names of the towns with the most people and openings, at the mean
  // of their points, so that a counsellor finds their way on the map.
  template <typename X, typename Y, typename Ok>
  void TownLabels(const X& x, const Y& y, const Ok& ok, double width) {
    struct Town {
      double latitude = 0, longitude = 0;
      int64_t count = 0;
      size_t first = 0;
    };
    std::unordered_map<std::string, Town> towns;
    size_t order = 0;
    auto add = [&](const std::string& name, const GeoPoint& p) {
      if (name.empty() || !ok(p)) return;
      auto [it, added] = towns.try_emplace(name);
      if (added) it->second.first = order++;
      it->second.latitude += p.latitude;
      it->second.longitude += p.longitude;
      ++it->second.count;
    };
    for (size_t c = 0; c < m_.request.candidates.size(); ++c) add(m_.person_town[c], m_.request.candidates[c].home);
    for (size_t o = 0; o < m_.request.openings.size(); ++o) add(m_.opening_town[o], m_.request.openings[o].location);
    std::vector<std::pair<const std::string*, const Town*>> ranked;
    for (const auto& [name, town] : towns) ranked.emplace_back(&name, &town);
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.second->count != b.second->count ? a.second->count > b.second->count : a.second->first < b.second->first;
    });
    out_ +=
        "<g font-size=\"14\" font-weight=\"bold\" fill=\"#1d2733\" stroke=\"#ffffff\" stroke-width=\"3\" "
        "paint-order=\"stroke\" text-anchor=\"middle\">";
    // Labels that would overlap one already drawn are left out (boxes
    // estimated at 8 px a character).
    struct Box {
      double x0, y0, x1, y1;
    };
    std::vector<Box> drawn;
    for (const auto& [full_name, town] : ranked) {
      if (drawn.size() >= kMapTownLabels) break;
      std::string name = *full_name;
      if (const size_t paren = name.rfind(" ("); paren != std::string::npos && name.back() == ')') name.resize(paren);
      const double n = static_cast<double>(town->count);
      const GeoPoint p{town->latitude / n, town->longitude / n};
      size_t chars = 0;
      for (char ch : name) chars += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
      // Inside the map, whole.
      const double half = 4.0 * static_cast<double>(chars) + 4;
      const double cx = std::clamp(x(p), std::min(half, width / 2), std::max(width - half, width / 2));
      const double cy = y(p) - 12;
      const Box box{cx - 4.0 * static_cast<double>(chars) - 4, cy - 15, cx + 4.0 * static_cast<double>(chars) + 4,
                    cy + 4};
      bool overlaps = false;
      for (const Box& b : drawn) overlaps |= box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1;
      if (overlaps) continue;
      drawn.push_back(box);
      out_ += "<text x=\"" + Px(cx) + "\" y=\"" + Px(cy) + "\">" + Escape(name) + "</text>";
    }
    out_ += "</g>";
  }

  void PlacementLines(const Row& row) {
    const size_t o = static_cast<size_t>(row.opening);
    out_ += "<p class=\"post\"><b>" + Escape(m_.opening_title[o]) + "</b>";
    if (!m_.opening_employer[o].empty()) out_ += " — " + Escape(m_.opening_employer[o]);
    out_ += "</p><p class=\"meta\">";
    std::string facts = m_.opening_kind[o];
    if (!m_.opening_town[o].empty()) facts += " · " + m_.opening_town[o];
    facts += " · " + m_.Text(Message::kReportCommute,
                             {{"minutes", m_.Number(std::round(row.commute_minutes), 0)}, {"mode", row.mode}});
    facts += " · " + m_.Text(Message::kReportScore, {{"score", m_.Number(row.score, 2)}});
    if (row.pinned) facts += " · " + m_.Text(Message::kReportPinned);
    out_ += Escape(facts) + "</p>";
    if (!row.explanation.empty()) out_ += "<p class=\"why\">" + Escape(row.explanation) + "</p>";
  }

  void People() {
    const size_t n = m_.request.candidates.size();
    const size_t shown = std::min(n, static_cast<size_t>(std::max(0, options_.max_person_cards)));
    out_ += "<section id=\"people\"><h2>" + Escape(m_.Text(Message::kReportSectionPeople)) + "</h2>\n";
    if (shown < n) Note(shown, n);
    out_ += "<div class=\"cards\">\n";
    for (size_t c = 0; c < shown; ++c) {
      const std::vector<int32_t>& rows = m_.rows_of_candidate[c];
      bool any_placed = false;
      for (int32_t i : rows) any_placed |= m_.rows[static_cast<size_t>(i)].placed();
      const char* cls = any_placed ? "placed" : "unplaced";
      const std::string& id = m_.request.candidates[c].id;
      out_ += "<article class=\"card " + std::string(cls) + "\"><h3>" + Escape(m_.person_name[c]) +
              (m_.person_name[c] == id ? std::string() : "<span class=\"id\">" + Escape(id) + "</span>") +
              "<span class=\"chip " + cls + "\">" +
              Escape(m_.Text(any_placed ? Message::kReportStatusPlaced : Message::kReportStatusUnplaced)) +
              "</span></h3>";
      if (!m_.person_town[c].empty()) {
        out_ += "<p class=\"meta\">" + Escape(m_.LabelValue(Message::kReportColHomeTown, m_.person_town[c])) + "</p>";
      }
      for (int32_t i : rows) {
        const Row& row = m_.rows[static_cast<size_t>(i)];
        if (row.placed()) {
          PlacementLines(row);
        } else {
          out_ += "<h5>" + Escape(m_.Text(Message::kReportWhyNot)) + "</h5><ul>";
          for (const std::string& detail : row.reason_details) out_ += "<li>" + Escape(detail) + "</li>";
          out_ += "</ul>";
        }
      }
      // The person's shortlist: the openings that fit them best, placed or
      // not (a counsellor's next calls).
      if (const int32_t s = m_.shortlist_of_candidate[c]; s >= 0 && m_.response->shortlists(s).entries_size() > 0) {
        out_ += "<h5>" + Escape(m_.Text(Message::kReportShortlist)) + "</h5><ol>";
        for (const v1::ShortlistEntry& e : m_.response->shortlists(s).entries()) {
          const size_t o = static_cast<size_t>(m_.opening_by_id.at(e.id()));
          std::string line = m_.opening_title[o];
          if (!m_.opening_employer[o].empty()) line += " — " + m_.opening_employer[o];
          out_ += "<li>" + Escape(line) + " · " +
                  Escape(m_.Text(Message::kReportScore, {{"score", m_.Number(e.score(), 2)}})) + "</li>";
        }
        out_ += "</ol>";
      }
      out_ += "</article>\n";
    }
    out_ += "</div>\n</section>\n";
  }

  void OpeningCard(size_t o) {
    const std::vector<int32_t>& rows = m_.rows_of_opening[o];
    const Opening& op = m_.request.openings[o];
    const char* cls = rows.empty() ? "unplaced" : "placed";
    out_ += "<article class=\"card " + std::string(cls) + "\"><h4>" + Escape(m_.opening_title[o]) +
            "<span class=\"id\">" + Escape(op.id) + "</span></h4><p class=\"meta\">";
    std::string facts = m_.opening_kind[o];
    if (!m_.opening_occupation[o].empty() && m_.opening_occupation[o] != m_.opening_title[o]) {
      facts += " · " + m_.opening_occupation[o];
    }
    if (!m_.opening_town[o].empty()) facts += " · " + m_.opening_town[o];
    out_ += Escape(facts) + "</p><p class=\"post\">" +
            Escape(m_.Text(Message::kReportSeatsFilled, {{"filled", static_cast<int64_t>(rows.size())},
                                                         {"capacity", static_cast<int64_t>(op.capacity)}})) +
            "</p>";
    if (rows.empty()) {
      std::string nobody = m_.Text(Message::kReportNobodyPlaced);
      text::CapitaliseFirst(&nobody);
      out_ += "<p class=\"meta\">" + Escape(nobody) + "</p>";
    } else {
      out_ += "<h5>" + Escape(m_.Text(Message::kReportColPlacedPeople)) + "</h5><ul>";
      for (int32_t i : rows) {
        const Row& row = m_.rows[static_cast<size_t>(i)];
        out_ += "<li><b>" + Escape(m_.person_name[static_cast<size_t>(row.candidate)]) + "</b> — " +
                Escape(m_.Text(Message::kReportScore, {{"score", m_.Number(row.score, 2)}}) + " · " +
                       m_.Text(Message::kReportCommute,
                               {{"minutes", m_.Number(std::round(row.commute_minutes), 0)}, {"mode", row.mode}})) +
                "</li>";
      }
      out_ += "</ul>";
    }
    const int32_t s = m_.shortlist_of_opening[o];
    if (s >= 0 && m_.response->shortlists(s).entries_size() > 0) {
      const v1::Shortlist& list = m_.response->shortlists(s);
      out_ += "<h5>" + Escape(m_.Text(Message::kReportShortlist)) + "</h5><ol>";
      for (const v1::ShortlistEntry& e : list.entries()) {
        const size_t c = static_cast<size_t>(m_.candidate_by_id.at(e.id()));
        out_ += "<li>" + Escape(m_.person_name[c]) + " — " +
                Escape(m_.Text(Message::kReportScore, {{"score", m_.Number(e.score(), 2)}})) + "</li>";
      }
      out_ += "</ol>";
    }
    out_ += "</article>\n";
  }

  void Openings() {
    const MatchRequest& r = m_.request;
    const size_t n = r.openings.size();
    const size_t limit = static_cast<size_t>(std::max(0, options_.max_opening_cards));
    out_ += "<section id=\"openings\"><h2>" + Escape(m_.Text(Message::kReportSectionOpenings)) + "</h2>\n";
    if (limit < n) Note(limit, n);
    // Employers in request order, then openings without one; within each,
    // openings in request order. The first `limit` openings of the request
    // get a card.
    std::vector<std::vector<size_t>> of_employer(r.employers.size() + 1);
    for (size_t o = 0; o < std::min(n, limit); ++o) {
      const EmployerIndex e = r.openings[o].employer;
      of_employer[e == kNoEmployer ? r.employers.size() : static_cast<size_t>(e)].push_back(o);
    }
    out_ += "<div class=\"employers\">\n";
    for (size_t e = 0; e < of_employer.size(); ++e) {
      if (of_employer[e].empty()) continue;
      std::string name = e < r.employers.size()
                             ? (r.employers[e].name.empty() ? r.employers[e].id : r.employers[e].name)
                             : m_.Text(Message::kReportNoEmployer);
      if (e == r.employers.size()) text::CapitaliseFirst(&name);
      out_ += "<div class=\"employer\"><h3>" + Escape(name) + "</h3>\n";
      for (size_t o : of_employer[e]) OpeningCard(o);
      out_ += "</div>\n";
    }
    out_ += "</div>\n</section>\n";
  }

  void Note(size_t shown, size_t total) {
    out_ += "<p class=\"note\">" +
            Escape(m_.Text(Message::kReportCardsShown,
                           {{"shown", static_cast<int64_t>(shown)}, {"total", static_cast<int64_t>(total)}})) +
            "</p>\n";
  }

  const ReportModel& m_;
  const ReportOptions& options_;
  std::string out_;
};

}  // namespace

std::string RenderHtml(const ReportModel& model, const ReportOptions& options) { return Page(model, options).Render(); }

}  // namespace passerelle::report

namespace passerelle {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace passerelle
