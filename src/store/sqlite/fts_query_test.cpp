#include "store/sqlite/fts_query.h"

#include <gtest/gtest.h>

namespace tribu::sqlite {
namespace {

std::string Q(std::string_view in) {
  auto q = ToFtsQuery(in);
  EXPECT_TRUE(q) << in;
  return q ? *q : "<error>";
}

TEST(FtsQueryTest, QuotesEveryTerm) {
  EXPECT_EQ(Q(""), "");
  EXPECT_EQ(Q("   "), "");
  EXPECT_EQ(Q("café"), "(\"café\")");
  EXPECT_EQ(Q("velo electrique"), "(\"velo\" \"electrique\")");
  EXPECT_EQ(Q("\"rappel produit\" batterie"), "(\"rappel produit\" \"batterie\")");
  EXPECT_EQ(Q("écolo*"), "(\"écolo\"*)");
}

TEST(FtsQueryTest, OrAndExclusions) {
  EXPECT_EQ(Q("velora OR cyclon"), "(\"velora\" OR \"cyclon\")");
  EXPECT_EQ(Q("OR velora"), "(\"velora\")");  // a leading OR has nothing to join
  EXPECT_EQ(Q("velora -promo -\"code promo\""), "(\"velora\") NOT \"promo\" NOT \"code promo\"");
}

TEST(FtsQueryTest, HostileInputStaysInsideQuotes) {
  EXPECT_EQ(Q("a\"b"), "(\"a\" \"b\")");
  EXPECT_EQ(Q("NEAR(a b) x:y ^z"), "(\"NEAR(a\" \"b)\" \"x:y\" \"^z\")");
  EXPECT_EQ(Q("\"unterminated phrase"), "(\"unterminated phrase\")");
  EXPECT_EQ(Q("*"), "(\"*\")");
  // Found by fuzz_fts_query: FTS5 stops at a NUL byte, leaving a phrase unterminated.
  EXPECT_EQ(Q(std::string_view("\"rappel p\x1e\0\0\0* OR x", 19)), "(\"rappel p    * OR x\")");
  EXPECT_EQ(Q(std::string_view("caf\0e", 5)), "(\"caf\" \"e\")");
}

TEST(FtsQueryTest, RejectsOnlyExclusionsAndHugeInput) {
  EXPECT_FALSE(ToFtsQuery("-promo"));
  EXPECT_FALSE(ToFtsQuery(std::string(2000, 'a')));
}

}  // namespace
}  // namespace tribu::sqlite
