#include "passerelle/model.h"

#include <cmath>
#include <cstdio>

#include "passerelle/response.h"

namespace passerelle {
namespace {

// Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

bool ParseDate(std::string_view text, Date* out) {
  if (text.empty()) {
    *out = kNoDate;
    return true;
  }
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  auto digits = [&](size_t pos, size_t n, int* value) {
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + (text[i] - '0');
    }
    *value = v;
    return true;
  };
  int y, m, d;
  if (!digits(0, 4, &y) || !digits(5, 2, &m) || !digits(8, 2, &d)) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const int max_day = kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
  if (d > max_day) return false;
  *out = static_cast<Date>(DaysFromCivil(y, m, d));
  return true;
}

std::string FormatDate(Date date) {
  if (date == kNoDate) return "";
  // civil_from_days.
  int64_t z = static_cast<int64_t>(date) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(y), m, d);
  return buf;
}

double DistanceKm(const GeoPoint& a, const GeoPoint& b) {
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kDegToRad = 3.14159265358979323846 / 180.0;
  const double lat1 = a.latitude * kDegToRad, lat2 = b.latitude * kDegToRad;
  const double dlat = lat2 - lat1;
  const double dlon = (b.longitude - a.longitude) * kDegToRad;
  const double s1 = std::sin(dlat / 2), s2 = std::sin(dlon / 2);
  const double h = s1 * s1 + std::cos(lat1) * std::cos(lat2) * s2 * s2;
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::min(1.0, h)));
}

const char* ToString(CefrLevel level) {
  switch (level) {
    case CefrLevel::kNone: return "none";
    case CefrLevel::kA1: return "A1";
    case CefrLevel::kA2: return "A2";
    case CefrLevel::kB1: return "B1";
    case CefrLevel::kB2: return "B2";
    case CefrLevel::kC1: return "C1";
    case CefrLevel::kC2: return "C2";
  }
  return "?";
}

const char* ToString(TransportMode mode) {
  switch (mode) {
    case TransportMode::kWalk: return "walk";
    case TransportMode::kBicycle: return "bicycle";
    case TransportMode::kPublicTransport: return "public_transport";
    case TransportMode::kCar: return "car";
    case TransportMode::kMoped: return "moped";
    case TransportMode::kCarpool: return "carpool";
  }
  return "?";
}

const char* ToString(OpeningKind kind) {
  switch (kind) {
    case OpeningKind::kJob: return "job";
    case OpeningKind::kApprenticeship: return "apprenticeship";
    case OpeningKind::kInternship: return "internship";
    case OpeningKind::kQualifyingTraining: return "qualifying_training";
    case OpeningKind::kFrenchCourse: return "french_course";
    case OpeningKind::kWorkplaceTrial: return "workplace_trial";
  }
  return "?";
}

const char* ToString(Gender gender) {
  switch (gender) {
    case Gender::kUnspecified: return "unspecified";
    case Gender::kFemale: return "female";
    case Gender::kMale: return "male";
    case Gender::kOther: return "other";
  }
  return "?";
}

const char* ToString(AgeGroup group) {
  switch (group) {
    case AgeGroup::kUnknown: return "unknown";
    case AgeGroup::k16To25: return "16-25";
    case AgeGroup::k26Plus: return "26+";
  }
  return "?";
}

const char* ToString(ReasonCode code) {
  switch (code) {
    case ReasonCode::kNoRightToWork: return "no_right_to_work";
    case ReasonCode::kDrivingLicenceRequired: return "driving_licence_required";
    case ReasonCode::kVehicleRequired: return "vehicle_required";
    case ReasonCode::kFrenchLevelTooLow: return "french_level_too_low";
    case ReasonCode::kCommuteTooLong: return "commute_too_long";
    case ReasonCode::kChildcareSchedule: return "childcare_schedule";
    case ReasonCode::kHealthRestriction: return "health_restriction";
    case ReasonCode::kAvailableTooLate: return "available_too_late";
    case ReasonCode::kFrenchRouting: return "french_routing";
    case ReasonCode::kBanned: return "banned";
    case ReasonCode::kNoOpeningInReach: return "no_opening_in_reach";
    case ReasonCode::kLostToBetterFit: return "lost_to_better_fit";
    case ReasonCode::kBelowMinimumScore: return "below_minimum_score";
    case ReasonCode::kEmployerCap: return "employer_cap";
    case ReasonCode::kQuota: return "quota";
    case ReasonCode::kPartiallyPlaced: return "partially_placed";
    case ReasonCode::kSameSector: return "same_sector";
    case ReasonCode::kOutOfProject: return "out_of_project";
  }
  return "?";
}

bool IsRomeCode(std::string_view code) {
  if (code.size() != 5 || code[0] < 'A' || code[0] > 'N') return false;
  for (size_t i = 1; i < 5; ++i) {
    if (code[i] < '0' || code[i] > '9') return false;
  }
  return true;
}

}  // namespace passerelle
