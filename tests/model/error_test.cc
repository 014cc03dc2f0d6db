// Tests of passerelle/error.h: one family rooted at `passerelle::Error`, itself
// a `std::exception`, so that a plain `catch (const std::exception&)` sees
// every error the library throws.
#include "passerelle/error.h"
#include "passerelle/validate.h"

#include <gtest/gtest.h>

#include <exception>
#include <string>
#include <type_traits>
#include <vector>

namespace passerelle {
namespace {

// What a generic handler catches, or "" when nothing caught it.
template <typename E>
std::string CaughtAsStdException(const E& error) {
  try {
    throw error;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "";
  }
}

TEST(ErrorTest, EveryErrorIsAStdExceptionWithItsMessage) {
  EXPECT_EQ(CaughtAsStdException(InvalidArgumentError("openings[3].capacity: -2 must be >= 0")),
            "openings[3].capacity: -2 must be >= 0");
  EXPECT_EQ(CaughtAsStdException(LimitExceededError("--max-candidates: 5 exceeded")), "--max-candidates: 5 exceeded");
  EXPECT_EQ(CaughtAsStdException(IoError("out.json: cannot write (No space left on device)")),
            "out.json: cannot write (No space left on device)");
  EXPECT_EQ(CaughtAsStdException(ValidationError({"a: bad"})), "1 problem:\n  a: bad");
}

TEST(ErrorTest, FamiliesAreDistinct) {
  static_assert(std::is_base_of_v<Error, InvalidArgumentError>);
  static_assert(std::is_base_of_v<InvalidArgumentError, ValidationError>);
  static_assert(std::is_base_of_v<InvalidArgumentError, LimitExceededError>);
  static_assert(std::is_base_of_v<Error, IoError>);
  static_assert(!std::is_base_of_v<InvalidArgumentError, IoError>);
  try {
    throw IoError("r.json: cannot open (No such file or directory)");
  } catch (const InvalidArgumentError&) {
    FAIL() << "an I/O error is not bad input";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "r.json: cannot open (No such file or directory)");
  }
}

TEST(ErrorTest, CopiesShareTheMessageAndNeverThrow) {
  static_assert(std::is_nothrow_copy_constructible_v<Error>);
  static_assert(std::is_nothrow_copy_constructible_v<ValidationError>);
  const ValidationError original({"x: 1", "y: 2"});
  const ValidationError copy = original;
  EXPECT_EQ(copy.what(), original.what());  // the same buffer
  EXPECT_EQ(copy.problems(), original.problems());
}

TEST(ErrorTest, ValidationMessageShowsFiftyProblemsAndCountsTheRest) {
  std::vector<std::string> problems;
  for (int i = 0; i < 120; ++i) problems.push_back("candidates[" + std::to_string(i) + "].age: bad");
  const ValidationError e(problems);
  const std::string what = e.what();
  EXPECT_EQ(what.rfind("120 problems:\n  candidates[0].age: bad\n", 0), 0u) << what;
  EXPECT_NE(what.find("candidates[49].age: bad\n  ... and 70 more"), std::string::npos) << what;
  EXPECT_EQ(what.find("candidates[50]"), std::string::npos) << what;
  EXPECT_EQ(e.problems().size(), 120u);
}

TEST(ErrorTest, ValidationMessageCountsProblemsThatWereNotKept) {
  const ValidationError e({"candidates[0].home: missing", "candidates[1].home: missing"}, 4000000);
  EXPECT_STREQ(e.what(),
               "4000000 problems:\n  candidates[0].home: missing\n  candidates[1].home: missing\n"
               "  ... and 3999998 more");
  EXPECT_EQ(e.count(), 4000000u);
  EXPECT_EQ(e.problems().size(), 2u);
  // A count below the problems given is theirs.
  EXPECT_EQ(ValidationError({"x: 1", "y: 2"}, 1).count(), 2u);
}

TEST(ErrorTest, ProblemListKeepsTheFirstAndCountsTheRest) {
  ProblemList list(3), more(3);
  for (int i = 0; i < 5; ++i) list.Add("a" + std::to_string(i));
  more.Add("b0");
  more.Count();
  list.Append(std::move(more));
  EXPECT_EQ(list.count(), 7u);
  EXPECT_EQ(list.kept(), (std::vector<std::string>{"a0", "a1", "a2"}));
  ProblemList room(10);
  room.Add("a");
  ProblemList other(10);
  other.Add("b");
  room.Append(std::move(other));
  EXPECT_EQ(room.kept(), (std::vector<std::string>{"a", "b"}));
  try {
    std::move(list).ThrowIfAny();
    FAIL();
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.count(), 7u);
  }
}

}  // namespace
}  // namespace passerelle
