// Names of the policy's quota dimensions and values (see policy.h).
#include "passerelle/policy.h"

#include <string>
#include <type_traits>
#include <variant>

#include "passerelle/model.h"
#include "passerelle/validate.h"

namespace passerelle {

const char* ToString(QuotaDimension dimension) {
  switch (dimension) {
    case QuotaDimension::kDepartement: return "departement";
    case QuotaDimension::kGender: return "gender";
    case QuotaDimension::kCountryOfOrigin: return "country_of_origin";
    case QuotaDimension::kAgeGroup: return "age_group";
    case QuotaDimension::kOpeningKind: return "opening_kind";
    case QuotaDimension::kOpeningDepartement: return "opening_departement";
  }
  return "?";
}

std::string ToString(const QuotaValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) {
          return v;
        } else {
          return ToString(v);
        }
      },
      value);
}

std::string QuotaValueProblem(const Quota& quota) {
  const auto* text = std::get_if<std::string>(&quota.value);
  if (text != nullptr && text->empty()) return "missing";
  const char* expected = nullptr;
  switch (quota.dimension) {
    case QuotaDimension::kGender:
      if (!std::holds_alternative<Gender>(quota.value)) expected = "a Gender";
      break;
    case QuotaDimension::kAgeGroup:
      if (!std::holds_alternative<AgeGroup>(quota.value)) expected = "an AgeGroup";
      break;
    case QuotaDimension::kOpeningKind:
      if (!std::holds_alternative<OpeningKind>(quota.value)) expected = "an OpeningKind";
      break;
    default:
      if (text == nullptr) expected = "text";
  }
  if (expected == nullptr) return "";
  return QuoteValue(ToString(quota.value)) + " does not fit dimension " + ToString(quota.dimension) + " (" +
         expected + " expected)";
}

}  // namespace passerelle
