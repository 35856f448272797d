#include "tribu/core/utf8.h"

#include <gtest/gtest.h>

namespace tribu {
namespace {

TEST(Utf8Test, AcceptsValidText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("café CAFÉ ﬁ 😀 日本"));
}

TEST(Utf8Test, RejectsMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_EQ(FirstInvalidUtf8("ab\xFF"), 2u);
}

TEST(Utf8Test, RepairsAndTruncatesOnCharacterBoundaries) {
  EXPECT_EQ(RepairUtf8("a\xFF"
                       "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_TRUE(IsValidUtf8(RepairUtf8("\xC3\x28\xE2\x82")));
  EXPECT_EQ(TruncateUtf8("café", 4), "caf");  // é is two bytes: not split
  EXPECT_EQ(TruncateUtf8("café", 5), "café");
}

}  // namespace
}  // namespace tribu
