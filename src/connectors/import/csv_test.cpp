#include "connectors/import/csv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tribu::import {
namespace {

std::vector<CsvRecord> ReadAll(const std::string& text, std::size_t max = 1 << 20) {
  std::istringstream in(text);
  LineReader lines(in, max);
  CsvReader csv(lines, max);
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (*csv.Next(r)) out.push_back(r);
  return out;
}

using Fields = std::vector<std::string>;

TEST(CsvTest, ReadsQuotedFieldsAcrossLines) {
  auto recs = ReadAll("a,b,c\r\n1,\"x, y\",\"he said \"\"hi\"\"\"\n2,\"line one\nline two\",z\n");
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(recs[1].fields, (Fields{"1", "x, y", "he said \"hi\""}));
  EXPECT_EQ(recs[2].fields, (Fields{"2", "line one\nline two", "z"}));
  EXPECT_EQ(recs[2].line, 3);
}

TEST(CsvTest, DetectsSemicolonAndTabAndSkipsBom) {
  auto semi = ReadAll("\xEF\xBB\xBFtexte;date\n\"Bonjour, monde\";2026-03-01\n");
  ASSERT_EQ(semi.size(), 2u);
  EXPECT_EQ(semi[0].fields, (Fields{"texte", "date"}));
  EXPECT_EQ(semi[1].fields, (Fields{"Bonjour, monde", "2026-03-01"}));
  auto tab = ReadAll("a\tb\n1\t2,3\n");
  EXPECT_EQ(tab[1].fields, (Fields{"1", "2,3"}));
}

TEST(CsvTest, KeepsEmptyFieldsAndSkipsBlankLines) {
  auto recs = ReadAll("a,b,c\n\n,,\n1,,3\n");
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[1].fields, (Fields{"", "", ""}));
  EXPECT_EQ(recs[2].fields, (Fields{"1", "", "3"}));
  EXPECT_EQ(recs[2].line, 4);
}

TEST(CsvTest, ReportsAnUnterminatedQuote) {
  auto recs = ReadAll("a,b\n1,\"never closed\n2,3\n");
  ASSERT_EQ(recs.size(), 2u);
  ASSERT_TRUE(recs[1].error.has_value());
  EXPECT_NE(recs[1].error->find("line 2"), std::string::npos);
}

TEST(CsvTest, BoundsRecordSizeAndResynchronises) {
  std::string big(5000, 'x');
  auto recs = ReadAll("a,b\n" + big + ",1\n" + "ok,2\n", 1000);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_TRUE(recs[1].error.has_value());
  EXPECT_FALSE(recs[2].error.has_value());
  EXPECT_EQ(recs[2].fields, (Fields{"ok", "2"}));
  EXPECT_EQ(recs[2].line, 3);
}

}  // namespace
}  // namespace tribu::import
