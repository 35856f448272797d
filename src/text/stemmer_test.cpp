#include "tribu/text/stemmer.h"

#include <gtest/gtest.h>

namespace tribu::text {
namespace {

TEST(StemmerTest, FrenchAndEnglishSnowball) {
  Stemmer s;
  EXPECT_EQ(s.Stem("en", "running"), "run");
  EXPECT_EQ(s.Stem("en", "batteries"), "batteri");
  EXPECT_EQ(s.Stem("fr", "continuellement"), "continuel");

  EXPECT_EQ(s.Stem("fr", "batteries"), s.Stem("fr", "batterie"));
  // Cached answers equal fresh ones.
  EXPECT_EQ(s.Stem("en", "running"), "run");
}

TEST(StemmerTest, OtherLanguagesAndOddWordsPassThrough) {
  Stemmer s;
  EXPECT_EQ(s.Stem("de", "fahrräder"), "fahrräder");
  EXPECT_EQ(s.Stem("en", "ok"), "ok");
  const std::string long_word(200, 'a');
  EXPECT_EQ(s.Stem("en", long_word), long_word);
}

}  // namespace
}  // namespace tribu::text
