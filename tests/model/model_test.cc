// Tests of passerelle/model.h: calendar dates and distances.
#include "passerelle/model.h"

#include <gtest/gtest.h>

namespace passerelle {
namespace {

TEST(DateTest, ParsesAndFormatsCalendarDates) {
  Date d;
  ASSERT_TRUE(ParseDate("2024-02-29", &d));
  EXPECT_EQ(FormatDate(d), "2024-02-29");
  ASSERT_TRUE(ParseDate("1970-01-01", &d));
  EXPECT_EQ(d, 0);
  EXPECT_FALSE(ParseDate("2023-02-29", &d));
  EXPECT_FALSE(ParseDate("2023-13-01", &d));
  EXPECT_FALSE(ParseDate("01/02/2023", &d));
  ASSERT_TRUE(ParseDate("", &d));
  EXPECT_EQ(d, kNoDate);
}

TEST(GeoTest, DistanceBetweenToulouseAndMontpellier) {
  // About 196 km as the crow flies.
  EXPECT_NEAR(DistanceKm({43.5964, 1.4317}, {43.6134, 3.8685}), 196, 3);
  EXPECT_EQ(DistanceKm({43.6, 1.4}, {43.6, 1.4}), 0);
}

}  // namespace
}  // namespace passerelle
