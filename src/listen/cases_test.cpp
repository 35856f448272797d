// Runs the data-driven query cases in tests/listen/*.test (see the README there):
// each "match" or "nomatch" line is one case; each bug found becomes a new line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tribu/listen/matcher.h"

namespace tribu::listen {
namespace {

std::string Unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    if (c == 'n')
      out += '\n';
    else if (c == 't')
      out += '\t';
    else if (c == 'x' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else
      out += c;
  }
  return out;
}

struct Facts {
  std::string lang = "und", platform = "x", author = "@someone", country;
  text::SentimentLabel sentiment = text::SentimentLabel::kNeutral;
};

TEST(QueryCasesTest, EveryCaseFileHolds) {
  const text::Folder folder;
  const text::Tokenizer tokenizer(folder);
  int cases = 0;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator("tests/listen")) {
    if (entry.path().extension() != ".test") continue;
    ++files;
    std::ifstream in(entry.path());
    std::string line;
    int line_no = 0;
    std::string query;
    std::shared_ptr<const TopicSet> set;
    std::optional<QueryError> parse_error;
    Facts facts;
    MatchScratch scratch;
    text::TokenizedText tokens;
    std::vector<TopicId> out;
    while (std::getline(in, line)) {
      ++line_no;
      const std::string where = entry.path().filename().string() + ":" + std::to_string(line_no);
      if (line.empty() || line[0] == '#') continue;
      const std::size_t space = line.find(' ');
      const std::string verb = line.substr(0, space);
      const std::string rest = space == std::string::npos ? "" : Unescape(line.substr(space + 1));
      if (verb == "query") {
        query = rest;
        facts = Facts{};
        parse_error.reset();
        auto parsed = ParseQuery(query, tokenizer);
        if (!parsed) parse_error = parsed.error();
        CompileReport report;
        auto compiled =
            TopicSet::Compile({{TopicId{1}, WorkspaceId{1}, query}}, tokenizer, &report);
        ASSERT_TRUE(compiled.has_value()) << where;
        set = *compiled;
      } else if (verb == "with") {
        std::istringstream words(rest);
        std::string kv;
        while (words >> kv) {
          const std::size_t eq = kv.find('=');
          ASSERT_NE(eq, std::string::npos) << where << ": with key=value";
          const std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
          if (k == "lang")
            facts.lang = v;
          else if (k == "platform")
            facts.platform = v;
          else if (k == "author")
            facts.author = v;
          else if (k == "country")
            facts.country = v;
          else if (k == "sentiment")
            facts.sentiment = *text::ParseSentimentLabel(v);
          else
            FAIL() << where << ": unknown key " << k;
        }
      } else if (verb == "match" || verb == "nomatch") {
        ASSERT_FALSE(query.empty()) << where << ": no query before this line";
        ASSERT_FALSE(parse_error.has_value())
            << where << ": query '" << query
            << "' does not parse: " << parse_error->ToError().message;
        tokenizer.Tokenize(rest, &tokens);
        PostFacts pf{facts.lang, facts.platform, facts.author, facts.country, facts.sentiment, {}};
        set->Match(tokens, pf, &scratch, &out);
        EXPECT_EQ(!out.empty(), verb == "match")
            << where << ": query '" << query << "' " << (verb == "match" ? "should" : "should not")
            << " match '" << rest << "'";
        ++cases;
      } else if (verb == "error") {
        ASSERT_TRUE(parse_error.has_value())
            << where << ": query '" << query << "' should not parse";
        const std::string full = parse_error->ToError().message;
        EXPECT_NE(full.find(rest), std::string::npos)
            << where << ": error '" << full << "' should contain '" << rest << "'";
        ++cases;
      } else {
        FAIL() << where << ": unknown verb '" << verb << "'";
      }
    }
  }
  EXPECT_GE(files, 5);
  EXPECT_GE(cases, 150) << "the case files should hold at least 150 cases";
}

}  // namespace
}  // namespace tribu::listen
