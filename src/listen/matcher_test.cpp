#include "tribu/listen/matcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace tribu::listen {
namespace {

class MatcherTest : public ::testing::Test {
 protected:
  std::vector<TopicId> Match(const TopicSet& set, std::string_view text, PostFacts facts = {}) {
    tokenizer_.Tokenize(text, &tokens_);
    std::vector<TopicId> out;
    set.Match(tokens_, facts, &scratch_, &out);
    return out;
  }

  text::Folder folder_;
  text::Tokenizer tokenizer_{folder_};
  text::TokenizedText tokens_;
  MatchScratch scratch_;
};

TEST_F(MatcherTest, ManyTopicsOnlyTheRightOnesMatch) {
  std::vector<TopicQuery> topics;
  for (int i = 0; i < 2000; ++i) {
    topics.push_back({TopicId{i + 1}, WorkspaceId{1 + i % 3},
                      "brand" + std::to_string(i) + " AND (vélo OR bike) -spam"});
  }
  CompileReport report;
  auto set = TopicSet::Compile(topics, tokenizer_, &report);
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_EQ(report.topics, 2000u);
  EXPECT_EQ(report.unanchored, 0u);
  EXPECT_EQ(Match(**set, "Mon vélo Brand42 et brand1999 bike"),
            (std::vector<TopicId>{TopicId{43}, TopicId{2000}}));
  EXPECT_TRUE(Match(**set, "brand42 spam bike").empty());
  EXPECT_TRUE(Match(**set, "nothing to see").empty());
  PostFacts ws;
  ws.workspace = WorkspaceId{2};
  EXPECT_EQ(Match(**set, "vélo brand42 brand43", ws), (std::vector<TopicId>{TopicId{44}}));
}

TEST_F(MatcherTest, BadQueriesAreReportedAndTheOthersStillCompile) {
  CompileReport report;
  auto set = TopicSet::Compile({{TopicId{1}, WorkspaceId{1}, "velora ("},
                                {TopicId{2}, WorkspaceId{1}, "velora"},
                                {TopicId{3}, WorkspaceId{1}, "lang:fr"}},
                               tokenizer_, &report);
  ASSERT_TRUE(set.has_value());
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].first, TopicId{1});
  EXPECT_EQ(report.topics, 2u);
  EXPECT_EQ(report.unanchored, 1u);
  PostFacts fr;
  fr.lang = "fr";
  EXPECT_EQ(Match(**set, "velora", fr), (std::vector<TopicId>{TopicId{2}, TopicId{3}}));
}

TEST_F(MatcherTest, EmptySetMatchesNothing) {
  CompileReport report;
  auto set = TopicSet::Compile({}, tokenizer_, &report);
  ASSERT_TRUE(set.has_value());
  EXPECT_TRUE(Match(**set, "velora").empty());
}

TEST_F(MatcherTest, UpdatingTopicsDoesNotStopMatching) {
  Matcher matcher(tokenizer_);
  ASSERT_TRUE(matcher.Update({{TopicId{1}, WorkspaceId{1}, "velora"}}).has_value());
  std::atomic<bool> stop{false};
  std::atomic<int> matched{0};
  std::atomic<int> missed{0};
  std::thread reader([&] {
    text::TokenizedText tokens;
    MatchScratch scratch;
    std::vector<TopicId> out;
    tokenizer_.Tokenize("velora urban", &tokens);
    while (!stop) {
      auto set = matcher.Current();
      set->Match(tokens, {}, &scratch, &out);
      (out.empty() ? missed : matched)++;
    }
  });
  for (int i = 0; i < 20; ++i) {
    std::vector<TopicQuery> topics{{TopicId{1}, WorkspaceId{1}, "velora"}};
    for (int k = 0; k < 200; ++k)
      topics.push_back({TopicId{k + 2}, WorkspaceId{1}, "w" + std::to_string(i * 1000 + k)});
    ASSERT_TRUE(matcher.Update(topics).has_value());
  }
  stop = true;
  reader.join();
  EXPECT_GT(matched.load(), 0);
  EXPECT_EQ(missed.load(), 0);  // topic 1 was in force at every instant
  EXPECT_EQ(matcher.Current()->size(), 201u);
}

}  // namespace
}  // namespace tribu::listen
