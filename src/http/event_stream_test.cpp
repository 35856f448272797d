#include "http/event_stream.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "tribu/store/sqlite_store.h"

namespace tribu::http {
namespace {

class EventStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore({.path = dir_.File("t.db")}, clock_);
    ASSERT_TRUE(store);
    store_ = std::move(*store);
    ws_ = store_->CreateWorkspace({.slug = "velora", .name = "Velora"})->id;
    other_ = store_->CreateWorkspace({.slug = "other", .name = "Other"})->id;
    topic_ = store_->CreateTopic({.workspace_id = ws_, .name = "t", .query = "velora"})->id;
    other_topic_ = store_->CreateTopic({.workspace_id = other_, .name = "t", .query = "x"})->id;
  }
  Result<StreamFilter> Parse(std::initializer_list<std::pair<std::string, std::string>> params) {
    ApiRequest req;
    for (const auto& [k, v] : params) req.query.emplace(k, v);
    return ParseStreamFilter(*store_, req);
  }
  pipeline::PostStored Event(WorkspaceId ws, std::vector<TopicId> topics, bool is_new) {
    pipeline::PostStored e;
    e.is_new = is_new;
    e.post.workspace_id = ws;
    e.post.topics = std::move(topics);
    e.post.text = "line one\nline two";
    return e;
  }

  testing::TempDir dir_;
  ManualClock clock_{FromUnixMillis(1'795'000'000'000)};
  std::unique_ptr<Store> store_;
  WorkspaceId ws_, other_;
  TopicId topic_, other_topic_;
};

TEST_F(EventStreamTest, FiltersByWorkspaceTopicAndNewness) {
  auto f =
      Parse({{"workspace", "velora"}, {"topic", std::to_string(topic_.value)}, {"new", "true"}});
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_TRUE(StreamWants(*f, Event(ws_, {topic_}, true)));
  EXPECT_FALSE(StreamWants(*f, Event(ws_, {topic_}, false)));
  EXPECT_FALSE(StreamWants(*f, Event(ws_, {}, true)));
  EXPECT_FALSE(StreamWants(*f, Event(other_, {topic_}, true)));
  auto all = Parse({{"workspace", "velora"}});
  ASSERT_TRUE(all);
  EXPECT_TRUE(StreamWants(*all, Event(ws_, {}, false)));
}

TEST_F(EventStreamTest, RefusesVagueOrWrongFilters) {
  EXPECT_EQ(Parse({}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Parse({{"topic", "999"}}).error().code, ErrorCode::kNotFound);
  // A topic of another workspace is not found in this one.
  EXPECT_EQ(
      Parse({{"workspace", "velora"}, {"topic", std::to_string(other_topic_.value)}}).error().code,
      ErrorCode::kNotFound);
  EXPECT_EQ(Parse({{"workspace", "velora"}, {"new", "yes"}}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(Parse({{"workspace", "velora"}, {"topics", "1"}}).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(EventStreamTest, EventsKeepTheirDataOnOneLine) {
  const std::string e = SseEvent(7, Event(ws_, {topic_}, true));
  EXPECT_TRUE(e.starts_with("id: 7\nevent: post\ndata: {"));
  EXPECT_TRUE(e.ends_with("}\n\n"));
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 4);  // the text's line break is escaped
}

}  // namespace
}  // namespace tribu::http
