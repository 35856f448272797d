#include <gtest/gtest.h>

#include "tribu/listen/query.h"

namespace tribu::listen {
namespace {

const text::Tokenizer& TheTokenizer() {
  static const text::Folder folder;
  static const text::Tokenizer tokenizer(folder);
  return tokenizer;
}

std::string Canonical(std::string_view q) {
  auto parsed = ParseQuery(q, TheTokenizer());
  if (!parsed) return "error: " + parsed.error().ToError().message;
  return Describe(*parsed->root);
}

TEST(QueryParserTest, CanonicalForms) {
  EXPECT_EQ(Canonical("Vélo"), "velo");
  EXPECT_EQ(Canonical("a b OR c"), "((a AND b) OR c)");
  EXPECT_EQ(Canonical("a OR (b OR c)"), "(a OR b OR c)");
  EXPECT_EQ(Canonical("velora -occasion"), "(velora AND NOT occasion)");
  EXPECT_EQ(Canonical("\"Service Client\" NEAR/3 nul*"), "(\"service client\" NEAR/3 nul*)");
  EXPECT_EQ(Canonical("e-bike"), "\"e bike\"");
  EXPECT_EQ(Canonical("#GreveSNCF @Velora_FR"), "(#grevesncf AND @velora_fr)");
  EXPECT_EQ(Canonical("=Orange lang:FR"), "(=Orange AND lang:fr)");
  EXPECT_EQ(Canonical("velora sentiment:négatif"), "(velora AND sentiment:negative)");
}

TEST(QueryParserTest, ErrorsGiveColumnMessageAndHint) {
  auto parsed = ParseQuery("velora AND (vélo OR bike", TheTokenizer());
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().column, 12);
  EXPECT_EQ(parsed.error().message, "unbalanced parenthesis opened at column 12");
  EXPECT_EQ(parsed.error().hint, "add ')' or remove '('");
  EXPECT_EQ(parsed.error().ToError().message,
            "column 12: unbalanced parenthesis opened at column 12 (add ')' or remove '(')");
}

TEST(QueryParserTest, ColumnsCountCharactersNotBytes) {
  auto parsed = ParseQuery("élysée ééé)", TheTokenizer());
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().column, 11);
}

TEST(QueryParserTest, BoundsAreEnforced) {
  EXPECT_FALSE(ParseQuery(std::string(kMaxQueryBytes + 1, 'a'), TheTokenizer()).has_value());
  std::string deep(40, '(');
  deep += "velora";
  deep += std::string(40, ')');
  auto parsed = ParseQuery(deep, TheTokenizer());
  ASSERT_FALSE(parsed.has_value());
  EXPECT_NE(parsed.error().message.find("nested too deeply"), std::string::npos);
  std::string long_or = "a";
  for (int i = 0; i < 500; ++i) long_or += " OR b" + std::to_string(i);
  EXPECT_TRUE(ParseQuery(long_or, TheTokenizer()).has_value());
}

}  // namespace
}  // namespace tribu::listen
