// A canonical text form of a MatchRequest for the synthetic tests: every
// field, doubles at full precision (%.17g), one record per line. Two requests
// are identical exactly when their texts are.
#ifndef PASSERELLE_TESTS_SYNTHETIC_REQUEST_TEXT_H_
#define PASSERELLE_TESTS_SYNTHETIC_REQUEST_TEXT_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "passerelle/model.h"

namespace passerelle::synthetic::testing {

class TextWriter {
 public:
  void Num(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g,", v);
    out_ += buf;
  }
  void Int(int64_t v) { out_ += std::to_string(v) + ","; }
  void Str(std::string_view s) {
    out_ += '"';
    out_ += s;
    out_ += "\",";
  }
  void End() { out_ += '\n'; }
  const std::string& text() const { return out_; }

  void Write(const Employer& e) {
    Str(e.id); Str(e.name); Str(e.sector); Int(e.max_candidates); Str(e.network);
    End();
  }
  void Write(const Opening& o) {
    Str(o.id); Int(o.employer); Int(static_cast<int>(o.kind)); Str(o.occupation);
    Num(o.location.latitude); Num(o.location.longitude); Int(o.capacity);
    for (const auto& s : o.required_skills) { Str(s.code); Num(s.weight); Str(s.label); }
    out_ += "|";
    for (const auto& s : o.optional_skills) { Str(s.code); Num(s.weight); Str(s.label); }
    out_ += "|";
    Int(static_cast<int>(o.min_french_level)); Int(o.provides_french_training);
    Int(o.provides_skill_training); Int(o.requires_driving_licence);
    Int(o.schedule.early_shift); Int(o.schedule.night_shift); Int(o.schedule.weekend_shift);
    Int(static_cast<int>(o.contract_type)); Int(o.duration_months); Num(o.tension);
    Int(o.start_date); Int(o.physical_demands.bits()); Int(static_cast<int>(o.site_transit_access));
    Str(o.title); Str(o.departement);
    End();
  }
  void Write(const Candidate& c) {
    Str(c.id); Num(c.home.latitude); Num(c.home.longitude); Int(static_cast<int>(c.french_level));
    for (const auto& s : c.skills) {
      Str(s.code); Num(s.level); Int(s.acquired_abroad); Int(s.validated); Str(s.label);
    }
    out_ += "|";
    for (const auto& t : c.target_occupations) Str(t);
    out_ += "|";
    for (const auto& t : c.past_occupations) Str(t);
    out_ += "|";
    const Mobility& m = c.mobility;
    Int(m.max_commute_minutes); Int(m.modes.bits()); Int(m.driving_licence); Int(m.has_vehicle);
    Int(static_cast<int>(m.home_transit_access));
    const Barriers& b = c.barriers;
    Int(static_cast<int>(b.childcare)); Int(b.health_restrictions.bits());
    Int(static_cast<int>(b.housing)); Int(b.psychological_fragility); Int(b.no_cv);
    Int(static_cast<int>(c.right_to_work)); Int(c.available_from); Int(c.age);
    Int(static_cast<int>(c.subgroup.gender)); Str(c.subgroup.country_of_origin);
    Str(c.subgroup.departement);
    for (char s : c.preferred_sectors) out_ += s;
    out_ += ",";
    Int(c.preferred_contract_types.bits()); Num(c.priority); Int(c.placements_needed);
    Str(c.display_name);
    End();
  }
  void WriteHeader(const Policy& p, const std::string& description) {
    Str(description);
    Num(p.weights.skills); Num(p.weights.occupation); Num(p.weights.french);
    Num(p.weights.commute); Num(p.weights.tension); Num(p.weights.preferences);
    Int(p.max_french_gap); Int(p.default_max_commute_minutes); Num(p.unplaced_penalty);
    Int(p.job_track_min_french_level.has_value()); Int(p.placements_per_candidate);
    Int(p.distinct_sectors); Int(p.shortlist_size);
    End();
  }
  void Write(const MatchRequest& r) {
    WriteHeader(r.policy, r.description);
    for (const auto& e : r.employers) Write(e);
    for (const auto& o : r.openings) Write(o);
    for (const auto& c : r.candidates) Write(c);
  }

 private:
  std::string out_;
};

inline std::string RequestText(const MatchRequest& r) {
  TextWriter w;
  w.Write(r);
  return w.text();
}

// 64-bit FNV-1a.
inline uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace passerelle::synthetic::testing

#endif  // PASSERELLE_TESTS_SYNTHETIC_REQUEST_TEXT_H_
