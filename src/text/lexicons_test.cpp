#include "text/lexicons.h"

#include <gtest/gtest.h>

#include "text/sentiment_rules.h"

namespace tribu::text {
namespace {

TEST(LexiconsTest, ShippedListsLoadFoldedAndAttributed) {
  const Folder folder;
  const Lexicons lex(folder, FunctionWords());
  EXPECT_GT(*lex.Valence("en", "love"), 2);
  EXPECT_LT(*lex.Valence("en", "horrible"), -2);
  EXPECT_LT(*lex.Valence("fr", "decu"), -2);  // "déçu", folded
  EXPECT_GT(*lex.Valence("fr", "genial"), 2);
  EXPECT_FALSE(lex.Valence("fr", "velo").has_value());
  EXPECT_GT(*lex.EmojiValence("😍"), 1);
  EXPECT_TRUE(lex.IsStopWord("fr", "le"));
  EXPECT_TRUE(lex.IsStopWord("en", "the"));
  EXPECT_FALSE(lex.IsStopWord("fr", "pas"));   // negations are kept
  EXPECT_FALSE(lex.IsStopWord("en", "good"));  // so are words with a sentiment
  EXPECT_TRUE(lex.IsProfane("connard"));
  ASSERT_NE(lex.RiskPhrasesStartingWith("porter"), nullptr);
  ASSERT_NE(lex.Find("mais"), nullptr);
  EXPECT_EQ(lex.Find("mais")->roles & kRoleContrast, kRoleContrast);
  EXPECT_EQ(Roles(lex.Find("pas"), "pas") & kRoleNegator, kRoleNegator);
  EXPECT_EQ(Roles(nullptr, "don't") & kRoleNegator, kRoleNegator);
  EXPECT_EQ(lex.Find("velo"), nullptr);
  for (std::string_view name :
       {"sentiment-en.tsv", "sentiment-fr.tsv", "emoji.tsv", "profanity-en.tsv", "profanity-fr.tsv",
        "stopwords-en.tsv", "stopwords-fr.tsv"}) {
    EXPECT_TRUE(EmbeddedData(name).starts_with("# ")) << name << " lacks its attribution header";
  }
}

}  // namespace
}  // namespace tribu::text
