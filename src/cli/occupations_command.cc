// passerelle occupations [QUERY] [--limit N] [--titles N] [--taxonomy FILE]
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "passerelle/taxonomy.h"

namespace passerelle::cli {

namespace po = boost::program_options;

namespace {

// "0.770" or "-" for an unknown tension.
std::string TensionText(double tension) {
  if (tension <= 0) return "-";
  std::ostringstream out;
  out << std::fixed << std::setprecision(3) << tension;
  return out.str();
}

}  // namespace

int RunOccupations(int argc, char** argv) {
  return RunGuarded("occupations", [&] {
    po::options_description options("Options");
    options.add_options()
        ("query,q", po::value<std::vector<std::string>>()->multitoken(),
         "words of a job title, label or code (accents and case ignored); none: list every occupation")
        ("limit", po::value<int>()->default_value(20), "at most this many occupations found (0: all)")
        ("titles", po::value<int>()->default_value(5), "at most this many matching titles shown per occupation (0: all)");
    AddTaxonomyOption(&options);
    po::positional_options_description positional;
    positional.add("query", -1);
    po::variables_map vm;
    if (!ParseOptions("occupations", "[QUERY] [--limit N] [--titles N] [--taxonomy FILE]", argc, argv, options,
                      positional, &vm)) {
      return kExitOk;
    }
    const int limit = vm["limit"].as<int>(), max_titles = vm["titles"].as<int>();
    if (limit < 0) throw UsageError("--limit: " + std::to_string(limit) + " must be >= 0");
    if (max_titles < 0) throw UsageError("--titles: " + std::to_string(max_titles) + " must be >= 0");
    const Taxonomy& taxonomy = TaxonomyOption(vm);
    std::string query;
    if (vm.count("query")) {
      for (const std::string& word : vm["query"].as<std::vector<std::string>>()) {
        if (!query.empty()) query += ' ';
        query += word;
      }
    }
    std::ostringstream out;
    if (query.empty()) {
      // code, tension, label, group: one line each.
      for (OccupationId id = 0; id < taxonomy.size(); ++id) {
        const Occupation& o = taxonomy.occupation(id);
        out << o.code << "  " << TensionText(o.tension) << "  " << o.label;
        if (!o.group_label.empty()) out << "  (" << o.group_label << ")";
        out << "\n";
      }
      std::cout << ForTerminal(out.str(), /*keep_newlines=*/true);
      return kExitOk;
    }
    const OccupationSearch found = taxonomy.Search(query, limit);
    if (found.matches.empty()) {
      out << "no occupation matches \"" << query << "\"";
      if (!found.suggestions.empty()) out << "; closest:";
      out << "\n";
      for (const OccupationSuggestion& s : found.suggestions) {
        out << taxonomy.occupation(s.occupation).code << "  " << s.text << "\n";
      }
      std::cout << ForTerminal(out.str(), /*keep_newlines=*/true);
      return kExitOk;
    }
    for (const OccupationMatch& m : found.matches) {
      const Occupation& o = taxonomy.occupation(m.occupation);
      out << o.code << "  " << o.label << "  (score " << std::fixed << std::setprecision(1) << m.score;
      if (!m.titles.empty()) out << ", " << m.titles.size() << (m.titles.size() == 1 ? " title" : " titles");
      out << ")\n";
      const size_t shown = max_titles == 0 ? m.titles.size() : std::min<size_t>(max_titles, m.titles.size());
      for (size_t i = 0; i < shown; ++i) out << "  " << taxonomy.titles()[m.titles[i]].title << "\n";
      if (shown < m.titles.size()) out << "      ... " << m.titles.size() - shown << " more\n";
    }
    std::cout << ForTerminal(out.str(), /*keep_newlines=*/true);
    return kExitOk;
  });
}

}  // namespace passerelle::cli
